/*
 * workbench/common.js: helpers shared by the skill-exam workbenches and the
 * staff task pages: declared labels, data shapes ({columns, rows} from the
 * several forms a task may use), a paged read-only data table, the question
 * form of stats and test tasks, the keyboard-help block, deep copies, CSV
 * writing and reading files as base64.
 *
 * A workbench module (label.js, span.js, …) exports
 *   create(ctx) → {element, onKey(ev) → true when handled, setDisabled(bool), destroy()}
 *   progress(task, answer) → {done, total} | null   (for the task list)
 * where ctx = {task, answer, disabled, change(answer, {typing}), assetUrl(name),
 *   ui (this task's remembered view state, an object), saveUi(), announce(text),
 *   api: {bot(kb, query), train(hyper), job(id)} | null (null in the staff preview)}.
 */
import { h, uid, replace } from '../dom.js';
import { t, loc, fmtNum } from '../i18n.js';
import { pager } from '../ui.js';

/* The workbench kinds the UI knows (one module each). */
export const KINDS = ['label', 'span', 'box', 'table', 'stats', 'kb', 'tune', 'test', 'upload'];

export const kindName = (kind) => (KINDS.includes(kind) ? t(`kind.${kind}`) : String(kind || '—'));

/* A deep copy of plain JSON data. */
export function clone(v) {
	return v === undefined ? undefined : JSON.parse(JSON.stringify(v));
}

/* True when an answer holds anything the candidate entered. */
export function hasContent(v) {
	if (v === null || v === undefined || v === '') return false;
	if (Array.isArray(v)) return v.some(hasContent);
	if (typeof v === 'object') return Object.values(v).some(hasContent);
	return true;
}

/*
 * The declared labels of a task as [{value, name}]: params.labels may hold
 * plain strings or objects {id|value, name: {zh, en} | string}.
 */
export function labelsOf(params) {
	const list = (params && Array.isArray(params.labels)) ? params.labels : [];
	return list.map((l) => {
		if (l && typeof l === 'object') {
			const value = String(l.id ?? l.value ?? loc(l.name));
			return { value, name: loc(l.name) || value };
		}
		return { value: String(l), name: String(l) };
	});
}

/* The display name of a label value. */
export function labelName(labels, value) {
	const l = labels.find((x) => x.value === value);
	return l ? l.name : String(value);
}

/* Unicode code points of a text (span offsets count these, end exclusive). */
export function codePoints(text) {
	return Array.from(String(text ?? ''));
}

/* A value as a table cell shows it. */
export function cellText(v) {
	if (v === null || v === undefined) return '';
	if (typeof v === 'number') return String(v);
	if (typeof v === 'object') return JSON.stringify(v);
	return String(v);
}

/*
 * {columns, rows} from the shapes a data set comes in: {columns, rows},
 * an array of arrays (first row = header when header is true), or an array
 * of objects (columns = the union of their keys in first-seen order).
 */
export function toColumnsRows(data, { header = false } = {}) {
	if (!data) return { columns: [], rows: [] };
	const tables = tablesOf(data);
	if (tables) return tables[0];
	if (!Array.isArray(data) && Array.isArray(data.rows)) {
		const rows = data.rows;
		let columns = Array.isArray(data.columns) ? data.columns.map((c) => (c && typeof c === 'object' ? String(c.name ?? c.id) : String(c))) : [];
		if (rows.length && !Array.isArray(rows[0]) && typeof rows[0] === 'object') {
			return fromObjects(rows, columns);
		}
		if (!columns.length && rows.length) columns = rows[0].map((_, i) => String(i + 1));
		return { columns, rows: rows.map((r) => (Array.isArray(r) ? r : [r])) };
	}
	if (Array.isArray(data)) {
		if (!data.length) return { columns: [], rows: [] };
		if (Array.isArray(data[0])) {
			if (header) return { columns: data[0].map(String), rows: data.slice(1) };
			return { columns: data[0].map((_, i) => String(i + 1)), rows: data };
		}
		if (typeof data[0] === 'object') return fromObjects(data, []);
		return { columns: ['value'], rows: data.map((v) => [v]) };
	}
	if (typeof data === 'object') return fromObjects([data], []);
	return { columns: ['value'], rows: [[data]] };
}

/*
 * The tables of a task's items when the items are tables
 * ([{id, columns, rows}, …], as table and stats tasks give them):
 * [{name, columns, rows}], else null.
 */
