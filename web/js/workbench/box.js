/*
 * workbench/box.js: the `box` workbench. One image at a time in an SVG whose
 * user units are image pixels, zoomable (放大 / 缩小 / 适合窗口, keys + − 0).
 * Drag on the image to draw a rectangle; drag a rectangle to move it; drag
 * one of its eight handles to resize it. Each rectangle is a focusable
 * element (Tab cycles them); with one selected, arrow keys move it (Shift:
 * 10 px), Ctrl+arrows resize it, 1–9 set its label, Delete removes it. A
 * table beside the image lists every rectangle with labelled x, y, 宽, 高
 * fields, its label and a delete button. The answer is
 * {image_id: [{x, y, w, h, label}]} in image pixels (continuous).
 */
import { h, s, replace, isTypingTarget } from '../dom.js';
import { t, fmtNum } from '../i18n.js';
import { labelsOf, labelName, keyHelp, clone, clamp } from './common.js';
import { select } from '../ui.js';

const HANDLES = ['nw', 'n', 'ne', 'e', 'se', 's', 'sw', 'w'];
const MIN_SIZE = 2;

export function progress(task, answer) {
	const items = Array.isArray(task.items) ? task.items : [];
	const a = answer || {};
	return { done: items.filter((it) => Array.isArray(a[String(it.id)]) && a[String(it.id)].length > 0).length, total: items.length };
}

const round1 = (v) => Math.round(v * 10) / 10;

