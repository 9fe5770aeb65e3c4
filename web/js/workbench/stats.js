/*
 * workbench/stats.js: the `stats` workbench: the task's dataset as a paged
 * table (with a CSV download for working in a spreadsheet) and one labelled
 * input per question (params.questions). The answer is {question_id: value}
 * (a number where the input reads as one, else the text).
 */
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { downloadText } from '../ui.js';
import { toColumnsRows, tablesOf, pagedTable, questionForm, questionProgress, toCsv, clone } from './common.js';

export function progress(task, answer) {
	return questionProgress(task, answer);
}

/* The dataset block shared with test.js: caption, paged table, download. */
export function datasetBlock({ data, caption, filename = 'data.csv' }) {
	const tables = tablesOf(data);
	if (tables && tables.length > 1) {
		return h('div', { class: 'stack' }, tables.map((tb) => datasetBlock({
			data: { columns: tb.columns, rows: tb.rows }, caption: `${caption}${t('wb.colon')}${tb.name}`, filename: `${tb.name || 'data'}.csv`,
		})));
	}
	const { columns, rows } = toColumnsRows(data, { header: true });
	return h('section', { class: 'wb-data', 'aria-label': caption },
		h('div', { class: 'section-head' }, h('h3', {}, caption),
			h('button', {
				type: 'button', class: 'btn btn-small btn-ghost',
				onclick: () => downloadText(filename, toCsv(columns, rows), 'text/csv'),
			}, t('wb.download_csv'))),
		h('p', { class: 'hint' }, t('wb.data_size', { rows: rows.length, cols: columns.length })),
		pagedTable({ caption, columns, rows, perPage: 20 }));
}

/* The question block shared with test.js. */
export function questionsBlock(ctx, answer) {
	const qs = (ctx.task.params && ctx.task.params.questions) || [];
	const form = questionForm({
		questions: qs, answer, disabled: ctx.disabled, idPrefix: 'wbq',
		onChange: (id, value, { typing }) => {
			if (value === null) delete answer[id];
			else answer[id] = value;
			ctx.change(answer, { typing });
		},
	});
	form.addEventListener('focusout', () => ctx.flush && ctx.flush());
	const block = h('section', { class: 'wb-answers', 'aria-labelledby': 'wb-q-title' },
		h('h3', { id: 'wb-q-title' }, t('wb.questions')),
		qs.length ? form : h('p', { class: 'muted' }, t('wb.no_questions')));
	block.setDisabled = (d) => form.setDisabled(d);
	return block;
}

export function create(ctx) {
	const answer = (ctx.answer && typeof ctx.answer === 'object' && !Array.isArray(ctx.answer)) ? clone(ctx.answer) : {};
	const data = ctx.task.items;
	const questions = questionsBlock(ctx, answer);
	const element = h('div', { class: 'wb wb-stats' },
		h('div', { class: 'stats-layout' },
			datasetBlock({ data, caption: t('wb.dataset') }),
			questions));
	return {
		element,
		onKey: () => false,
		setDisabled: (d) => questions.setDisabled(d),
		destroy() {},
	};
}
