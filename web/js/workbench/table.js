/*
 * workbench/table.js: the `table` workbench: clean a messy table. An
 * editable grid (one labelled text field per cell; ↑ ↓ and Enter move
 * between rows, ← → past the text's ends move between cells), add and
 * delete rows, rename or delete columns, mark rows as duplicates (marked
 * rows stay visible, struck through, and are left out of the answer), find
 * duplicates by the key column, reset to the original; or, instead, upload
 * a cleaned CSV. The answer is {"table": {columns, rows}} or {"csv": text}.
 */
import { h, replace } from '../dom.js';
import { t, loc } from '../i18n.js';
import { pager, confirmDialog, downloadText } from '../ui.js';
import { toColumnsRows, toCsv, readText, fmtBytes, cellText, clone, keyHelp } from './common.js';

const PER_PAGE = 50;
const MAX_CSV = 4 * 1024 * 1024;

export function progress() {
	return null;
}

/* A small RFC 4180 parser for previews: rows of strings. */
export function parseCsv(text) {
	const rows = [];
	let row = [];
	let field = '';
	let i = 0;
	let quoted = false;
	const src = String(text).replace(/^\uFEFF/, '');
	while (i < src.length) {
		const c = src[i];
		if (quoted) {
			if (c === '"' && src[i + 1] === '"') {
				field += '"';
				i += 2;
				continue;
			}
			if (c === '"') quoted = false;
			else field += c;
			i += 1;
			continue;
		}
		if (c === '"') quoted = true;
		else if (c === ',') {
			row.push(field);
			field = '';
		} else if (c === '\n' || c === '\r') {
			if (c === '\r' && src[i + 1] === '\n') i += 1;
			row.push(field);
			rows.push(row);
			row = [];
			field = '';
		} else field += c;
		i += 1;
	}
	if (field !== '' || row.length) {
		row.push(field);
		rows.push(row);
	}
	return rows;
}

const norm = (v) => cellText(v).normalize('NFKC').replace(/\s+/g, ' ').trim().toLowerCase();

