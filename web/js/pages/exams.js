/*
 * pages/exams.js: 考试 — the list of exams for managers and admins, with a
 * link to create one and to each exam's detail and results.
 */
import { h, replace } from '../dom.js';
import { t, tOr, fmtTime } from '../i18n.js';
import { get } from '../api.js';
import { pageHead, loading, errorBox, badge, levelName } from '../ui.js';

const STATUS_KIND = { scheduled: 'muted', open: 'info', closed: 'muted', released: 'ok' };

export async function mount(main) {
	main.append(pageHead(t('exams.title'), h('a', { class: 'btn btn-primary', href: '#/exams/new' }, t('exams.new'))));
	const body = h('div', {}, loading());
	main.append(body);
	try {
		const data = await get('/exams');
		const exams = data.exams || [];
		if (!exams.length) {
			replace(body, h('p', { class: 'empty' }, t('exams.none')));
			return;
		}
		const cols = ['title', 'level', 'format', 'window', 'duration', 'forms', 'candidates', 'submitted', 'status', 'actions'];
		replace(body, h('div', { class: 'table-wrap' }, h('table', { class: 'table' },
			h('caption', {}, t('exams.caption', { n: exams.length })),
			h('thead', {}, h('tr', {}, cols.map((c) => h('th', { scope: 'col' }, t(`exams.col.${c}`))))),
			h('tbody', {}, exams.map((e) => h('tr', {},
				h('th', { scope: 'row' }, h('a', { href: `#/exams/${e.id}` }, e.title)),
				h('td', {}, levelName(e.level)),
				h('td', {}, tOr(`format.${e.format}`, e.format)),
				h('td', {}, fmtTime(e.opens_at), ' – ', fmtTime(e.closes_at)),
				h('td', { class: 'num' }, t('common.minutes', { n: e.duration_min })),
				h('td', { class: 'num' }, e.forms),
				h('td', { class: 'num' }, e.candidates),
				h('td', { class: 'num' }, e.submitted),
				h('td', {}, e.status ? badge(tOr(`exam_status.${e.status}`, e.status), STATUS_KIND[e.status] || 'muted') : null, ' ',
					e.results_released ? badge(`✓ ${t('exams.released')}`, 'ok') : null),
				h('td', { class: 'actions' },
					h('a', { href: `#/exams/${e.id}`, 'aria-label': t('exams.detail_label', { title: e.title }) }, t('exams.detail')), ' · ',
					h('a', { href: `#/exams/${e.id}/results`, 'aria-label': t('exams.results_label', { title: e.title }) }, t('exams.results')))))))));
	} catch (err) {
		replace(body, errorBox(err));
	}
}