export function create(ctx) {
	const { task } = ctx;
	const items = Array.isArray(task.items) ? task.items : [];
	const labels = labelsOf(task.params);
	const answer = (ctx.answer && typeof ctx.answer === 'object' && !Array.isArray(ctx.answer)) ? clone(ctx.answer) : {};
	const ui = ctx.ui;
	let index = Math.min(Math.max(0, Number(ui.index) || 0), Math.max(0, items.length - 1));
	let disabled = !!ctx.disabled;
	let zoom = Number(ui.zoom) > 0 ? Number(ui.zoom) : null; /* null: fit once the stage has a size */
	let selected = -1;
	let drag = null;
	let dims = { w: 0, h: 0 };
	let destroyed = false;

	const heading = h('h3', { class: 'label-item-title', id: 'wb-box-title', tabindex: '-1' });
	const progressText = h('p', { class: 'wb-progress' });
	const zoomText = h('span', { class: 'zoom-text', 'aria-live': 'polite' });
	const newLabel = select(labels.map((l) => [l.value, l.name]), ui.newLabel || (labels[0] && labels[0].value), { id: 'wb-box-newlabel' });
	newLabel.addEventListener('change', () => {
		ui.newLabel = newLabel.value;
		ctx.saveUi();
	});
	const btn = (text, onclick, attrs = {}) => h('button', { type: 'button', class: 'btn btn-small', onclick, ...attrs }, text);
	const zoomOut = btn('−', () => setZoom((zoom || 1) / 1.25), { 'aria-label': t('wb.zoom_out'), 'aria-keyshortcuts': '-' });
	const zoomIn = btn('+', () => setZoom((zoom || 1) * 1.25), { 'aria-label': t('wb.zoom_in'), 'aria-keyshortcuts': '+' });
	const zoomFit = btn(t('wb.zoom_fit'), () => fit(), { 'aria-keyshortcuts': '0' });
	const addBox = btn(t('wb.box_new'), () => newBox(), { 'aria-keyshortcuts': 'B' });
	const delBox = btn(t('wb.box_delete'), () => removeBox(selected), { 'aria-keyshortcuts': 'Delete' });
	const prev = h('button', { type: 'button', class: 'btn', onclick: () => go(index - 1) }, h('span', { 'aria-hidden': 'true' }, '‹ '), t('wb.prev_image'));
	const next = h('button', { type: 'button', class: 'btn', onclick: () => go(index + 1) }, t('wb.next_image'), h('span', { 'aria-hidden': 'true' }, ' ›'));
	const svg = s('svg', { class: 'box-svg', role: 'group' });
	const stage = h('div', { class: 'box-stage' }, svg);
	const boxTable = h('div', { class: 'box-table' });
	const jumpList = h('ol', { class: 'jump-grid' });
	const jumpButtons = items.map((it, i) => {
		const b = h('button', { type: 'button', class: 'qbtn', onclick: () => go(i) }, String(i + 1));
		jumpList.append(h('li', {}, b));
		return b;
	});

	const boxesOf = (i) => {
		const it = items[i];
		const v = it ? answer[String(it.id)] : null;
		return Array.isArray(v) ? v : [];
	};
	const boxes = () => boxesOf(index);
	const labelIndex = (v) => Math.max(0, labels.findIndex((l) => l.value === v));
	const boxName = (b, k) => t('wb.box_name', {
		n: k + 1, label: labelName(labels, b.label), x: fmtNum(b.x, 1), y: fmtNum(b.y, 1), w: fmtNum(b.w, 1), h: fmtNum(b.h, 1),
	});

	function commit(list) {
		const id = String(items[index].id);
		if (list.length) answer[id] = list.map((b) => ({ x: round1(b.x), y: round1(b.y), w: round1(b.w), h: round1(b.h), label: b.label }));
		else delete answer[id];
		ctx.change(answer);
	}

	function setItemDims() {
		const it = items[index] || {};
		dims = { w: Number(it.width) || 0, h: Number(it.height) || 0 };
		if ((!dims.w || !dims.h) && it.image) {
			const img = new Image();
			img.onload = () => {
				if (destroyed || items[index] !== it) return;
				dims = { w: img.naturalWidth, h: img.naturalHeight };
				if (zoom === null) fit();
				else drawSvg();
			};
			img.src = ctx.assetUrl(it.image);
			dims = { w: dims.w || 320, h: dims.h || 240 };
		}
	}

	/* Rebuilds the SVG; refocuses the selected box when focus was on a box. */
	function drawSvg({ focus = false } = {}) {
		const it = items[index];
		if (!it) {
			replace(svg);
			return;
		}
		const hadFocus = focus || (document.activeElement && svg.contains(document.activeElement));
		const z = zoom || 1;
		svg.setAttribute('viewBox', `0 0 ${dims.w} ${dims.h}`);
		svg.setAttribute('width', String(Math.round(dims.w * z)));
		svg.setAttribute('height', String(Math.round(dims.h * z)));
		svg.setAttribute('aria-label', t('wb.image_of', { n: index + 1 }));
		const hs = 8 / z;
		const list = boxes();
		const nodes = [s('image', { href: ctx.assetUrl(it.image), x: 0, y: 0, width: dims.w, height: dims.h, preserveAspectRatio: 'none', class: 'box-image' })];
		list.forEach((b, k) => {
			const sw = labelIndex(b.label) % 8;
			const g = s('g', {
				class: `bbox sw-${sw}${k === selected ? ' selected' : ''}`, tabindex: disabled ? null : '0', role: 'button',
				'aria-pressed': String(k === selected), 'aria-label': boxName(b, k), 'data-k': String(k),
			},
			s('rect', { x: b.x, y: b.y, width: b.w, height: b.h, class: 'bbox-rect', 'stroke-width': 2 / z }),
			s('text', { x: b.x + 2 / z, y: Math.max(b.y - 4 / z, 11 / z), class: 'bbox-label', 'font-size': 12 / z, 'stroke-width': 3 / z }, `${k + 1} ${labelName(labels, b.label)}`));
			if (k === selected && !disabled) {
				handlePoints(b).forEach(([name, x, y]) => g.appendChild(s('rect', {
					x: x - hs / 2, y: y - hs / 2, width: hs, height: hs, class: `handle handle-${name}`, 'data-handle': name, 'stroke-width': 1 / z,
				})));
			}
			g.addEventListener('focus', () => {
				if (selected !== k && !drag) {
					selected = k;
					drawSvg({ focus: true });
					drawTable();
				}
			});
			nodes.push(g);
		});
		if (drag && drag.mode === 'draw' && drag.box) {
			const b = drag.box;
			nodes.push(s('rect', { x: b.x, y: b.y, width: b.w, height: b.h, class: 'bbox-draft', 'stroke-width': 2 / z }));
		}
		replace(svg, nodes);
		zoomText.textContent = `${Math.round(z * 100)}%`;
		if (hadFocus) {
			const g = svg.querySelector(`g[data-k="${selected}"]`);
			if (g) g.focus({ preventScroll: true });
			else stage.focus({ preventScroll: true });
		}
	}

	function handlePoints(b) {
		const cx = b.x + b.w / 2;
		const cy = b.y + b.h / 2;
		return [['nw', b.x, b.y], ['n', cx, b.y], ['ne', b.x + b.w, b.y], ['e', b.x + b.w, cy],
			['se', b.x + b.w, b.y + b.h], ['s', cx, b.y + b.h], ['sw', b.x, b.y + b.h], ['w', b.x, cy]];
	}

	function drawTable() {
		const list = boxes();
		delBox.disabled = disabled || selected < 0;
		addBox.disabled = disabled || !labels.length;
		if (!list.length) {
			replace(boxTable, h('p', { class: 'muted' }, t('wb.no_boxes')));
			return;
		}
		replace(boxTable, h('div', { class: 'table-wrap' }, h('table', { class: 'table compact' },
			h('caption', {}, t('wb.boxes_caption', { n: list.length })),
			h('thead', {}, h('tr', {}, ['#', t('wb.box_label'), 'x', 'y', t('wb.box_w'), t('wb.box_h'), ''].map((c) => h('th', { scope: 'col' }, c)))),
			h('tbody', {}, list.map((b, k) => {
				const num = (key, name) => {
					const input = h('input', {
						type: 'number', step: '1', min: '0', value: String(b[key]), disabled, class: 'box-num',
						'aria-label': t('wb.box_field', { n: k + 1, field: name }),
					});
					input.addEventListener('change', () => {
						const v = Number(input.value);
						if (!Number.isFinite(v)) return;
						const cur = boxes().slice();
						cur[k] = normalise({ ...cur[k], [key]: v });
						selected = k;
						commit(cur);
						drawSvg();
						drawTable();
						refreshNav();
					});
					return input;
				};
				const lab = select(labels.map((l) => [l.value, l.name]), b.label, { disabled, 'aria-label': t('wb.box_label_of', { n: k + 1 }) });
				lab.addEventListener('change', () => setLabel(k, lab.value));
				return h('tr', { class: k === selected ? 'selected' : null },
					h('th', { scope: 'row' }, h('button', {
						type: 'button', class: 'link-btn', 'aria-label': t('wb.box_select', { n: k + 1 }),
						onclick: () => selectBox(k, true),
					}, h('span', { class: `swatch sw-${labelIndex(b.label) % 8}`, 'aria-hidden': 'true' }), String(k + 1))),
					h('td', {}, lab),
					h('td', {}, num('x', 'x')), h('td', {}, num('y', 'y')),
					h('td', {}, num('w', t('wb.box_w'))), h('td', {}, num('h', t('wb.box_h'))),
					h('td', {}, h('button', {
						type: 'button', class: 'btn btn-small', disabled, 'aria-label': t('wb.box_delete_n', { n: k + 1 }),
						onclick: () => removeBox(k),
					}, t('wb.remove'))));
			})))));
	}

	function refreshNav() {
		heading.textContent = t('wb.image_title', { n: index + 1, total: items.length });
		prev.disabled = index <= 0;
		next.disabled = index >= items.length - 1;
		const p = progress(task, answer);
		progressText.textContent = t('wb.box_progress', { done: p.done, total: p.total });
		jumpButtons.forEach((b, i) => {
			const n = boxesOf(i).length;
			b.classList.toggle('answered', n > 0);
			b.classList.toggle('current', i === index);
			b.setAttribute('aria-label', `${t('wb.image_n', { n: i + 1 })}${t('list.label_sep')}${t('wb.box_count', { n })}`);
			if (i === index) b.setAttribute('aria-current', 'step');
			else b.removeAttribute('aria-current');
		});
	}

	function normalise(b) {
		let { x, y, w, h: hh } = b;
		if (w < 0) {
			x += w;
			w = -w;
		}
		if (hh < 0) {
			y += hh;
			hh = -hh;
		}
		x = clamp(x, 0, dims.w);
		y = clamp(y, 0, dims.h);
		w = clamp(w, MIN_SIZE, Math.max(MIN_SIZE, dims.w - x));
		hh = clamp(hh, MIN_SIZE, Math.max(MIN_SIZE, dims.h - y));
		if (x + w > dims.w) x = Math.max(0, dims.w - w);
		if (y + hh > dims.h) y = Math.max(0, dims.h - hh);
		return { ...b, x, y, w, h: hh };
	}

	function selectBox(k, focus) {
		selected = k;
		drawSvg({ focus });
		drawTable();
	}

	function setLabel(k, value) {
		if (disabled || k < 0) return;
		const cur = boxes().slice();
		if (!cur[k]) return;
		cur[k] = { ...cur[k], label: value };
		commit(cur);
		drawSvg();
		drawTable();
		ctx.announce(t('wb.box_labelled', { n: k + 1, label: labelName(labels, value) }));
	}

	function newBox() {
		if (disabled || !labels.length || !items[index]) return;
		const w = Math.max(MIN_SIZE, Math.round(dims.w / 5));
		const hh = Math.max(MIN_SIZE, Math.round(dims.h / 5));
		const cur = boxes().slice();
		cur.push(normalise({ x: Math.round((dims.w - w) / 2), y: Math.round((dims.h - hh) / 2), w, h: hh, label: newLabel.value }));
		selected = cur.length - 1;
		commit(cur);
		drawSvg({ focus: true });
		drawTable();
		refreshNav();
		ctx.announce(t('wb.box_added', { n: selected + 1 }));
	}

	function removeBox(k) {
		if (disabled || k < 0) return;
		const cur = boxes().slice();
		if (!cur[k]) return;
		cur.splice(k, 1);
		selected = cur.length ? Math.min(k, cur.length - 1) : -1;
		const hadFocus = document.activeElement && (svg.contains(document.activeElement) || document.activeElement === delBox);
		commit(cur);
		drawSvg({ focus: hadFocus && selected >= 0 });
		drawTable();
		refreshNav();
		if (hadFocus && selected < 0) stage.focus();
		ctx.announce(t('wb.box_removed', { n: k + 1 }));
	}

	function moveBy(dx, dy, resize) {
		if (disabled || selected < 0) return;
		const cur = boxes().slice();
		const b = cur[selected];
		cur[selected] = resize ? normalise({ ...b, w: Math.max(MIN_SIZE, b.w + dx), h: Math.max(MIN_SIZE, b.h + dy) })
			: normalise({ ...b, x: clamp(b.x + dx, 0, dims.w - b.w), y: clamp(b.y + dy, 0, dims.h - b.h) });
		commit(cur);
		drawSvg({ focus: true });
		drawTable();
	}

	function setZoom(z) {
		zoom = clamp(z, 0.1, 8);
		ui.zoom = zoom;
		ctx.saveUi();
		drawSvg();
	}

	function fit() {
		const width = stage.clientWidth - 4;
		if (width <= 0 || !dims.w) return;
		const maxH = Math.max(200, window.innerHeight * 0.65);
		zoom = clamp(Math.min(width / dims.w, maxH / dims.h), 0.1, 8);
		ui.zoom = null;
		ctx.saveUi();
		drawSvg();
		zoom = zoom || 1;
	}

	function go(i) {
		if (i < 0 || i >= items.length) return;
		index = i;
		selected = -1;
		ui.index = index;
		ctx.saveUi();
		setItemDims();
		if (ui.zoom) drawSvg();
		else fit();
		if (!zoom) drawSvg();
		drawTable();
		refreshNav();
	}

	/* ---- pointer ------------------------------------------------------------ */

	function point(ev) {
		const r = svg.getBoundingClientRect();
		return {
			x: clamp(((ev.clientX - r.left) / r.width) * dims.w, 0, dims.w),
			y: clamp(((ev.clientY - r.top) / r.height) * dims.h, 0, dims.h),
		};
	}

	svg.addEventListener('pointerdown', (ev) => {
		if (disabled || ev.button !== 0 || !items[index]) return;
		const p = point(ev);
		const target = ev.target instanceof Element ? ev.target : null;
		const handle = target && target.getAttribute('data-handle');
		const g = target && target.closest('g.bbox');
		ev.preventDefault();
		svg.setPointerCapture(ev.pointerId);
		if (g) {
			const k = Number(g.getAttribute('data-k'));
			const b = boxes()[k];
			selected = k;
			drag = handle ? { mode: 'resize', handle, k, start: { ...b }, p0: p } : { mode: 'move', k, start: { ...b }, p0: p };
			drawSvg({ focus: true });
			drawTable();
		} else {
			drag = { mode: 'draw', p0: p, box: null };
			selected = -1;
		}
	});

	svg.addEventListener('pointermove', (ev) => {
		if (!drag) return;
		const p = point(ev);
		const dx = p.x - drag.p0.x;
		const dy = p.y - drag.p0.y;
		if (drag.mode === 'draw') {
			drag.box = { x: Math.min(drag.p0.x, p.x), y: Math.min(drag.p0.y, p.y), w: Math.abs(dx), h: Math.abs(dy) };
			drawSvg();
			return;
		}
		const cur = boxes().slice();
		const b0 = drag.start;
		let b;
		if (drag.mode === 'move') {
			b = { ...b0, x: clamp(b0.x + dx, 0, dims.w - b0.w), y: clamp(b0.y + dy, 0, dims.h - b0.h) };
		} else {
			let x1 = b0.x;
			let y1 = b0.y;
			let x2 = b0.x + b0.w;
			let y2 = b0.y + b0.h;
			if (drag.handle.includes('w')) x1 = p.x;
			if (drag.handle.includes('e')) x2 = p.x;
			if (drag.handle.includes('n')) y1 = p.y;
			if (drag.handle.includes('s')) y2 = p.y;
			b = normalise({ ...b0, x: Math.min(x1, x2), y: Math.min(y1, y2), w: Math.abs(x2 - x1), h: Math.abs(y2 - y1) });
		}
		cur[drag.k] = b;
		/* shown at once, saved on release */
		answer[String(items[index].id)] = cur;
		drag.moved = true;
		drawSvg();
	});

	const endDrag = () => {
		if (!drag) return;
		const d = drag;
		drag = null;
		if (d.mode === 'draw') {
			if (d.box && d.box.w >= MIN_SIZE && d.box.h >= MIN_SIZE && labels.length) {
				const cur = boxes().slice();
				cur.push(normalise({ x: Math.round(d.box.x), y: Math.round(d.box.y), w: Math.round(d.box.w), h: Math.round(d.box.h), label: newLabel.value }));
				selected = cur.length - 1;
				commit(cur);
				ctx.announce(t('wb.box_added', { n: selected + 1 }));
				drawSvg({ focus: true });
			} else {
				drawSvg();
			}
		} else if (d.moved) {
			const cur = boxes().slice();
			cur[d.k] = { ...cur[d.k], x: Math.round(cur[d.k].x), y: Math.round(cur[d.k].y), w: Math.round(cur[d.k].w), h: Math.round(cur[d.k].h) };
			commit(cur);
			drawSvg({ focus: true });
		}
		drawTable();
		refreshNav();
	};
	svg.addEventListener('pointerup', endDrag);
	svg.addEventListener('pointercancel', endDrag);

	stage.setAttribute('tabindex', '0');
	stage.setAttribute('role', 'group');
	stage.setAttribute('aria-label', t('wb.box_stage'));
	stage.setAttribute('aria-describedby', 'wb-box-hint');

	function onStageKey(ev) {
		const k = ev.key;
		const step = ev.shiftKey ? 10 : 1;
		const arrows = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
		if (arrows[k] && selected >= 0 && !ev.altKey && !ev.metaKey) {
			moveBy(arrows[k][0], arrows[k][1], ev.ctrlKey);
			return true;
		}
		return false;
	}
	stage.addEventListener('keydown', (ev) => {
		if (onStageKey(ev)) {
			ev.preventDefault();
			ev.stopPropagation();
		}
	});

	const element = h('div', { class: 'wb wb-box' },
		h('div', { class: 'wb-toolbar' }, progressText,
			h('div', { class: 'box-tools', role: 'toolbar', 'aria-label': t('wb.box_tools') },
				h('span', { class: 'tool-group' }, zoomOut, zoomText, zoomIn, zoomFit),
				h('span', { class: 'tool-group' }, h('label', { for: 'wb-box-newlabel' }, t('wb.box_new_label')), newLabel, addBox, delBox))),
		h('div', { class: 'label-card' }, heading,
			h('p', { class: 'hint', id: 'wb-box-hint' }, t('wb.box_hint')),
			stage),
		h('div', { class: 'box-layout' },
			h('div', {}, boxTable, h('div', { class: 'wb-nav' }, prev, next)),
			h('div', { class: 'label-side' },
				h('h3', { id: 'wb-jump-title' }, t('wb.image_list')),
				h('nav', { 'aria-labelledby': 'wb-jump-title' }, jumpList))),
		keyHelp([
			[t('wb.mouse_drag'), t('wb.key_draw')],
			['Tab / Shift+Tab', t('wb.key_cycle')],
			['← → ↑ ↓', t('wb.key_nudge')],
			['Shift+← → ↑ ↓', t('wb.key_nudge10')],
			['Ctrl+← → ↑ ↓', t('wb.key_resize')],
			['1–9', t('wb.key_box_label')],
			['B', t('wb.key_box_new')],
			['Delete / Backspace', t('wb.key_box_delete')],
			['Esc', t('wb.key_box_unselect')],
			['+ / − / 0', t('wb.key_zoom')],
			['PageDown / N', t('wb.key_next_image')],
			['PageUp / P', t('wb.key_prev_image')],
		], t('keys.note')));

	setItemDims();
	drawSvg();
	drawTable();
	refreshNav();
	/* fit to the stage once it is in the page and has a width */
	const raf = requestAnimationFrame(() => {
		if (destroyed) return;
		if (zoom === null) fit();
		if (!zoom) {
			zoom = 1;
			drawSvg();
		}
	});

	return {
		element,
		onKey(ev) {
			if (ev.metaKey || ev.altKey || isTypingTarget(ev.target)) return false;
			if (ev.ctrlKey) return false;
			const k = ev.key;
			if (/^[1-9]$/.test(k)) {
				const i = Number(k) - 1;
				if (i < labels.length) {
					if (selected >= 0) setLabel(selected, labels[i].value);
					else {
						newLabel.value = labels[i].value;
						ui.newLabel = newLabel.value;
						ctx.saveUi();
						ctx.announce(t('wb.box_new_label_now', { label: labels[i].name }));
					}
				}
				return true;
			}
			if (k === 'Delete' || k === 'Backspace') {
				removeBox(selected);
				return true;
			}
			if (k === 'Escape' && selected >= 0) {
				selected = -1;
				drawSvg();
				drawTable();
				stage.focus();
				return true;
			}
			if (k === '+' || k === '=') {
				setZoom((zoom || 1) * 1.25);
				return true;
			}
			if (k === '-' || k === '_') {
				setZoom((zoom || 1) / 1.25);
				return true;
			}
			if (k === '0') {
				fit();
				return true;
			}
			const lower = k.length === 1 ? k.toLowerCase() : k;
			if (lower === 'b') {
				newBox();
				return true;
			}
			if (lower === 'n' || k === 'PageDown') {
				go(index + 1);
				return true;
			}
			if (lower === 'p' || k === 'PageUp') {
				go(index - 1);
				return true;
			}
			return false;
		},
		setDisabled(d) {
			disabled = d;
			drawSvg();
			drawTable();
		},
		destroy() {
			destroyed = true;
			cancelAnimationFrame(raf);
		},
	};
}
