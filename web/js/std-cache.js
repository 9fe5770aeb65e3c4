/*
 * std-cache.js: loads the occupational standard once per page load and
 * answers small questions about it (work functions per level, names), so
 * forms can offer 职业功能 as a list instead of bare codes.
 */
import { get } from './api.js';
import { loc, getLang } from './i18n.js';
import { uid } from './dom.js';

let cached = null;

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
	return ((doc && doc.levels) || []).find((l) => String(l.code) === String(level));
}

/*
 * [{code, name}] of the work functions of a level, including the basic
 * requirements (B1, B2) that every level shares.
 */
export function functionsOf(doc, level) {
	const lv = levelOf(doc, level);
	if (!lv) return [];
	const out = [];
	const seen = new Set();
	const add = (code, name) => {
		const c = String(code);
		if (!c || seen.has(c)) return;
		seen.add(c);
		out.push({ code: c, name: loc(name) || c });
	};
	[...(doc.basic || []), ...(lv.functions || [])].forEach((f) => add(f.code, f.name));
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

/* [{name, label}] of a level's theory paper formats (e.g. typical, demo). */
export function papersOf(doc, level) {
	const lv = levelOf(doc, level);
	return ((lv && lv.papers) || []).filter((p) => !p.part || p.part === 'theory')
		.map((p) => ({ name: String(p.name), label: loc(p.label) || String(p.name) }));
}

/*
 * A <select> of the paper formats of the level getLevel() names; keeps the
 * wanted value when the level offers it. Call .refresh() after the level changes.
 */
export function paperSelect(getLevel, wanted) {
	const sel = document.createElement('select');
	let want = wanted;
	sel.addEventListener('change', () => {
		want = sel.value;
	});
	sel.refresh = async () => {
		let papers = [];
		try {
			papers = papersOf((await loadStandard()).doc, getLevel());
		} catch {
			papers = [];
		}
		if (!papers.length) papers = [{ name: 'demo', label: 'demo' }];
		sel.replaceChildren(...papers.map((p) => {
			const o = document.createElement('option');
			o.value = p.name;
			o.textContent = p.label === p.name ? p.name : `${p.label} (${p.name})`;
			return o;
		}));
		sel.value = papers.some((p) => p.name === want) ? want : papers[papers.length - 1].name;
	};
	sel.ready = sel.refresh();
	return sel;
}

/* The name of a by_function row ({name, name_en} or {name: {zh, en}}) in the current language. */
export function functionName(row) {
	if (getLang() === 'en' && row.name_en) return String(row.name_en);
	return loc(row.name);
}
