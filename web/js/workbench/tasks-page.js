/*
 * workbench/tasks-page.js: 实操任务 (#/tasks) for staff: the practical
 * tasks with filters (等级, 职业功能, 类型; kept in the hash so Back works),
 * each with its level, function, kind, time, scoring and links to its
 * detail page and to export it as a package; a link to import a package.
 */
import { h, replace } from '../dom.js';
import { t, loc, fmtTime } from '../i18n.js';
import { get, query, BASE } from '../api.js';
import { pageHead, loading, errorBox, field, select, badge, LEVELS, levelName } from '../ui.js';
import { functionInput } from '../std-cache.js';
import { KINDS, kindName } from './common.js';

/* A task's title in the current language from a list row or a manifest. */
export function taskTitle(x) {
	if (!x) return '';
	if (x.title && typeof x.title === 'object') return loc(x.title);
	return loc({ zh: x.title_zh, en: x.title_en }) || String(x.ext_id || x.id || '');
}

export async function mount(main, params, ctx) {
	const q = ctx.query;
	const filters = { level: q.get('level') || '', function: q.get('function') || '', kind: q.get('kind') || '' };
	const level = select([['', t('common.all')], ...LEVELS.map((l) => [l, levelName(l)])], filters.level);
	const fn = functionInput(() => level.value);
	fn.value = filters.function;
	level.addEventListener('change', () => fn.refresh());
	const kind = select([['', t('common.all')], ...KINDS.map((k) => [k, kindName(k)])], filters.kind);
	const form = h('form', { class: 'filters', role: 'search', 'aria-label': t('tasks.filters') },
		field(t('tasks.level'), level),
		field(t('tasks.function'), fn, { hint: t('items.function_hint') }),
		field(t('tasks.kind'), kind),
		h('div', { class: 'filter-actions' },
			h('button', { type: 'submit', class: 'btn btn-primary' }, t('items.apply')),
			h('a', { class: 'btn btn-ghost', href: '#/tasks' }, t('items.reset'))));
	form.addEventListener('submit', (ev) => {
		ev.preventDefault();
		ctx.navigate(`#/tasks${query({ level: level.value, function: fn.value.trim(), kind: kind.value })}`);
	});
	main.append(pageHead(t('tasks.title'), h('a', { class: 'btn btn-primary', href: '#/tasks/import' }, t('tasks.import'))), form);
	const body = h('div', {}, loading());
	main.append(body);
	try {
		const data = await get(`/tasks${query(filters)}`);
		const tasks = data.tasks || [];
		if (!tasks.length) {
			replace(body, h('p', { class: 'empty' }, t('tasks.none')));
			return;
		}
		const cols = ['ext_id', 'version', 'title', 'kind', 'level', 'function', 'time', 'scoring', 'assets', 'updated', 'actions'];
		replace(body, h('div', { class: 'table-wrap' }, h('table', { class: 'table' },
			h('caption', {}, t('tasks.caption', { n: tasks.length })),
			h('thead', {}, h('tr', {}, cols.map((c) => h('th', { scope: 'col' }, t(`tasks.col.${c}`))))),
			h('tbody', {}, tasks.map((x) => {
				const title = taskTitle(x);
				const nAssets = Array.isArray(x.assets) ? x.assets.length : (Number(x.assets) || 0);
				return h('tr', {},
					h('td', {}, h('code', {}, x.ext_id || `#${x.id}`)),
					h('td', { class: 'num' }, x.version ?? '—'),
					h('th', { scope: 'row' }, h('a', { href: `#/tasks/${x.id}` }, title)),
					h('td', {}, kindName(x.kind)),
					h('td', {}, levelName(x.level)),
					h('td', {}, x.function, x.content ? h('span', { class: 'muted' }, ` · ${x.content}`) : null),
					h('td', { class: 'num' }, x.time_limit_min ? t('common.minutes', { n: x.time_limit_min }) : '—'),
					h('td', {}, x.scored === false || x.scored === 0 ? badge(t('tasks.rubric'), 'warn') : badge(t('tasks.auto'), 'ok')),
					h('td', { class: 'num' }, String(nAssets)),
					h('td', {}, fmtTime(x.updated_at)),
					h('td', { class: 'actions' },
						h('a', { href: `#/tasks/${x.id}`, 'aria-label': t('tasks.detail_label', { title }) }, t('tasks.detail')), ' · ',
						h('a', { href: `${BASE}/tasks/${x.id}/export`, download: '', 'aria-label': t('tasks.export_label', { title }) }, t('tasks.export'))));
			})))));
	} catch (err) {
		replace(body, errorBox(err));
	}
}
