/*
 * pages/items.js: 题库 — the question bank table with filters (等级, 职业功能,
 * 题型, 状态), full-text search (搜索), paging, and links to create, import
 * and export. Filters live in the hash (#/items?level=3&q=…) so Back works.
 */
import { h, replace } from '../dom.js';
import { t, fmtTime } from '../i18n.js';
import { get, query, BASE } from '../api.js';
import { pageHead, loading, errorBox, field, select, pager, badge, LEVELS, TYPES, STATUSES, levelName, typeName } from '../ui.js';
import { functionInput } from '../std-cache.js';

const PER_PAGE = 50;
const STATUS_KIND = { draft: 'muted', active: 'ok', retired: 'bad' };

function clip(text, n) {
	const s = String(text || '');
	return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

export async function mount(main, params, ctx) {
	const q = ctx.query;
	const filters = {
		level: q.get('level') || '', function: q.get('function') || '', type: q.get('type') || '',
		status: q.get('status') || '', q: q.get('q') || '', page: Number(q.get('page')) || 1,
	};

	const level = select([['', t('common.all')], ...LEVELS.map((l) => [l, levelName(l)])], filters.level);
	const fn = functionInput(() => level.value);
	fn.value = filters.function;
	level.addEventListener('change', () => fn.refresh());
	const type = select([['', t('common.all')], ...TYPES.map((x) => [x, typeName(x)])], filters.type);
	const status = select([['', t('common.all')], ...STATUSES.map((x) => [x, t(`status.${x}`)])], filters.status);
	const search = h('input', { type: 'search', value: filters.q });

	const go = (page) => {
		const next = { level: level.value, function: fn.value.trim(), type: type.value, status: status.value, q: search.value.trim(), page };
		ctx.navigate(`#/items${query(next.page === 1 ? { ...next, page: '' } : next)}`);
	};
	const form = h('form', { class: 'filters', role: 'search', 'aria-label': t('items.filters') },
		field(t('items.level'), level),
		field(t('items.function'), fn, { hint: t('items.function_hint') }),
		field(t('items.type'), type),
		field(t('items.status'), status),
		field(t('items.search'), search, { wide: true }),
		h('div', { class: 'filter-actions' },
			h('button', { type: 'submit', class: 'btn btn-primary' }, t('items.apply')),
			h('a', { class: 'btn btn-ghost', href: '#/items' }, t('items.reset'))));
	form.addEventListener('submit', (ev) => {
		ev.preventDefault();
		go(1);
	});

	const exportHref = (format) => `${BASE}/items/export${query({ format, level: filters.level })}`;
	main.append(pageHead(t('items.title'),
		h('a', { class: 'btn btn-primary', href: '#/items/new' }, t('items.new')),
		h('a', { class: 'btn', href: '#/items/import' }, t('items.import')),
		h('a', { class: 'btn', href: exportHref('csv'), download: '' }, t('items.export_csv')),
		h('a', { class: 'btn', href: exportHref('gift'), download: '' }, t('items.export_gift'))),
	form);

	const body = h('div', {}, loading());
	main.append(body);
	try {
		const data = await get(`/items${query({ ...filters, per_page: PER_PAGE })}`);
		const items = data.items || [];
		if (!items.length) {
			replace(body, h('p', { class: 'empty' }, t('items.none')));
			return;
		}
		const table = h('div', { class: 'table-wrap' }, h('table', { class: 'table' },
			h('caption', {}, t('items.caption', { total: data.total ?? items.length })),
			h('thead', {}, h('tr', {}, ['ext_id', 'version', 'level', 'type', 'function', 'stem', 'difficulty', 'status', 'updated', 'actions']
				.map((c) => h('th', { scope: 'col' }, t(`items.col.${c}`))))),
			h('tbody', {}, items.map((it) => h('tr', {},
				h('td', {}, h('code', {}, it.ext_id || `#${it.id}`)),
				h('td', { class: 'num' }, it.version),
				h('td', {}, levelName(it.level)),
				h('td', {}, typeName(it.type)),
				h('td', {}, it.function, it.content ? h('span', { class: 'muted' }, ` · ${it.content}`) : null),
				h('td', { class: 'stem-cell' }, h('span', { title: it.stem }, clip(it.stem, 60))),
				h('td', { class: 'num' }, it.difficulty),
				h('td', {}, badge(t(`status.${it.status}`), STATUS_KIND[it.status] || 'muted')),
				h('td', {}, fmtTime(it.updated_at)),
				h('td', {}, h('a', { href: `#/items/${it.id}`, 'aria-label': t('items.edit_label', { id: it.ext_id || it.id }) }, t('common.edit'))))))));
		replace(body, table, pager({ page: data.page || filters.page, perPage: data.per_page || PER_PAGE, total: data.total || items.length, onPage: go }));
	} catch (err) {
		replace(body, errorBox(err));
	}
}
