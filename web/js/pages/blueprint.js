/*
 * pages/blueprint.js: 组卷蓝图 — pick a level and a paper format; shows the
 * cells (work function × question type: count, points, available in the
 * bank, short cells marked) and a bar chart of each function's target
 * percent against the points the blueprint gives it.
 */
import { h, replace } from '../dom.js';
import { t, fmtNum, loc } from '../i18n.js';
import { get, query } from '../api.js';
import { pageHead, loading, errorBox, field, select, badge, LEVELS, levelName, typeName } from '../ui.js';
import { paperSelect, functionName } from '../std-cache.js';
import { groupedBars } from '../svg.js';

export async function mount(main, params, ctx) {
	const chosen = { level: ctx.query.get('level') || '3', format: ctx.query.get('format') || 'demo' };
	const level = select(LEVELS.map((l) => [l, levelName(l)]), chosen.level);
	const format = paperSelect(() => level.value, chosen.format);
	level.addEventListener('change', () => format.refresh());
	const form = h('form', { class: 'filters' },
		field(t('blueprint.level'), level),
		field(t('blueprint.format'), format),
		h('div', { class: 'filter-actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, t('blueprint.show'))));
	form.addEventListener('submit', (ev) => {
		ev.preventDefault();
		ctx.navigate(`#/blueprint${query({ level: level.value, format: format.value })}`);
	});
	main.append(pageHead(t('blueprint.title'), h('a', { class: 'btn btn-ghost', href: '#/standard' }, t('blueprint.to_standard'))), form);
	const body = h('div', {}, loading());
	main.append(body);

	let bp;
	try {
		await format.ready;
		bp = await get(`/blueprint${query(chosen)}`);
	} catch (err) {
		replace(body, errorBox(err));
		return;
	}
	const cells = bp.cells || [];
	const short = cells.filter((c) => Number(c.available) < Number(c.count));
	const total = Number(bp.total_points) || cells.reduce((s, c) => s + c.count * c.points_each, 0);
	const table = h('div', { class: 'table-wrap' }, h('table', { class: 'table' },
		h('caption', {}, t('blueprint.cells_caption', { level: levelName(bp.level), format: format.selectedOptions[0] ? format.selectedOptions[0].textContent : bp.format })),
		h('thead', {}, h('tr', {}, ['function', 'type', 'count', 'points_each', 'points', 'available']
			.map((c) => h('th', { scope: 'col', class: ['count', 'points_each', 'points', 'available'].includes(c) ? 'num' : null }, t(`blueprint.col.${c}`))))),
		h('tbody', {}, cells.map((c) => {
			const isShort = Number(c.available) < Number(c.count);
			return h('tr', { class: isShort ? 'row-short' : null },
				h('td', {}, `${c.function} ${loc(c.function_name)}`.trim()),
				h('td', {}, typeName(c.type)),
				h('td', { class: 'num' }, c.count),
				h('td', { class: 'num' }, fmtNum(c.points_each)),
				h('td', { class: 'num' }, fmtNum(c.count * c.points_each)),
				h('td', { class: 'num' }, fmtNum(c.available, 0), ' ',
					isShort ? badge(`⚠ ${t('blueprint.short', { n: c.count - c.available })}`, 'bad') : null));
		})),
		h('tfoot', {}, h('tr', {},
			h('th', { scope: 'row', colspan: '2' }, t('blueprint.total')),
			h('td', { class: 'num' }, cells.reduce((s, c) => s + Number(c.count), 0)),
			h('td', {}),
			h('td', { class: 'num' }, fmtNum(total)),
			h('td', {})))));

	const rows = (bp.by_function || []).map((f) => ({
		label: `${f.function} ${functionName(f)}`.trim(),
		values: [Number(f.target_percent) || 0, total ? (Number(f.points) / total) * 100 : 0],
	}));
	const chart = rows.length ? h('figure', { class: 'card chart-card' },
		groupedBars({
			title: t('blueprint.chart_title'), rows, unit: '%',
			series: [{ name: t('blueprint.target') }, { name: t('blueprint.actual') }],
			max: Math.max(10, ...rows.flatMap((r) => r.values)),
		}),
		h('figcaption', {}, t('blueprint.chart_caption'))) : null;

	replace(body, 
		short.length ? h('div', { class: 'alert alert-error', role: 'alert' }, t('blueprint.short_summary', { n: short.length })) :
			h('div', { class: 'alert alert-ok', role: 'status' }, t('blueprint.feasible')),
		table, chart);
}
