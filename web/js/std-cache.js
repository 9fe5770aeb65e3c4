/*
 * std-cache.js: loads the occupational standard once per page load and
 * answers small questions about it (work functions per level, names), so
 * forms can offer 职业功能 as a list instead of bare codes.
 */
import { get } from './api.js';
import { loc } from './i18n.js';
import { uid } from './dom.js';

let cached = null;

/* The value of a plain or {value, provenance} field. */
export function plain(v) {
	return v !== null && typeof v === 'object' && 'value' in v ? v.value : v;
}

/* Resolves {code, version, doc} of the first standard (4-04-05-05). */
export function loadStandard({ fresh = false } = {}) {
	if (!cached || fresh) {
		cached = get('/standards').then((list) => {
			const first = (list.standards || [])[0];
			if (!first) throw new Error('no standard');
			return get(`/standards/${encodeURIComponent(first.code)}`);
		});
		cached.catch(() => {
			cached = null;
		});
	}
	return cached;
}

/* The level object of a doc for level code 5..1, or undefined. */
export function levelOf(doc, level) {
	return ((doc && doc.levels) || []).find((l) => String(plain(l.code)) === String(level));
}

/*
 * [{code, name}] of the work functions of a level, including the basic
 * requirements (B1, B2) that only appear in the weight tables.
 */
export function functionsOf(doc, level) {
	const lv = levelOf(doc, level);
	if (!lv) return [];
	const out = [];
	const seen = new Set();
	const add = (code, name) => {
		const c = String(plain(code));
		if (!c || seen.has(c)) return;
		seen.add(c);
		out.push({ code: c, name: loc(plain(name)) || c });
	};
	(lv.functions || []).forEach((f) => add(f.code, f.name));
	(lv.theory_weights || []).forEach((w) => add(w.function, w.name));
	return out.sort((a, b) => a.code.localeCompare(b.code, 'en', { numeric: true }));
}

/* Resolves [{code, name}] for a level; [] when the standard cannot be loaded. */
export async function functionList(level) {
	if (!level) return [];
	try {
		const std = await loadStandard();
		return functionsOf(std.doc, level);
	} catch {
		return [];
	}
}

/*
 * A text input for a work-function code with the level's functions offered
 * as suggestions (a <datalist>); getLevel() tells which level to suggest for.
 * Call .refresh() after the level changes; field() in ui.js places the list.
 */
export function functionInput(getLevel, attrs = {}) {
	const listId = uid('fn-list');
	const list = document.createElement('datalist');
	list.id = listId;
	const input = document.createElement('input');
	input.type = 'text';
	input.setAttribute('list', listId);
	input.autocomplete = 'off';
	Object.entries(attrs).forEach(([k, v]) => input.setAttribute(k, v));
	input.refresh = async () => {
		const fns = await functionList(getLevel());
		list.replaceChildren(...fns.map((f) => {
			const o = document.createElement('option');
			o.value = f.code;
			o.label = f.name;
			o.textContent = f.name;
			return o;
		}));
	};
	input.datalist = list;
	input.refresh();
	return input;
}