export function create(ctx) {
	const { task } = ctx;
	const params = task.params || {};
	const original = toColumnsRows(task.items, { header: true });
	const ui = ctx.ui;
	let disabled = !!ctx.disabled;
	/* the working grid: {columns, rows: [{cells, dup}]} */
	let grid = null;
	let csv = null; /* {text, name, size} when the answer is an uploaded CSV */
	let page = Math.max(1, Number(ui.page) || 1);

	const fromTable = (tb) => ({ columns: (tb.columns || []).map(String), rows: (tb.rows || []).map((r) => ({ cells: (Array.isArray(r) ? r : []).map(cellText), dup: false })) });
	const toAnswer = () => ({ table: { columns: grid.columns.slice(), rows: grid.rows.filter((r) => !r.dup).map((r) => r.cells.slice()) } });

	const a = ctx.answer;
	if (a && typeof a.csv === 'string') {
		csv = { text: a.csv, name: ui.csvName || 'cleaned.csv', size: new Blob([a.csv]).size };
	}
	if (ui.grid && ui.grid.columns && Array.isArray(ui.grid.rows)) {
		grid = clone(ui.grid);
		/* the remembered grid only counts when it still matches the saved answer */
		if (a && a.table && JSON.stringify(toAnswer()) !== JSON.stringify({ table: { columns: a.table.columns, rows: a.table.rows } })) grid = null;
		if (!a || (!a.table && !a.csv)) grid = null;
	}
	if (!grid) grid = fromTable(a && a.table ? a.table : original);

	const keyCol = () => {
		const k = params.key;
		return typeof k === 'number' ? k : grid.columns.indexOf(String(k ?? ''));
	};

	const body = h('div', { class: 'table-body' });
	const status = h('p', { class: 'wb-progress' });
	const fileInput = h('input', { type: 'file', id: 'wb-table-csv', accept: '.csv,text/csv', class: 'file-input' });
	const csvMsg = h('div', { class: 'form-msg' });

	function remember() {
		ui.grid = grid;
		ui.page = page;
		ctx.saveUi();
	}

	function save({ typing = false } = {}) {
		csv = null;
		ctx.change(toAnswer(), { typing });
		remember();
		drawStatus();
	}

	function drawStatus() {
		if (csv) {
			status.textContent = t('wb.table_csv_status', { name: csv.name, size: fmtBytes(csv.size) });
			return;
		}
		const dups = grid.rows.filter((r) => r.dup).length;
		status.textContent = t('wb.table_status', { rows: grid.rows.length - dups, dups, cols: grid.columns.length });
	}

	function expected() {
		const cols = Array.isArray(params.columns) ? params.columns : [];
		if (!cols.length && params.key === undefined) return null;
		return h('div', { class: 'table-expect' },
			params.key !== undefined ? h('p', {}, t('wb.table_key', { key: String(params.key) })) : null,
			cols.length ? h('p', {}, t('wb.table_expected'), ' ', cols.map((c, i) => {
				const name = c && typeof c === 'object' ? String(c.name ?? c.id) : String(c);
				const type = c && typeof c === 'object' && c.type ? t(`wb.coltype.${c.type}`) : '';
				return h('span', { class: 'col-chip', 'data-i': String(i) }, h('code', {}, name), type ? ` ${type}` : '', c && c.format ? ` (${loc(c.format)})` : '');
			})) : null);
	}

	function cellInput(ri, ci) {
		const r = grid.rows[ri];
		const input = h('input', {
			type: 'text', class: 'cell', value: r.cells[ci] ?? '', disabled, spellcheck: 'false', autocomplete: 'off',
			'aria-label': t('wb.cell_label', { row: ri + 1, col: grid.columns[ci] || String(ci + 1) }),
			'data-r': String(ri), 'data-c': String(ci),
		});
		input.addEventListener('input', () => {
			r.cells[ci] = input.value;
			save({ typing: true });
		});
		input.addEventListener('blur', () => ctx.flush && ctx.flush());
		input.addEventListener('keydown', (ev) => cellKey(ev, ri, ci, input));
		return input;
	}

	function focusCell(ri, ci, caretAtEnd = true) {
		if (ri < 0 || ri >= grid.rows.length || ci < 0 || ci >= grid.columns.length) return false;
		const want = Math.floor(ri / PER_PAGE) + 1;
		if (want !== page) {
			page = want;
			remember();
			drawGrid();
		}
		const el = body.querySelector(`input.cell[data-r="${ri}"][data-c="${ci}"]`);
		if (!el) return false;
		el.focus();
		const n = el.value.length;
		el.setSelectionRange(caretAtEnd ? n : 0, caretAtEnd ? n : 0);
		return true;
	}

	function cellKey(ev, ri, ci, input) {
		if (ev.altKey || ev.metaKey || ev.ctrlKey) return;
		let moved = false;
		if (ev.key === 'ArrowUp') moved = focusCell(ri - 1, ci);
		else if (ev.key === 'ArrowDown' || (ev.key === 'Enter' && !ev.shiftKey)) moved = focusCell(ri + 1, ci);
		else if (ev.key === 'Enter' && ev.shiftKey) moved = focusCell(ri - 1, ci);
		else if (ev.key === 'ArrowLeft' && input.selectionStart === 0 && input.selectionEnd === 0) moved = focusCell(ri, ci - 1, true);
		else if (ev.key === 'ArrowRight' && input.selectionStart === input.value.length) moved = focusCell(ri, ci + 1, false);
		if (moved || ev.key === 'Enter') {
			ev.preventDefault();
			ev.stopPropagation();
		}
	}

	function drawGrid() {
		if (csv) {
			drawCsv();
			return;
		}
		const pages = Math.max(1, Math.ceil(grid.rows.length / PER_PAGE));
		page = Math.min(page, pages);
		const start = (page - 1) * PER_PAGE;
		const slice = grid.rows.slice(start, start + PER_PAGE);
		const kc = keyCol();
		const head = h('tr', {},
			h('th', { scope: 'col', class: 'num' }, '#'),
			h('th', { scope: 'col' }, t('wb.dup')),
			grid.columns.map((c, ci) => {
				const nameInput = h('input', {
					type: 'text', class: 'col-name', value: c, disabled,
					'aria-label': t('wb.col_name', { n: ci + 1 }),
				});
				nameInput.addEventListener('input', () => {
					grid.columns[ci] = nameInput.value;
					save({ typing: true });
				});
				nameInput.addEventListener('change', () => drawGrid());
				return h('th', { scope: 'col', class: ci === kc ? 'key-col' : null },
					h('div', { class: 'col-head' }, nameInput,
						h('button', {
							type: 'button', class: 'btn-icon', disabled, 'aria-label': t('wb.col_delete', { name: c || String(ci + 1) }),
							onclick: () => deleteColumn(ci),
						}, '×')),
					ci === kc ? h('span', { class: 'badge badge-info' }, t('wb.key_badge')) : null);
			}),
			h('th', { scope: 'col' }, h('span', { class: 'sr-only' }, t('wb.row_actions'))));
		const rows = slice.map((r, k) => {
			const ri = start + k;
			const dup = h('input', { type: 'checkbox', checked: r.dup, disabled, 'aria-label': t('wb.dup_row', { n: ri + 1 }) });
			dup.addEventListener('change', () => {
				r.dup = dup.checked;
				tr.classList.toggle('dup', r.dup);
				save();
				ctx.announce(r.dup ? t('wb.dup_marked', { n: ri + 1 }) : t('wb.dup_unmarked', { n: ri + 1 }));
			});
			const tr = h('tr', { class: r.dup ? 'dup' : null },
				h('th', { scope: 'row', class: 'num' }, String(ri + 1)),
				h('td', { class: 'dup-cell' }, dup),
				grid.columns.map((_, ci) => h('td', {}, cellInput(ri, ci))),
				h('td', {}, h('button', {
					type: 'button', class: 'btn btn-small', disabled, 'aria-label': t('wb.row_delete', { n: ri + 1 }),
					onclick: () => deleteRow(ri),
				}, t('wb.remove'))));
			return tr;
		});
		replace(body,
			h('div', { class: 'table-wrap grid-wrap' }, h('table', { class: 'table compact edit-grid' },
				h('caption', {}, t('wb.grid_caption', { from: grid.rows.length ? start + 1 : 0, to: start + slice.length, total: grid.rows.length })),
				h('thead', {}, head),
				h('tbody', {}, rows))),
			grid.rows.length > PER_PAGE ? pager({
				page, perPage: PER_PAGE, total: grid.rows.length, onPage: (n) => {
					page = n;
					remember();
					drawGrid();
					const b = body.querySelector('.pager button:not(:disabled)');
					if (b) b.focus();
				},
			}) : null);
		drawStatus();
	}

	function drawCsv() {
		const rows = parseCsv(csv.text);
		const header = rows[0] || [];
		const data = rows.slice(1, 21);
		replace(body,
			h('div', { class: 'alert alert-info' },
				h('p', { class: 'alert-title' }, t('wb.csv_active', { name: csv.name, rows: Math.max(0, rows.length - 1) })),
				h('p', {}, t('wb.csv_active_hint')),
				h('div', { class: 'form-actions' },
					h('button', { type: 'button', class: 'btn', disabled, onclick: () => csvToGrid(rows) }, t('wb.csv_to_grid')),
					h('button', { type: 'button', class: 'btn btn-ghost', disabled, onclick: () => dropCsv() }, t('wb.csv_drop')))),
			h('div', { class: 'table-wrap' }, h('table', { class: 'table compact' },
				h('caption', {}, t('wb.csv_preview', { n: data.length })),
				h('thead', {}, h('tr', {}, header.map((c) => h('th', { scope: 'col' }, c)))),
				h('tbody', {}, data.map((r) => h('tr', {}, header.map((_, i) => h('td', {}, r[i] ?? ''))))))));
		drawStatus();
	}

	function deleteRow(ri) {
		if (disabled) return;
		grid.rows.splice(ri, 1);
		save();
		drawGrid();
		ctx.announce(t('wb.row_deleted', { n: ri + 1 }));
		if (!focusCell(Math.min(ri, grid.rows.length - 1), 0, true)) addBtn.focus();
	}

	function addRow() {
		if (disabled) return;
		grid.rows.push({ cells: grid.columns.map(() => ''), dup: false });
		save();
		page = Math.ceil(grid.rows.length / PER_PAGE);
		drawGrid();
		focusCell(grid.rows.length - 1, 0);
		ctx.announce(t('wb.row_added', { n: grid.rows.length }));
	}

	async function deleteColumn(ci) {
		if (disabled) return;
		const ok = await confirmDialog({
			title: t('wb.col_delete_title'),
			content: h('p', {}, t('wb.col_delete_text', { name: grid.columns[ci] || String(ci + 1) })),
			confirmLabel: t('wb.col_delete_confirm'), danger: true,
		});
		if (!ok) return;
		grid.columns.splice(ci, 1);
		grid.rows.forEach((r) => r.cells.splice(ci, 1));
		save();
		drawGrid();
	}

	function findDuplicates() {
		if (disabled) return;
		const kc = keyCol();
		const seen = new Set();
		let n = 0;
		grid.rows.forEach((r) => {
			const key = kc >= 0 ? norm(r.cells[kc]) : r.cells.map(norm).join('\u0001');
			if (key === '' && kc >= 0) return;
			if (seen.has(key)) {
				if (!r.dup) n += 1;
				r.dup = true;
			} else if (!r.dup) {
				seen.add(key);
			}
		});
		save();
		drawGrid();
		ctx.announce(t('wb.dups_found', { n }));
		replace(csvMsg, h('p', { class: 'alert alert-info', role: 'status' }, t('wb.dups_found', { n })));
	}

	async function reset() {
		if (disabled) return;
		const ok = await confirmDialog({
			title: t('wb.table_reset_title'), content: h('p', {}, t('wb.table_reset_text')),
			confirmLabel: t('wb.table_reset_confirm'), danger: true,
		});
		if (!ok) return;
		grid = fromTable(original);
		page = 1;
		save();
		drawGrid();
	}

	function csvToGrid(rows) {
		const header = rows[0] || [];
		grid = { columns: header.map(String), rows: rows.slice(1).filter((r) => r.some((c) => c !== '')).map((r) => ({ cells: header.map((_, i) => r[i] ?? ''), dup: false })) };
		page = 1;
		save();
		drawGrid();
	}

	function dropCsv() {
		csv = null;
		save();
		drawGrid();
	}

	fileInput.addEventListener('change', async () => {
		replace(csvMsg);
		const f = fileInput.files[0];
		if (!f) return;
		if (f.size > MAX_CSV) {
			replace(csvMsg, h('p', { class: 'alert alert-error', role: 'alert' }, t('wb.csv_too_big', { size: fmtBytes(MAX_CSV) })));
			fileInput.value = '';
			return;
		}
		try {
			const text = await readText(f);
			csv = { text, name: f.name, size: f.size };
			ui.csvName = f.name;
			ctx.saveUi();
			ctx.change({ csv: text });
			drawGrid();
			ctx.announce(t('wb.csv_loaded', { name: f.name }));
		} catch (err) {
			replace(csvMsg, h('p', { class: 'alert alert-error', role: 'alert' }, String(err.message || err)));
		}
		fileInput.value = '';
	});

	const addBtn = h('button', { type: 'button', class: 'btn btn-small', onclick: addRow }, t('wb.row_add'));
	const dupBtn = h('button', { type: 'button', class: 'btn btn-small', onclick: findDuplicates }, t('wb.find_dups'));
	const resetBtn = h('button', { type: 'button', class: 'btn btn-small btn-ghost', onclick: reset }, t('wb.table_reset'));
	const dlBtn = h('button', {
		type: 'button', class: 'btn btn-small btn-ghost',
		onclick: () => {
			const ans = toAnswer().table;
			downloadText('table.csv', toCsv(ans.columns, ans.rows), 'text/csv');
		},
	}, t('wb.table_download'));
	const tools = [addBtn, dupBtn, resetBtn];

	const element = h('div', { class: 'wb wb-table' },
		expected(),
		h('div', { class: 'wb-toolbar' }, status,
			h('div', { class: 'box-tools', role: 'toolbar', 'aria-label': t('wb.table_tools') }, tools, dlBtn)),
		body,
		h('div', { class: 'card-sub' },
			h('div', { class: 'field' }, h('label', { for: 'wb-table-csv' }, t('wb.csv_upload')), fileInput,
				h('p', { class: 'hint' }, t('wb.csv_upload_hint'))),
			csvMsg),
		keyHelp([
			['↑ ↓', t('wb.key_cell_rows')],
			['Enter / Shift+Enter', t('wb.key_cell_enter')],
			['← →', t('wb.key_cell_cols')],
			['Tab / Shift+Tab', t('wb.key_cell_tab')],
		]));
	drawGrid();
	[...tools, fileInput].forEach((x) => {
		x.disabled = disabled;
	});

	return {
		element,
		onKey() {
			return false;
		},
		setDisabled(d) {
			disabled = d;
			[...tools, fileInput].forEach((x) => {
				x.disabled = d;
			});
			drawGrid();
		},
		destroy() {},
	};
}