export function tablesOf(data) {
	if (!Array.isArray(data) || !data.length) return null;
	if (!data.every((x) => x && typeof x === 'object' && !Array.isArray(x) && Array.isArray(x.rows))) return null;
	return data.map((x) => ({ name: String(x.id ?? ''), ...toColumnsRows({ columns: x.columns, rows: x.rows }) }));
}

function fromObjects(list, preferred) {
	const columns = [...preferred];
	const seen = new Set(columns);
	list.forEach((o) => Object.keys(o || {}).forEach((k) => {
		if (!seen.has(k)) {
			seen.add(k);
			columns.push(k);
		}
	}));
	return { columns, rows: list.map((o) => columns.map((c) => (o ? o[c] : undefined))) };
}

/*
 * A read-only table of {columns, rows}, paged (perPage rows), with a caption.
 * format(value, column) may turn a cell into text or a node.
 */
export function pagedTable({ caption, columns, rows, perPage = 25, format, numberRows = true }) {
	const box = h('div', { class: 'paged-table' });
	let page = 1;
	const show = (v, c) => (format ? format(v, c) : cellText(v));
	const draw = (focusPager) => {
		const start = (page - 1) * perPage;
		const slice = rows.slice(start, start + perPage);
		const table = h('div', { class: 'table-wrap' }, h('table', { class: 'table compact data-table' },
			h('caption', {}, caption, rows.length > perPage ? ` ${t('wb.rows_shown', { from: start + 1, to: start + slice.length, total: rows.length })}` : ''),
			h('thead', {}, h('tr', {}, numberRows ? h('th', { scope: 'col', class: 'num' }, '#') : null,
				columns.map((c) => h('th', { scope: 'col' }, String(c))))),
			h('tbody', {}, slice.length ? slice.map((r, i) => h('tr', {},
				numberRows ? h('th', { scope: 'row', class: 'num' }, String(start + i + 1)) : null,
				columns.map((c, j) => {
					const v = r[j];
					return h('td', { class: typeof v === 'number' ? 'num' : null }, show(v, c));
				})))
				: h('tr', {}, h('td', { colspan: String(columns.length + 1), class: 'empty' }, t('wb.no_rows'))))));
		replace(box, table, rows.length > perPage ? pager({
			page, perPage, total: rows.length,
			onPage: (n) => {
				page = n;
				draw(true);
			},
		}) : null);
		if (focusPager) {
			const btns = box.querySelectorAll('.pager button:not(:disabled)');
			if (btns.length) btns[btns.length - 1].focus();
		}
	};
	draw(false);
	return box;
}

/* RFC 4180 CSV text of {columns, rows}. */
export function toCsv(columns, rows) {
	const esc = (v) => {
		const s = cellText(v);
		return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
	};
	return [columns, ...rows].map((r) => r.map(esc).join(',')).join('\r\n') + '\r\n';
}

/*
 * The question list of a stats or test task: params.questions = [{id, text
 * {zh,en} | prompt, type: number|text|choice, choices?, unit?}]. One labelled
 * input per question; onChange(id, value, {typing}) reports a change
 * (numbers as numbers when they parse, else the text as typed).
 */
export function questionForm({ questions, answer, disabled, onChange, idPrefix }) {
	const list = Array.isArray(questions) ? questions : [];
	const inputs = [];
	const ol = h('ol', { class: 'wb-questions' }, list.map((q, i) => {
		const qid = String(q.id ?? `q${i + 1}`);
		const id = uid(idPrefix || 'wbq');
		const hintId = uid('wbqh');
		const text = loc(q.text ?? q.prompt ?? q.question) || (q.metric ? metricQuestion(String(q.metric)) : qid);
		const cur = answer ? answer[qid] : undefined;
		const type = q.type || (Array.isArray(q.choices) ? 'choice' : (/^worst_/.test(String(q.metric || '')) ? 'text' : 'number'));
		let input;
		if (type === 'choice' && Array.isArray(q.choices)) {
			input = h('select', { id, disabled },
				h('option', { value: '' }, t('wb.choose')),
				q.choices.map((c) => {
					const value = c && typeof c === 'object' ? String(c.id ?? c.value) : String(c);
					return h('option', { value, selected: cur !== undefined && String(cur) === value }, c && typeof c === 'object' ? loc(c.name ?? c.text) || value : value);
				}));
			input.addEventListener('change', () => onChange(qid, input.value === '' ? null : input.value, { typing: false }));
		} else {
			input = h('input', {
				id, type: 'text', disabled, autocomplete: 'off', spellcheck: 'false',
				inputmode: type === 'number' ? 'decimal' : null,
				value: cur === undefined || cur === null ? '' : String(cur),
				'aria-describedby': hintId,
			});
			const report = (typing) => {
				const raw = input.value.trim();
				let v = raw === '' ? null : raw;
				if (type === 'number' && raw !== '') {
					const n = Number(raw.replace(/,/g, '').replace(/%$/, ''));
					v = Number.isFinite(n) && !/%$/.test(raw) ? n : raw;
				}
				onChange(qid, v, { typing });
			};
			input.addEventListener('input', () => report(true));
			input.addEventListener('change', () => report(false));
		}
		inputs.push(input);
		const hints = [];
		if (type === 'number') hints.push(t('wb.q_number_hint'));
		if (q.unit) hints.push(t('wb.q_unit', { unit: loc(q.unit) }));
		if (q.tolerance !== undefined && q.tolerance !== null) hints.push(t('wb.q_tolerance', { tol: fmtNum(q.tolerance, 6) }));
		return h('li', { class: 'wb-question' },
			h('label', { for: id }, h('span', { class: 'wb-qnum' }, t('wb.q_label', { n: i + 1 })), ' ', text),
			input,
			hints.length ? h('p', { class: 'hint', id: hintId }, hints.join(' ')) : null);
	}));
	ol.setDisabled = (d) => inputs.forEach((x) => {
		x.disabled = d;
	});
	return ol;
}

