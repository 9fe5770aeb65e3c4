/*
 * pages/exam-form.js: one frozen paper (form) of an exam with its answer
 * key, for review and printing.
 */
import { h, replace } from '../dom.js';
import { t, fmtNum } from '../i18n.js';
import { get } from '../api.js';
import { pageHead, loading, errorBox, badge, typeName } from '../ui.js';

const optionText = (o) => (o !== null && typeof o === 'object' ? o.text ?? '' : String(o ?? ''));

export async function mount(main, [examId, formId]) {
	const holder = h('div', {}, loading());
	main.append(holder);
	let data;
	try {
		data = await get(`/exams/${examId}/forms/${formId}`);
	} catch (err) {
		replace(holder, errorBox(err), h('p', {}, h('a', { href: `#/exams/${examId}` }, t('form.back'))));
		return;
	}
	const form = data.form || {};
	const items = Array.isArray(data.items) ? data.items : [];
	replace(main, 
		pageHead(t('form.title', { code: form.code || formId }),
			h('button', { type: 'button', class: 'btn', onclick: () => window.print() }, t('form.print'))),
		h('p', { class: 'muted' }, t('form.summary', { n: items.length, points: fmtNum(items.reduce((s, it) => s + (Number(it.points) || 0), 0)) })),
		h('ol', { class: 'paper' }, items.map((it) => h('li', { class: 'paper-item' },
			h('p', { class: 'paper-meta' }, badge(typeName(it.type), 'muted'), ' ',
				it.function ? h('span', { class: 'muted' }, `${t('item.function')} ${it.function}`) : null, ' ',
				it.points !== undefined ? h('span', { class: 'muted' }, t('attempt.points', { n: it.points })) : null,
				it.ext_id ? h('code', {}, ` ${it.ext_id}`) : null),
			h('p', { class: 'paper-stem' }, it.stem),
			(it.options || []).length ? h('ol', { class: 'paper-options', type: 'A' },
				it.options.map((o) => h('li', {}, optionText(o)))) : null,
			h('p', { class: 'paper-key' }, h('strong', {}, `${t('item.answer')}: `), String(it.answer ?? '—'))))),
		h('p', {}, h('a', { href: `#/exams/${examId}` }, t('form.back'))));
}
