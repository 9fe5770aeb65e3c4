/*
 * workbench/upload.js: the `upload` workbench: file inputs for the
 * deliverables, read in the browser as base64 (with their SHA-256 where the
 * browser offers it), a list of the chosen files with remove buttons, size
 * checks (each file and the total at most 4 MiB), a checklist of the
 * required file patterns (params.required) and the raters' rubric. When the
 * task has an automatic table check (params.check.kind = "table"), the
 * chosen CSV file is also sent as "csv" for it. The answer is
 * {"files": [{name, type, size, sha256?, data_base64}], "csv"?: text}.
 */
import { h, replace } from '../dom.js';
import { t, loc, fmtNum } from '../i18n.js';
import { clone, readBase64, fmtBytes } from './common.js';
import { datasetBlock } from './stats.js';

export const MAX_TOTAL = 4 * 1024 * 1024;

export function progress(task, answer) {
	const req = requiredOf(task.params);
	if (!req.length) return null;
	const files = answer && Array.isArray(answer.files) ? answer.files : [];
	return { done: req.filter((r) => files.some((f) => globMatch(r.pattern, f.name))).length, total: req.length };
}

function requiredOf(params) {
	const r = params && Array.isArray(params.required) ? params.required : [];
	return r.map((x) => (typeof x === 'string' ? { pattern: x } : x)).filter((x) => x && x.pattern);
}

/* Shell-style pattern (* ? [abc]) against a file name, case-insensitive. */
export function globMatch(pattern, name) {
	let re = '';
	for (const ch of String(pattern)) {
		if (ch === '*') re += '.*';
		else if (ch === '?') re += '.';
		else re += ch.replace(/[.+^${}()|\\]/g, '\\$&');
	}
	try {
		return new RegExp(`^${re}$`, 'i').test(String(name));
	} catch {
		return false;
	}
}

async function sha256Hex(file) {
	try {
		if (!window.crypto || !crypto.subtle) return null;
		const buf = await file.arrayBuffer();
		const d = await crypto.subtle.digest('SHA-256', buf);
		return [...new Uint8Array(d)].map((b) => b.toString(16).padStart(2, '0')).join('');
	} catch {
		return null;
	}
}

function b64ToText(b64) {
	try {
		const bin = atob(b64);
		const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
		return new TextDecoder('utf-8').decode(bytes);
	} catch {
		return '';
	}
}

