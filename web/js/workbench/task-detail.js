/*
 * workbench/task-detail.js: one practical task for staff (#/tasks/:id):
 * its facts, the instructions in both languages, the scoring rule (metric
 * with zero_at / full_at, or the raters' rubric), parameters, items and
 * the hidden gold answer (collapsed), the assets, export; a preview of the
 * candidate's workbench (answers stay in the page) and 试评分: grading an
 * answer through the server (POST /tasks/:id/grade) to check the task.
 */
import { h, replace } from '../dom.js';
import { t, loc, fmtTime, fmtNum } from '../i18n.js';
import { get, post, BASE } from '../api.js';
import { pageHead, loading, errorBox, badge, levelName, announce } from '../ui.js';
import { KINDS, kindName, fmtBytes, clone } from './common.js';
import { taskTitle } from './tasks-page.js';

const assetHref = (id, name) => `${BASE}/tasks/${id}/assets/${encodeURIComponent(name)}`;

/* JSON shown to staff, cut after max characters. */
function jsonBlock(v, max = 20000) {
	let text = JSON.stringify(v, null, 2) ?? 'null';
	if (text.length > max) text = `${text.slice(0, max)}\n… ${t('task.cut', { n: text.length })}`;
	return h('pre', { class: 'json' }, text);
}

/*
 * The answer as the graders take it: an upload answer without the files'
 * bytes (data_base64; the graders check names, types, sizes and SHA-256).
 */
function forGrading(answer) {
	if (!answer || !Array.isArray(answer.files)) return answer;
	return { ...answer, files: answer.files.map(({ data_base64: _bytes, ...f }) => f) };
}

export function scoringBlock(sc) {
	if (!sc) return h('p', { class: 'muted' }, '—');
	const parts = [];
	if (sc.metric) {
		parts.push(h('dl', { class: 'facts' },
			h('div', {}, h('dt', {}, t('task.metric')), h('dd', {}, h('code', {}, sc.metric))),
			h('div', {}, h('dt', {}, t('task.zero_at')), h('dd', {}, fmtNum(sc.zero_at, 6))),
			h('div', {}, h('dt', {}, t('task.full_at')), h('dd', {}, fmtNum(sc.full_at, 6)))),
		h('p', { class: 'hint' }, t('task.scale_hint', { metric: sc.metric, zero: fmtNum(sc.zero_at, 6), full: fmtNum(sc.full_at, 6) })));
	}
	if (Array.isArray(sc.rubric) && sc.rubric.length) {
		parts.push(h('div', { class: 'table-wrap' }, h('table', { class: 'table compact' },
			h('caption', {}, t('wb.rubric')),
			h('thead', {}, h('tr', {}, ['id', t('wb.rubric_criterion'), t('wb.rubric_points')].map((c) => h('th', { scope: 'col' }, c)))),
			h('tbody', {}, sc.rubric.map((r) => h('tr', {}, h('td', {}, h('code', {}, String(r.id ?? ''))), h('td', {}, loc(r.criterion)),
				h('td', { class: 'num' }, fmtNum(r.points, 2))))))));
	}
	return h('div', {}, parts);
}

function metricsTable(metrics) {
	const rows = Object.entries(metrics || {});
	return h('div', { class: 'table-wrap' }, h('table', { class: 'table compact' },
		h('caption', {}, t('task.metrics')),
		h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('task.metric')), h('th', { scope: 'col' }, t('task.value')))),
		h('tbody', {}, rows.map(([k, v]) => h('tr', {}, h('th', { scope: 'row' }, h('code', {}, k)),
			h('td', { class: typeof v === 'number' ? 'num' : 'detail-cell' },
				typeof v === 'number' ? fmtNum(v, 6) : (v === null ? 'null' : h('code', {}, JSON.stringify(v)))))))));
}

