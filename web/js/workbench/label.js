/*
 * workbench/label.js: the `label` workbench. One item (text or image) at a
 * time; one button per declared label (number keys 1–9, 0 for the tenth);
 * previous / skip / next, "next unlabelled", clear; progress (已标注 12 / 60)
 * and a list of every item to jump to. The answer is {item_id: label}.
 */
import { h, replace, isTypingTarget } from '../dom.js';
import { t } from '../i18n.js';
import { labelsOf, labelName, keyHelp, plainKey, clone } from './common.js';

export function progress(task, answer) {
	const items = Array.isArray(task.items) ? task.items : [];
	const a = answer || {};
	return { done: items.filter((it) => a[String(it.id)] !== undefined && a[String(it.id)] !== null && a[String(it.id)] !== '').length, total: items.length };
}

export function create(ctx) {
	const { task } = ctx;
	const items = Array.isArray(task.items) ? task.items : [];
	const labels = labelsOf(task.params);
	const answer = (ctx.answer && typeof ctx.answer === 'object' && !Array.isArray(ctx.answer)) ? clone(ctx.answer) : {};
	const ui = ctx.ui;
	if (!ui.skipped || typeof ui.skipped !== 'object') ui.skipped = {};
	let index = Math.min(Math.max(0, Number(ui.index) || 0), Math.max(0, items.length - 1));
	let disabled = !!ctx.disabled;
	const autoNext = h('input', { type: 'checkbox', id: 'wb-label-auto', checked: ui.autoNext !== false });
	autoNext.addEventListener('change', () => {
		ui.autoNext = autoNext.checked;
		ctx.saveUi();
	});

	const progressText = h('p', { class: 'wb-progress' });
	const itemBox = h('div', { class: 'label-item', 'aria-live': 'polite' });
	const heading = h('h3', { class: 'label-item-title', id: 'wb-item-title', tabindex: '-1' });
	const current = h('p', { class: 'label-current' });
	const labelButtons = labels.map((l, i) => {
		const key = i < 9 ? String(i + 1) : (i === 9 ? '0' : null);
		return h('button', {
			type: 'button', class: 'btn label-btn', 'aria-pressed': 'false',
			'aria-keyshortcuts': key || null, 'data-value': l.value,
			onclick: () => setLabel(l.value),
		}, key ? h('kbd', { 'aria-hidden': 'true' }, key) : null, h('span', {}, l.name));
	});
	const prev = h('button', { type: 'button', class: 'btn', onclick: () => go(index - 1), 'aria-keyshortcuts': 'P' }, h('span', { 'aria-hidden': 'true' }, '‹ '), t('wb.prev_item'));
	const skip = h('button', { type: 'button', class: 'btn', onclick: () => skipItem(), 'aria-keyshortcuts': 'S' }, t('wb.skip'));
	const next = h('button', { type: 'button', class: 'btn', onclick: () => go(index + 1), 'aria-keyshortcuts': 'N' }, t('wb.next_item'), h('span', { 'aria-hidden': 'true' }, ' ›'));
	const nextOpen = h('button', { type: 'button', class: 'btn btn-ghost', onclick: () => goNextOpen(), 'aria-keyshortcuts': 'U' }, t('wb.next_open'));
	const clear = h('button', { type: 'button', class: 'btn btn-ghost', onclick: () => setLabel(null), 'aria-keyshortcuts': 'Delete' }, t('wb.clear_label'));
	const jumpList = h('ol', { class: 'jump-grid' });
	const jumpButtons = items.map((it, i) => {
		const b = h('button', { type: 'button', class: 'qbtn', onclick: () => go(i, { focusItem: true }) }, String(i + 1));
		jumpList.append(h('li', {}, b));
		return b;
	});

	function value(i) {
		const it = items[i];
		const v = it ? answer[String(it.id)] : undefined;
		return v === undefined || v === null || v === '' ? null : String(v);
	}

	function itemState(i) {
		const v = value(i);
		if (v !== null) return t('wb.labelled_as', { label: labelName(labels, v) });
		if (ui.skipped[String(items[i].id)]) return t('wb.skipped');
		return t('wb.unlabelled');
	}

	function drawItem() {
		const it = items[index];
		if (!it) {
			replace(itemBox, h('p', { class: 'empty' }, t('wb.no_items')));
			return;
		}
		heading.textContent = t('wb.item_of', { n: index + 1, total: items.length });
		const content = [];
		if (it.image) {
			content.push(h('img', {
				class: 'label-image', src: ctx.assetUrl(it.image), alt: it.alt ? String(it.alt) : t('wb.image_of', { n: index + 1 }),
			}));
		}
		if (it.text !== undefined && it.text !== null) content.push(h('p', { class: 'label-text' }, String(it.text)));
		replace(itemBox, content);
		ui.index = index;
		ctx.saveUi();
		refresh();
	}

	function refresh() {
		const v = value(index);
		labelButtons.forEach((b) => {
			const on = v !== null && b.dataset.value === v;
			b.setAttribute('aria-pressed', String(on));
			b.classList.toggle('on', on);
			b.disabled = disabled;
		});
		replace(current, h('span', { class: 'muted' }, t('wb.current_label')), ' ',
			v !== null ? h('strong', {}, `✓ ${labelName(labels, v)}`) : h('span', {}, itemState(index)));
		prev.disabled = index <= 0;
		next.disabled = index >= items.length - 1;
		skip.disabled = disabled || index >= items.length;
		clear.disabled = disabled || v === null;
		const p = progress(task, answer);
		progressText.textContent = t('wb.label_progress', { done: p.done, total: p.total });
		jumpButtons.forEach((b, i) => {
			const lv = value(i);
			b.classList.toggle('answered', lv !== null);
			b.classList.toggle('skipped', lv === null && !!ui.skipped[String(items[i].id)]);
			b.classList.toggle('current', i === index);
			b.setAttribute('aria-label', `${t('wb.item_n', { n: i + 1 })}${t('list.label_sep')}${itemState(i)}`);
			if (i === index) b.setAttribute('aria-current', 'step');
			else b.removeAttribute('aria-current');
		});
	}

	function go(i, { focusItem = false } = {}) {
		if (i < 0 || i >= items.length) return;
		index = i;
		drawItem();
		if (focusItem) heading.focus();
	}

	function goNextOpen() {
		for (let k = 1; k <= items.length; k++) {
			const i = (index + k) % items.length;
			if (value(i) === null) {
				go(i);
				return;
			}
		}
		ctx.announce(t('wb.all_labelled'));
	}

	function setLabel(v) {
		if (disabled || !items[index]) return;
		const id = String(items[index].id);
		if (v === null) delete answer[id];
		else {
			answer[id] = v;
			delete ui.skipped[id];
		}
		ctx.change(answer);
		if (v !== null) ctx.announce(t('wb.labelled_now', { n: index + 1, label: labelName(labels, v) }));
		if (v !== null && autoNext.checked && index < items.length - 1) go(index + 1);
		else refresh();
	}

	function skipItem() {
		if (disabled || !items[index]) return;
		const id = String(items[index].id);
		if (value(index) === null) ui.skipped[id] = true;
		ctx.saveUi();
		if (index < items.length - 1) go(index + 1);
		else refresh();
	}

	const element = h('div', { class: 'wb wb-label' },
		h('div', { class: 'wb-toolbar' }, progressText,
			h('span', { class: 'wb-check' }, autoNext, h('label', { for: 'wb-label-auto' }, t('wb.auto_next')))),
		h('div', { class: 'label-layout' },
			h('div', { class: 'label-main' },
				h('div', { class: 'label-card' }, heading, itemBox, current),
				h('div', { class: 'label-buttons', role: 'group', 'aria-label': t('wb.labels') }, labelButtons),
				h('div', { class: 'wb-nav' }, prev, skip, next, nextOpen, clear)),
			h('div', { class: 'label-side' },
				h('h3', { id: 'wb-jump-title' }, t('wb.item_list')),
				h('nav', { 'aria-labelledby': 'wb-jump-title' }, jumpList))),
		keyHelp([
			['1–9, 0', t('wb.key_label')],
			['N / → / PageDown', t('wb.key_next')],
			['P / ← / PageUp', t('wb.key_prev')],
			['S', t('wb.key_skip')],
			['U', t('wb.key_next_open')],
			['Delete / Backspace', t('wb.key_clear')],
		], t('keys.note')));
	drawItem();

	return {
		element,
		onKey(ev) {
			if (!plainKey(ev) || isTypingTarget(ev.target)) return false;
			const k = ev.key;
			if (/^[0-9]$/.test(k) && !ev.shiftKey) {
				const n = k === '0' ? 9 : Number(k) - 1;
				if (n < labels.length) setLabel(labels[n].value);
				return true;
			}
			const lower = k.length === 1 ? k.toLowerCase() : k;
			if (lower === 'n' || k === 'PageDown' || (k === 'ArrowRight' && !isButtonGroup(ev.target))) {
				go(index + 1);
				return true;
			}
			if (lower === 'p' || k === 'PageUp' || (k === 'ArrowLeft' && !isButtonGroup(ev.target))) {
				go(index - 1);
				return true;
			}
			if (lower === 's') {
				skipItem();
				return true;
			}
			if (lower === 'u') {
				goNextOpen();
				return true;
			}
			if (k === 'Delete' || k === 'Backspace') {
				setLabel(null);
				return true;
			}
			return false;
		},
		setDisabled(d) {
			disabled = d;
			refresh();
		},
		destroy() {},
	};
}

/* Arrow keys inside a radio group or a select belong to the browser. */
function isButtonGroup(el) {
	return el instanceof Element && (el.getAttribute('role') === 'radio' || el.tagName === 'SELECT');
}