export function create(ctx) {
	const { task } = ctx;
	const params = task.params || {};
	const required = requiredOf(params);
	const tableCheck = params.check && params.check.kind === 'table';
	const answer = ctx.answer && typeof ctx.answer === 'object' ? clone(ctx.answer) : {};
	let files = Array.isArray(answer.files) ? answer.files : [];
	let csvName = typeof answer.csv === 'string' ? (ctx.ui.csvName || null) : null;
	let disabled = !!ctx.disabled;
	const accept = required.map((r) => {
		const m = /\*(\.[A-Za-z0-9]+)$/.exec(r.pattern);
		return m ? m[1] : null;
	}).filter(Boolean).join(',');
	const input = h('input', { type: 'file', id: 'wb-upload-files', multiple: true, disabled, accept: accept || null, 'aria-describedby': 'wb-upload-hint' });
	const msg = h('div', { class: 'form-msg', 'aria-live': 'polite' });
	const listBox = h('div', {});
	const checklist = h('ul', { class: 'req-list' });
	const csvBox = h('div', {});

	const total = () => files.reduce((a, f) => a + (Number(f.size) || 0), 0);

	/* The CSV that feeds the table check: the chosen one while it is there, else the first. */
	function pickCsv() {
		if (!tableCheck) return;
		const csvs = files.filter((f) => /\.csv$/i.test(f.name) || f.type === 'text/csv');
		if (!csvName || !csvs.some((f) => f.name === csvName)) csvName = csvs.length ? csvs[0].name : null;
	}

	function save() {
		pickCsv();
		const out = { files: files.map((f) => ({ ...f })) };
		if (tableCheck && csvName) {
			const f = files.find((x) => x.name === csvName);
			if (f) out.csv = b64ToText(f.data_base64 || '');
			else csvName = null;
		}
		ctx.ui.csvName = csvName;
		ctx.saveUi();
		ctx.change(out);
	}

	function draw() {
		replace(checklist, required.map((r) => {
			const hit = files.filter((f) => globMatch(r.pattern, f.name));
			return h('li', { class: hit.length ? 'ok' : 'missing' },
				h('span', { 'aria-hidden': 'true' }, hit.length ? '✓ ' : '✗ '),
				h('code', {}, r.pattern), r.description ? ` ${loc(r.description)}` : '', t('wb.colon'),
				hit.length ? hit.map((f) => f.name).join(t('list.sep')) : t('wb.upload_missing'));
		}));
		if (!files.length) replace(listBox, h('p', { class: 'muted' }, t('wb.upload_none')));
		else {
			replace(listBox, h('div', { class: 'table-wrap' }, h('table', { class: 'table compact' },
				h('caption', {}, t('wb.upload_caption', { n: files.length, size: fmtBytes(total()), max: fmtBytes(MAX_TOTAL) })),
				h('thead', {}, h('tr', {}, [t('wb.file_name'), t('wb.file_type'), t('wb.file_size'), ''].map((c) => h('th', { scope: 'col' }, c)))),
				h('tbody', {}, files.map((f, i) => h('tr', {},
					h('th', { scope: 'row' }, f.name),
					h('td', {}, f.type || '—'),
					h('td', { class: 'num' }, fmtBytes(f.size)),
					h('td', {}, h('button', {
						type: 'button', class: 'btn btn-small', disabled, 'aria-label': t('wb.file_remove', { name: f.name }),
						onclick: () => {
							files.splice(i, 1);
							save();
							draw();
							ctx.announce(t('wb.file_removed', { name: f.name }));
							input.focus();
						},
					}, t('wb.remove')))))))));
		}
		if (tableCheck) {
			const csvs = files.filter((f) => /\.csv$/i.test(f.name) || f.type === 'text/csv');
			if (!csvs.length) replace(csvBox, h('p', { class: 'hint' }, t('wb.upload_check_none')));
			else {
				pickCsv();
				const sel = h('select', { id: 'wb-upload-csv', disabled }, csvs.map((f) => h('option', { value: f.name, selected: f.name === csvName }, f.name)));
				sel.addEventListener('change', () => {
					csvName = sel.value;
					save();
				});
				replace(csvBox, h('div', { class: 'field' }, h('label', { for: 'wb-upload-csv' }, t('wb.upload_check_file')), sel,
					h('p', { class: 'hint' }, t('wb.upload_check_hint'))));
			}
		}
		input.disabled = disabled;
	}

	input.addEventListener('change', async () => {
		replace(msg);
		const chosen = [...input.files];
		input.value = '';
		const problems = [];
		const added = [];
		for (const f of chosen) {
			const others = files.filter((x) => x.name !== f.name);
			const sum = others.reduce((a, x) => a + (Number(x.size) || 0), 0) + added.reduce((a, x) => a + x.size, 0);
			if (f.size > MAX_TOTAL || sum + f.size > MAX_TOTAL) {
				problems.push(t('wb.file_too_big', { name: f.name, size: fmtBytes(f.size), max: fmtBytes(MAX_TOTAL) }));
				continue;
			}
			try {
				const [data, sha] = await Promise.all([readBase64(f), sha256Hex(f)]);
				const entry = { name: f.name, type: f.type || 'application/octet-stream', size: f.size, data_base64: data };
				if (sha) entry.sha256 = sha;
				added.push(entry);
			} catch (err) {
				problems.push(`${f.name}: ${err.message || err}`);
			}
		}
		added.forEach((e) => {
			const k = files.findIndex((x) => x.name === e.name);
			if (k >= 0) files[k] = e;
			else files.push(e);
		});
		if (added.length) {
			save();
			ctx.announce(t('wb.files_added', { n: added.length }));
		}
		draw();
		replace(msg, problems.length ? h('div', { class: 'alert alert-error', role: 'alert' }, problems.map((p) => h('p', {}, p))) : null,
			added.length ? h('p', { class: 'alert alert-ok', role: 'status' }, t('wb.files_added', { n: added.length })) : null);
	});

	const rubric = task.scoring && Array.isArray(task.scoring.rubric) ? task.scoring.rubric : [];
	const element = h('div', { class: 'wb wb-upload' },
		required.length ? h('section', { 'aria-labelledby': 'wb-req-title' }, h('h3', { id: 'wb-req-title' }, t('wb.upload_required')), checklist) : null,
		h('div', { class: 'field' }, h('label', { for: 'wb-upload-files' }, t('wb.upload_choose')), input,
			h('p', { class: 'hint', id: 'wb-upload-hint' }, t('wb.upload_hint', { max: fmtBytes(MAX_TOTAL) }))),
		msg,
		listBox,
		tableCheck ? csvBox : null,
		Array.isArray(task.items) && task.items.length ? datasetBlock({ data: task.items, caption: t('wb.upload_data') }) : null,
		rubric.length ? h('div', { class: 'table-wrap' }, h('table', { class: 'table compact' },
			h('caption', {}, t('wb.rubric')),
			h('thead', {}, h('tr', {}, [t('wb.rubric_criterion'), t('wb.rubric_points')].map((c) => h('th', { scope: 'col' }, c)))),
			h('tbody', {}, rubric.map((r) => h('tr', {}, h('td', {}, loc(r.criterion) || String(r.id || '')), h('td', { class: 'num' }, fmtNum(r.points, 2))))))) : null);
	draw();

	return {
		element,
		onKey: () => false,
		setDisabled(d) {
			disabled = d;
			draw();
		},
		destroy() {},
	};
}
