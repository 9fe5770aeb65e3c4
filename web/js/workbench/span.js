/*
 * workbench/span.js: the `span` workbench. One text at a time, drawn one
 * code point per element so offsets are Unicode code points (end
 * exclusive). Select with the mouse, or with the keyboard in the text
 * (← → move a caret, Shift+← → extend the selection, Home/End), then a
 * label key (1–9) or a label button tags it. Existing spans are highlighted
 * with their label and listed below the text, where they can be relabelled
 * or removed. The answer is {item_id: [{start, end, label}]}.
 */
import { h, replace, isTypingTarget } from '../dom.js';
import { t } from '../i18n.js';
import { labelsOf, labelName, keyHelp, plainKey, clone, codePoints } from './common.js';
import { select } from '../ui.js';

export function progress(task, answer) {
	const items = Array.isArray(task.items) ? task.items : [];
	const a = answer || {};
	return { done: items.filter((it) => Array.isArray(a[String(it.id)]) && a[String(it.id)].length > 0).length, total: items.length };
}

function sortSpans(list) {
	return list.sort((x, y) => x.start - y.start || x.end - y.end || String(x.label).localeCompare(String(y.label)));
}

export function create(ctx) {
	const { task } = ctx;
	const items = Array.isArray(task.items) ? task.items : [];
	const labels = labelsOf(task.params);
	const answer = (ctx.answer && typeof ctx.answer === 'object' && !Array.isArray(ctx.answer)) ? clone(ctx.answer) : {};
	const ui = ctx.ui;
	let index = Math.min(Math.max(0, Number(ui.index) || 0), Math.max(0, items.length - 1));
	let disabled = !!ctx.disabled;
	let chars = [];
	let caret = 0;
	let anchor = null; /* selection anchor; the selection is [min(anchor, caret), max(…)) when anchor !== null */
	let charEls = [];
	let announceTimer = null;

	const heading = h('h3', { class: 'label-item-title', id: 'wb-span-title', tabindex: '-1' });
	const textBox = h('div', {
		class: 'span-text', tabindex: '0', role: 'textbox', 'aria-readonly': 'true', 'aria-multiline': 'true',
		'aria-label': t('wb.span_text'), 'aria-describedby': 'wb-span-hint',
	});
	const selInfo = h('p', { class: 'span-selection', id: 'wb-span-sel' });
	const spanList = h('div', { class: 'span-list' });
	const progressText = h('p', { class: 'wb-progress' });
	const labelButtons = labels.map((l, i) => h('button', {
		type: 'button', class: 'btn label-btn', 'data-value': l.value, 'aria-keyshortcuts': i < 9 ? String(i + 1) : null,
		'aria-describedby': 'wb-span-sel',
		onmousedown: (ev) => ev.preventDefault(), /* keep the text's selection */
		onclick: () => tag(l.value),
	}, i < 9 ? h('kbd', { 'aria-hidden': 'true' }, String(i + 1)) : null, h('span', { class: `swatch sw-${i % 8}`, 'aria-hidden': 'true' }), h('span', {}, l.name)));
	const prev = h('button', { type: 'button', class: 'btn', onclick: () => go(index - 1) }, h('span', { 'aria-hidden': 'true' }, '‹ '), t('wb.prev_text'));
	const next = h('button', { type: 'button', class: 'btn', onclick: () => go(index + 1) }, t('wb.next_text'), h('span', { 'aria-hidden': 'true' }, ' ›'));
	const jumpList = h('ol', { class: 'jump-grid' });
	const jumpButtons = items.map((it, i) => {
		const b = h('button', { type: 'button', class: 'qbtn', onclick: () => go(i, { focusText: true }) }, String(i + 1));
		jumpList.append(h('li', {}, b));
		return b;
	});

	const spansOf = (i) => {
		const it = items[i];
		const v = it ? answer[String(it.id)] : null;
		return Array.isArray(v) ? v : [];
	};
	const labelIndex = (v) => Math.max(0, labels.findIndex((l) => l.value === v));
	const selection = () => (anchor === null || anchor === caret ? null : [Math.min(anchor, caret), Math.max(anchor, caret)]);
	const slice = (a, b) => chars.slice(a, b).join('');

	function drawText() {
		const it = items[index];
		chars = codePoints(it ? it.text : '');
		caret = Math.min(caret, chars.length);
		const spans = spansOf(index);
		const ends = new Map();
		spans.forEach((sp) => {
			if (!ends.has(sp.end)) ends.set(sp.end, []);
			ends.get(sp.end).push(sp);
		});
		charEls = [];
		const nodes = [];
		chars.forEach((ch, i) => {
			const cover = spans.filter((sp) => sp.start <= i && i < sp.end);
			const cls = ['ch'];
			if (cover.length) cls.push('hl', `sw-${labelIndex(cover[0].label) % 8}`);
			if (cover.length > 1) cls.push('hl-multi');
			if (cover.some((sp) => sp.start === i)) cls.push('hl-start');
			const el = h('span', { class: cls.join(' '), 'data-i': String(i) }, ch === '\n' ? '\n' : ch);
			charEls.push(el);
			nodes.push(el);
			(ends.get(i + 1) || []).forEach((sp) => nodes.push(h('span', { class: `span-tag sw-${labelIndex(sp.label) % 8}`, 'aria-hidden': 'true' }, labelName(labels, sp.label))));
		});
		nodes.push(h('span', { class: 'ch ch-end', 'data-i': String(chars.length) }, '\u200b'));
		charEls.push(nodes[nodes.length - 1]);
		replace(textBox, nodes);
		drawMarks();
		drawList();
		heading.textContent = t('wb.text_of', { n: index + 1, total: items.length });
		prev.disabled = index <= 0;
		next.disabled = index >= items.length - 1;
		const p = progress(task, answer);
		progressText.textContent = t('wb.span_progress', { done: p.done, total: p.total });
		jumpButtons.forEach((b, i) => {
			const n = spansOf(i).length;
			b.classList.toggle('answered', n > 0);
			b.classList.toggle('current', i === index);
			b.setAttribute('aria-label', `${t('wb.text_n', { n: i + 1 })}${t('list.label_sep')}${t('wb.span_count', { n })}`);
			if (i === index) b.setAttribute('aria-current', 'step');
			else b.removeAttribute('aria-current');
		});
		labelButtons.forEach((b) => {
			b.disabled = disabled;
		});
	}

	/* Caret and selection marks only (no redraw of the text). */
	function drawMarks() {
		const sel = selection();
		charEls.forEach((el, i) => {
			el.classList.toggle('sel', !!sel && i >= sel[0] && i < sel[1]);
			el.classList.toggle('caret', i === caret);
		});
		if (sel) {
			replace(selInfo, t('wb.selected', { text: slice(sel[0], sel[1]), start: sel[0], end: sel[1] }));
		} else {
			replace(selInfo, t('wb.no_selection', { pos: caret }));
		}
	}

	function announceSelection() {
		clearTimeout(announceTimer);
		announceTimer = setTimeout(() => ctx.announce(selInfo.textContent), 350);
	}

	function drawList() {
		const spans = spansOf(index);
		if (!spans.length) {
			replace(spanList, h('p', { class: 'muted' }, t('wb.no_spans')));
			return;
		}
		replace(spanList, h('div', { class: 'table-wrap' }, h('table', { class: 'table compact' },
			h('caption', {}, t('wb.spans_caption', { n: spans.length })),
			h('thead', {}, h('tr', {}, ['span_text_col', 'span_pos', 'span_label', 'span_actions'].map((c) => h('th', { scope: 'col' }, t(`wb.${c}`))))),
			h('tbody', {}, spans.map((sp, k) => {
				const text = slice(sp.start, sp.end);
				const sel = select(labels.map((l) => [l.value, l.name]), sp.label, {
					disabled, 'aria-label': t('wb.span_label_of', { text }),
				});
				sel.addEventListener('change', () => relabel(k, sel.value));
				return h('tr', {},
					h('th', { scope: 'row' }, h('button', {
						type: 'button', class: 'link-btn', onclick: () => selectRange(sp.start, sp.end),
						'aria-label': t('wb.span_select', { text }),
					}, h('span', { class: `swatch sw-${labelIndex(sp.label) % 8}`, 'aria-hidden': 'true' }), text)),
					h('td', { class: 'num' }, `${sp.start}–${sp.end}`),
					h('td', {}, sel),
					h('td', {}, h('button', {
						type: 'button', class: 'btn btn-small', disabled,
						'aria-label': t('wb.span_remove', { text, label: labelName(labels, sp.label) }),
						onclick: () => removeAt(k),
					}, t('wb.remove'))));
			})))));
	}

	function save(spans) {
		const id = String(items[index].id);
		if (spans.length) answer[id] = sortSpans(spans);
		else delete answer[id];
		ctx.change(answer);
		drawText();
	}

	function tag(value) {
		if (disabled || !items[index]) return;
		const sel = selection();
		if (!sel) {
			ctx.announce(t('wb.select_first'));
			textBox.focus();
			return;
		}
		const spans = spansOf(index).slice();
		const same = spans.findIndex((sp) => sp.start === sel[0] && sp.end === sel[1]);
		if (same >= 0 && spans[same].label === value) {
			ctx.announce(t('wb.span_exists'));
			return;
		}
		if (same >= 0) spans[same] = { ...spans[same], label: value };
		else spans.push({ start: sel[0], end: sel[1], label: value });
		anchor = null;
		caret = sel[1];
		save(spans);
		ctx.announce(t('wb.tagged', { text: slice(sel[0], sel[1]), label: labelName(labels, value) }));
		textBox.focus();
	}

	function relabel(k, value) {
		const spans = spansOf(index).slice();
		spans[k] = { ...spans[k], label: value };
		save(spans);
	}

	function removeAt(k) {
		if (disabled) return;
		const spans = spansOf(index).slice();
		const [sp] = spans.splice(k, 1);
		save(spans);
		ctx.announce(t('wb.span_removed', { text: slice(sp.start, sp.end) }));
		const again = spanList.querySelector('tbody tr:nth-child(' + Math.min(k + 1, spans.length) + ') td:last-child button');
		(again || textBox).focus();
	}

	/* Delete: the span equal to the selection, else the innermost one at the caret. */
	function removeHere() {
		const spans = spansOf(index);
		const sel = selection();
		let k = sel ? spans.findIndex((sp) => sp.start === sel[0] && sp.end === sel[1]) : -1;
		if (k < 0) {
			let best = -1;
			spans.forEach((sp, j) => {
				if (sp.start <= caret && caret < sp.end && (best < 0 || sp.end - sp.start < spans[best].end - spans[best].start)) best = j;
			});
			k = best;
		}
		if (k < 0) {
			ctx.announce(t('wb.no_span_here'));
			return;
		}
		const [sp] = spans.slice(k, k + 1);
		const rest = spans.slice();
		rest.splice(k, 1);
		save(rest);
		ctx.announce(t('wb.span_removed', { text: slice(sp.start, sp.end) }));
		textBox.focus();
	}

	function selectRange(a, b) {
		anchor = a;
		caret = b;
		drawMarks();
		textBox.focus();
		announceSelection();
	}

	function go(i, { focusText = false } = {}) {
		if (i < 0 || i >= items.length) return;
		index = i;
		caret = 0;
		anchor = null;
		ui.index = index;
		ctx.saveUi();
		drawText();
		if (focusText) textBox.focus();
	}

	/* Index of the character a DOM point falls in, and whether it is at that character's end. */
	function charAt(node, offset) {
		const el = (node.nodeType === Node.TEXT_NODE ? node.parentElement : node);
		const ch = el && el.closest ? el.closest('.ch') : null;
		if (ch && textBox.contains(ch)) {
			const i = Number(ch.dataset.i);
			const len = (ch.textContent || '').length;
			return node.nodeType === Node.TEXT_NODE && offset >= len && len > 0 ? i + 1 : i;
		}
		if (node === textBox) {
			const child = textBox.childNodes[offset];
			if (child && child.dataset && child.dataset.i !== undefined) return Number(child.dataset.i);
			return chars.length;
		}
		/* a label tag: the position right after the span it closes */
		const tagEl = el && el.closest ? el.closest('.span-tag') : null;
		if (tagEl) {
			let p = tagEl.previousSibling;
			while (p && !(p.dataset && p.dataset.i !== undefined)) p = p.previousSibling;
			return p ? Number(p.dataset.i) + 1 : 0;
		}
		return null;
	}

	textBox.addEventListener('mouseup', () => {
		const s = window.getSelection();
		if (!s || s.rangeCount === 0) return;
		const r = s.getRangeAt(0);
		if (!textBox.contains(r.startContainer) || !textBox.contains(r.endContainer)) return;
		const a = charAt(r.startContainer, r.startOffset);
		const b = charAt(r.endContainer, r.endOffset);
		if (a === null || b === null) return;
		if (r.collapsed || a === b) {
			/* a click: put the caret there; on a highlighted span, select that span */
			const pos = Math.min(a, chars.length);
			const hit = spansOf(index).filter((sp) => sp.start <= pos && pos < sp.end)
				.sort((x, y) => (x.end - x.start) - (y.end - y.start))[0];
			s.removeAllRanges();
			if (hit) selectRange(hit.start, hit.end);
			else {
				anchor = null;
				caret = pos;
				drawMarks();
			}
			return;
		}
		s.removeAllRanges();
		selectRange(Math.min(a, b), Math.min(Math.max(a, b), chars.length));
	});

	textBox.addEventListener('keydown', (ev) => {
		if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
		const n = chars.length;
		let to = null;
		if (ev.key === 'ArrowLeft') to = caret - 1;
		else if (ev.key === 'ArrowRight') to = caret + 1;
		else if (ev.key === 'Home') to = 0;
		else if (ev.key === 'End') to = n;
		else if (ev.key === 'ArrowUp' || ev.key === 'ArrowDown') to = caret + (ev.key === 'ArrowUp' ? -20 : 20);
		else if (ev.key === 'Escape') {
			if (anchor !== null) {
				anchor = null;
				drawMarks();
				announceSelection();
				ev.preventDefault();
				ev.stopPropagation();
			}
			return;
		}
		if (to === null) return;
		ev.preventDefault();
		ev.stopPropagation();
		to = Math.max(0, Math.min(n, to));
		if (ev.shiftKey) {
			if (anchor === null) anchor = caret;
		} else {
			anchor = null;
		}
		caret = to;
		drawMarks();
		const el = charEls[caret];
		if (el && el.scrollIntoView) el.scrollIntoView({ block: 'nearest' });
		announceSelection();
	});

	const element = h('div', { class: 'wb wb-span' },
		h('div', { class: 'wb-toolbar' }, progressText),
		h('div', { class: 'label-layout' },
			h('div', { class: 'label-main' },
				h('div', { class: 'label-card' }, heading,
					h('p', { class: 'hint', id: 'wb-span-hint' }, t('wb.span_hint')),
					textBox, selInfo),
				h('div', { class: 'label-buttons', role: 'group', 'aria-label': t('wb.labels') }, labelButtons),
				spanList,
				h('div', { class: 'wb-nav' }, prev, next)),
			h('div', { class: 'label-side' },
				h('h3', { id: 'wb-jump-title' }, t('wb.text_list')),
				h('nav', { 'aria-labelledby': 'wb-jump-title' }, jumpList))),
		keyHelp([
			['← →', t('wb.key_caret')],
			['Shift+← →', t('wb.key_extend')],
			['↑ ↓', t('wb.key_caret_line')],
			['Home / End', t('wb.key_home_end')],
			['1–9', t('wb.key_tag')],
			['Delete / Backspace', t('wb.key_span_delete')],
			['Esc', t('wb.key_unselect')],
			['PageDown / N', t('wb.key_next_text')],
			['PageUp / P', t('wb.key_prev_text')],
		], t('wb.span_keys_note')));
	drawText();

	return {
		element,
		onKey(ev) {
			if (!plainKey(ev) || isTypingTarget(ev.target)) return false;
			const k = ev.key;
			if (/^[1-9]$/.test(k)) {
				const i = Number(k) - 1;
				if (i < labels.length) tag(labels[i].value);
				return true;
			}
			if (k === 'Delete' || k === 'Backspace') {
				if (!disabled) removeHere();
				return true;
			}
			const lower = k.length === 1 ? k.toLowerCase() : k;
			if (k === 'PageDown' || lower === 'n') {
				go(index + 1);
				return true;
			}
			if (k === 'PageUp' || lower === 'p') {
				go(index - 1);
				return true;
			}
			return false;
		},
		setDisabled(d) {
			disabled = d;
			drawText();
		},
		destroy() {
			clearTimeout(announceTimer);
		},
	};
}