export async function mount(main, [idText]) {
	const id = Number(idText);
	const holder = h('div', {}, loading());
	main.append(holder);
	let data;
	try {
		data = await get(`/tasks/${id}`);
	} catch (err) {
		replace(holder, pageHead(t('tasks.title')), errorBox(err), h('p', {}, h('a', { href: '#/tasks' }, t('task.back'))));
		return undefined;
	}
	const task = data.task || {};
	const m = task.manifest || {};
	const assets = data.assets || [];
	const title = taskTitle(m.title ? m : task);
	const kind = m.kind || task.kind;
	let wb = null;
	let previewAnswer = null;
	const onKey = (ev) => {
		if (!wb || ev.defaultPrevented || document.querySelector('dialog[open]')) return;
		if (wb.onKey && wb.onKey(ev)) ev.preventDefault();
	};

	const facts = [
		['ext_id', h('code', {}, task.ext_id || m.id || '—')],
		['version', task.version ?? '—'],
		['kind', kindName(kind)],
		['level', levelName(m.level ?? task.level)],
		['function', m.function ?? task.function ?? '—'],
		['content', m.content ?? task.content ?? '—'],
		['time', (m.time_limit_min ?? task.time_limit_min) ? t('common.minutes', { n: m.time_limit_min ?? task.time_limit_min }) : '—'],
		['updated', fmtTime(task.updated_at)],
	];

	/* ---- preview and trial grading ---- */
	const previewBox = h('div', { class: 'wb-host preview-host' });
	const answerText = h('textarea', { id: 'task-answer-json', rows: '8', spellcheck: 'false', class: 'mono' }, '{}');
	const gradeOut = h('div', { class: 'form-msg', 'aria-live': 'polite' });
	const gradeBtn = h('button', { type: 'button', class: 'btn btn-primary' }, t('task.grade'));
	const previewBtn = h('button', { type: 'button', class: 'btn' }, t('task.preview_open'));
	previewBtn.addEventListener('click', async () => {
		if (wb) {
			wb.destroy();
			wb = null;
			replace(previewBox);
			previewBtn.textContent = t('task.preview_open');
			return;
		}
		if (!KINDS.includes(kind)) {
			replace(previewBox, errorBox(new Error(t('skill.unknown_kind', { kind: String(kind) }))));
			return;
		}
		const mod = await import(`./${kind}.js`);
		const ptask = {
			pos: 0, kind, title: m.title, instructions: m.instructions, time_limit_min: m.time_limit_min,
			params: m.params || {}, items: m.items, scoring: m.scoring,
			assets: assets.map((a) => ({ ...a, url: assetHref(id, a.name) })),
		};
		const ui = {};
		wb = mod.create({
			task: ptask, answer: previewAnswer, disabled: false,
			change: (answer) => {
				previewAnswer = clone(answer);
				answerText.value = JSON.stringify(forGrading(previewAnswer), null, 1);
			},
			flush: () => {},
			assetUrl: (name) => assetHref(id, name),
			ui, saveUi: () => {}, announce, api: null,
		});
		replace(previewBox, h('p', { class: 'hint' }, t('task.preview_hint')), wb.element);
		previewBtn.textContent = t('task.preview_close');
	});
	gradeBtn.addEventListener('click', async () => {
		let answers;
		try {
			answers = JSON.parse(answerText.value || '{}');
		} catch (err) {
			replace(gradeOut, errorBox(new Error(t('task.bad_json', { message: err.message }))));
			answerText.focus();
			return;
		}
		gradeBtn.disabled = true;
		replace(gradeOut, h('p', { class: 'muted', role: 'status' }, t('task.grading')));
		try {
			const res = await post(`/tasks/${id}/grade`, { answers });
			replace(gradeOut,
				h('p', { class: 'alert alert-ok', role: 'status' }, res.score === null || res.score === undefined
					? t('task.score_pending') : t('task.score', { score: fmtNum(res.score, 2) })),
				metricsTable(res.metrics));
		} catch (err) {
			replace(gradeOut, errorBox(err));
		} finally {
			gradeBtn.disabled = false;
		}
	});

	replace(main,
		pageHead(title,
			h('a', { class: 'btn', href: `${BASE}/tasks/${id}/export`, download: '' }, t('task.export'))),
		h('dl', { class: 'facts card' }, facts.map(([k, v]) => h('div', {}, h('dt', {}, t(`task.f.${k}`)), h('dd', {}, v)))),
		h('div', { class: 'two-col' },
			h('section', { class: 'card', 'aria-labelledby': 'ins-zh', lang: 'zh-CN' }, h('h2', { id: 'ins-zh' }, t('task.instructions_zh')),
				h('p', { class: 'pre' }, (m.title && m.title.zh) || ''), h('div', { class: 'instructions-text' }, (m.instructions && m.instructions.zh) || '—')),
			h('section', { class: 'card', 'aria-labelledby': 'ins-en', lang: 'en' }, h('h2', { id: 'ins-en' }, t('task.instructions_en')),
				h('p', { class: 'pre' }, (m.title && m.title.en) || ''), h('div', { class: 'instructions-text' }, (m.instructions && m.instructions.en) || '—'))),
		h('section', { class: 'card', 'aria-labelledby': 'sc-h' }, h('h2', { id: 'sc-h' }, t('task.scoring')),
			m.scoring && m.scoring.metric && m.scoring.rubric ? badge(t('task.both'), 'info') : null,
			scoringBlock(m.scoring)),
		h('section', { class: 'card', 'aria-labelledby': 'as-h' }, h('h2', { id: 'as-h' }, t('task.assets')),
			assets.length ? h('div', { class: 'table-wrap' }, h('table', { class: 'table compact' },
				h('caption', {}, t('task.assets_caption', { n: assets.length })),
				h('thead', {}, h('tr', {}, [t('wb.file_name'), t('wb.file_type'), t('wb.file_size')].map((c) => h('th', { scope: 'col' }, c)))),
				h('tbody', {}, assets.map((a) => h('tr', {},
					h('th', { scope: 'row' }, h('a', { href: assetHref(id, a.name), target: '_blank', rel: 'noopener' }, a.name)),
					h('td', {}, a.type || '—'), h('td', { class: 'num' }, fmtBytes(a.size)))))))
				: h('p', { class: 'muted' }, t('task.no_assets'))),
		h('section', { class: 'card', 'aria-labelledby': 'data-h' }, h('h2', { id: 'data-h' }, t('task.data')),
			h('details', {}, h('summary', {}, t('task.params')), jsonBlock(m.params ?? {})),
			h('details', {}, h('summary', {}, t('task.items', { n: Array.isArray(m.items) ? m.items.length : (m.items ? Object.keys(m.items).length : 0) })), jsonBlock(m.items ?? [])),
			h('details', {}, h('summary', {}, t('task.gold')), jsonBlock(m.gold ?? null))),
		h('section', { class: 'card', 'aria-labelledby': 'pv-h' },
			h('div', { class: 'section-head' }, h('h2', { id: 'pv-h' }, t('task.preview')), previewBtn),
			previewBox,
			h('div', { class: 'field' }, h('label', { for: 'task-answer-json' }, t('task.answer_json')), answerText,
				h('p', { class: 'hint' }, t('task.answer_json_hint'))),
			h('div', { class: 'form-actions' }, gradeBtn),
			gradeOut),
		h('p', {}, h('a', { href: '#/tasks' }, t('task.back'))));
	document.addEventListener('keydown', onKey);
	return {
		unmount: () => {
			document.removeEventListener('keydown', onKey);
			if (wb) wb.destroy();
		},
	};
}