const METRICS = ['accuracy', 'macro_f1', 'macro_precision', 'macro_recall', 'micro_f1', 'weighted_f1', 'cohen_kappa', 'ap', 'ap50', 'ap75'];

/*
 * The question a test task asks for a metric name of the grader
 * ("accuracy", "f1:体育", "worst_slice_by:accuracy", "ap:car", …).
 */
export function metricQuestion(metric) {
	const [head, arg] = metric.split(/:(.*)/s);
	if (METRICS.includes(metric)) return t(`wb.m.${metric}`);
	if (['precision', 'recall', 'f1', 'ap'].includes(head) && arg) return t(`wb.m.${head}_of`, { label: arg });
	if (head === 'worst_slice_by' && arg) return t('wb.m.worst_slice', { metric: METRICS.includes(arg) ? t(`wb.m.${arg}`) : arg });
	if (head === 'worst_label_by' && arg) return t('wb.m.worst_label', { metric: METRICS.includes(arg) ? t(`wb.m.${arg}`) : arg });
	return t('wb.q_metric', { metric });
}

/* Answered questions out of all (for the task list). */
export function questionProgress(task, answer) {
	const qs = (task.params && Array.isArray(task.params.questions)) ? task.params.questions : [];
	const done = qs.filter((q, i) => hasContent(answer ? answer[String(q.id ?? `q${i + 1}`)] : undefined)).length;
	return { done, total: qs.length };
}

/* The 键盘操作 block: keys = [[keys text, what it does]]. */
export function keyHelp(keys, note) {
	return h('details', { class: 'kbd-help wb-keys' },
		h('summary', {}, t('keys.title')),
		note ? h('p', { class: 'hint' }, note) : null,
		h('dl', {}, keys.map(([k, d]) => h('div', {}, h('dt', {}, h('kbd', {}, k)), h('dd', {}, d)))));
}

/* Reads a File as base64 (without the data: prefix). */
export function readBase64(file) {
	return new Promise((resolve, reject) => {
		const r = new FileReader();
		r.onload = () => {
			const s = String(r.result || '');
			const i = s.indexOf(',');
			resolve(i >= 0 ? s.slice(i + 1) : s);
		};
		r.onerror = () => reject(r.error || new Error('read failed'));
		r.readAsDataURL(file);
	});
}

/* Reads a File as UTF-8 text. */
export function readText(file) {
	return new Promise((resolve, reject) => {
		const r = new FileReader();
		r.onload = () => resolve(String(r.result || ''));
		r.onerror = () => reject(r.error || new Error('read failed'));
		r.readAsText(file, 'utf-8');
	});
}

/* A byte count as "1.2 MB" / "340 KB". */
export function fmtBytes(n) {
	const v = Number(n) || 0;
	if (v >= 1024 * 1024) return `${fmtNum(v / (1024 * 1024), 1)} MB`;
	if (v >= 1024) return `${fmtNum(v / 1024, 1)} KB`;
	return `${v} B`;
}

/* True when a key event should be left to the browser (modifiers, dialogs). */
export function plainKey(ev) {
	return !(ev.ctrlKey || ev.metaKey || ev.altKey);
}

/* Clamps v into [lo, hi]. */
export function clamp(v, lo, hi) {
	return Math.min(hi, Math.max(lo, v));
}
