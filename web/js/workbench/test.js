/*
 * workbench/test.js: the `test` (algorithm testing) workbench: the model's
 * outputs on a labelled set as paged tables (classification: one row per
 * item with its gold label, slice and class probabilities; detection: one
 * table of gold boxes and one of scored detections), CSV and JSON downloads,
 * a chart of the score distribution, and one labelled input per question.
 * The answer is {question_id: value}.
 */
import { h } from '../dom.js';
import { t, fmtNum } from '../i18n.js';
import { downloadText } from '../ui.js';
import { pagedTable, questionProgress, toCsv, clone, labelsOf, toColumnsRows } from './common.js';
import { questionsBlock, datasetBlock } from './stats.js';
import { histogram, countBars, figure } from './chart.js';

export function progress(task, answer) {
	return questionProgress(task, answer);
}

function isDetection(task) {
	const p = task.params || {};
	if (p.mode) return p.mode === 'detection';
	const first = Array.isArray(task.items) ? task.items[0] : null;
	return !!(first && Array.isArray(first.detections));
}

function tableBlock(title, columns, rows, filename) {
	return h('section', { class: 'wb-data', 'aria-label': title },
		h('div', { class: 'section-head' }, h('h3', {}, title),
			h('button', { type: 'button', class: 'btn btn-small btn-ghost', onclick: () => downloadText(filename, toCsv(columns, rows), 'text/csv') },
				t('wb.download_csv_named', { name: title }))),
		h('p', { class: 'hint' }, t('wb.data_size', { rows: rows.length, cols: columns.length })),
		pagedTable({ caption: title, columns, rows, perPage: 20, format: (v) => (typeof v === 'number' ? fmtNum(v, 4) : (v ?? '')) }));
}

function classification(task) {
	const items = Array.isArray(task.items) ? task.items : [];
	const labels = labelsOf(task.params).map((l) => l.value);
	const probCols = labels.length ? labels : [...new Set(items.flatMap((it) => Object.keys(it.probs || {})))];
	const hasSlice = items.some((it) => it.slice !== undefined);
	const hasText = items.some((it) => it.text !== undefined);
	const columns = ['id', ...(hasText ? [t('wb.col_text')] : []), t('wb.col_gold'), ...(hasSlice ? [t('wb.col_slice')] : []), ...probCols.map((c) => `p(${c})`)];
	const rows = items.map((it) => [it.id, ...(hasText ? [it.text] : []), it.label, ...(hasSlice ? [it.slice] : []), ...probCols.map((c) => (it.probs ? it.probs[c] : undefined))]);
	const maxProb = items.map((it) => Math.max(...Object.values(it.probs || {}).map(Number).filter(Number.isFinite)));
	const charts = [figure(histogram({ title: t('wb.chart_maxprob'), values: maxProb, lo: 0, hi: 1, bins: 10, xLabel: t('wb.chart_prob') }), t('wb.chart_maxprob'))];
	if (hasSlice) {
		const counts = new Map();
		items.forEach((it) => counts.set(String(it.slice), (counts.get(String(it.slice)) || 0) + 1));
		charts.push(figure(countBars({ title: t('wb.chart_slices'), rows: [...counts].map(([label, value]) => ({ label, value })) }), t('wb.chart_slices')));
	}
	return [
		tableBlock(t('wb.outputs'), columns, rows, 'outputs.csv'),
		h('div', { class: 'chart-row' }, charts),
	];
}

function detection(task) {
	const items = Array.isArray(task.items) ? task.items : [];
	const goldRows = [];
	const detRows = [];
	items.forEach((it) => {
		(it.gold || []).forEach((b) => goldRows.push([it.id, b.label, b.x, b.y, b.w, b.h]));
		(it.detections || []).forEach((b) => detRows.push([it.id, b.label, b.score, b.x, b.y, b.w, b.h]));
	});
	const scores = detRows.map((r) => r[2]);
	return [
		tableBlock(t('wb.gold_boxes'), [t('wb.col_image'), t('wb.col_label'), 'x', 'y', 'w', 'h'], goldRows, 'gold.csv'),
		tableBlock(t('wb.detections'), [t('wb.col_image'), t('wb.col_label'), t('wb.col_score'), 'x', 'y', 'w', 'h'], detRows, 'detections.csv'),
		figure(histogram({ title: t('wb.chart_scores'), values: scores, lo: 0, hi: 1, bins: 10, xLabel: t('wb.col_score') }), t('wb.chart_scores')),
	];
}

export function create(ctx) {
	const { task } = ctx;
	const answer = (ctx.answer && typeof ctx.answer === 'object' && !Array.isArray(ctx.answer)) ? clone(ctx.answer) : {};
	const p = task.params || {};
	const det = isDetection(task);
	const known = Array.isArray(task.items) && task.items.length && typeof task.items[0] === 'object' && (task.items[0].probs || task.items[0].detections);
	const facts = [];
	const labels = labelsOf(p);
	if (labels.length) facts.push(h('div', {}, h('dt', {}, t('wb.labels')), h('dd', {}, labels.map((l) => l.name).join(t('list.sep')))));
	facts.push(h('div', {}, h('dt', {}, t('wb.test_mode')), h('dd', {}, det ? t('wb.mode_detection') : t('wb.mode_classification'))));
	if (p.threshold !== undefined && p.threshold !== null) facts.push(h('div', {}, h('dt', {}, t('wb.threshold')), h('dd', {}, fmtNum(p.threshold, 4))));
	if (p.positive !== undefined) facts.push(h('div', {}, h('dt', {}, t('wb.positive')), h('dd', {}, String(p.positive))));
	if (p.iou_threshold !== undefined) facts.push(h('div', {}, h('dt', {}, t('wb.iou_threshold')), h('dd', {}, fmtNum(p.iou_threshold, 4))));
	const questions = questionsBlock(ctx, answer);
	const data = known ? (det ? detection(task) : classification(task)) : [datasetBlock({ data: toColumnsRows(task.items).rows.length ? task.items : [], caption: t('wb.outputs') })];
	const element = h('div', { class: 'wb wb-test' },
		h('dl', { class: 'facts small-facts' }, facts),
		h('div', { class: 'form-actions' }, h('button', {
			type: 'button', class: 'btn btn-small btn-ghost',
			onclick: () => downloadText('outputs.json', JSON.stringify(task.items, null, 1), 'application/json'),
		}, t('wb.download_json'))),
		h('div', { class: 'stats-layout' }, h('div', {}, data), questions));
	return {
		element,
		onKey: () => false,
		setDisabled: (d) => questions.setDisabled(d),
		destroy() {},
	};
}
