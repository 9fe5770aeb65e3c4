/*
 * pages/exam-detail.js: one exam: its settings, the frozen forms (papers;
 * for a skill exam, the tasks of each form with their points), the
 * candidates with their form, attempt state and score, and a form to
 * change the candidates and their extra time.
 */
import { h, replace } from '../dom.js';
import { t, tOr, loc, fmtTime, fmtNum } from '../i18n.js';
import { get, api, BASE } from '../api.js';
import { pageHead, loading, errorBox, notice, badge, levelName } from '../ui.js';
import { candidatePicker } from '../candidate-picker.js';
import { functionName } from '../std-cache.js';

const ATTEMPT_KIND = { not_started: 'muted', in_progress: 'warn', submitted: 'ok', expired: 'bad' };

/* The exam's state from its window when the server did not send one. */
function statusOf(exam) {
	if (exam.status) return exam.status;
	const now = Date.now() / 1000;
	return now < exam.opens_at ? 'scheduled' : now < exam.closes_at ? 'open' : 'closed';
}

function facts(exam, forms) {
	const settings = exam.settings || {};
	const seed = exam.seed ?? settings.seed ?? (forms[0] ? forms[0].seed : undefined);
	const skill = exam.part === 'skill';
	const rows = [
		['level', levelName(exam.level)],
		['part', t(`part.${skill ? 'skill' : 'theory'}`)],
		skill ? ['tasks_per_function', settings.tasks_per_function ?? '—'] : ['format', tOr(`format.${exam.format}`, exam.format)],
		['opens_at', fmtTime(exam.opens_at)],
		['closes_at', fmtTime(exam.closes_at)],
		['duration', t('common.minutes', { n: exam.duration_min })],
		['forms', exam.forms ?? forms.length],
		skill ? null : ['max_overlap', exam.max_overlap ?? settings.max_overlap ?? '—'],
		['seed', seed ?? '—'],
		['status', tOr(`exam_status.${statusOf(exam)}`, statusOf(exam))],
		['released', exam.results_released ? t('common.yes') : t('common.no')],
	];
	return h('dl', { class: 'facts card' }, rows.filter(Boolean).map(([k, v]) => h('div', {}, h('dt', {}, t(`detail.${k}`)), h('dd', {}, String(v)))));
}

function byFunctionText(list) {
	return (list || []).map((f) => `${f.function} ${functionName(f)}: ${fmtNum(f.points)}`).join(t('list.sep'));
}

function formsTable(examId, forms) {
	return h('div', { class: 'table-wrap' }, h('table', { class: 'table' },
		h('caption', {}, t('detail.forms_caption')),
		h('thead', {}, h('tr', {}, ['code', 'items', 'difficulty', 'by_function', 'view'].map((c) => h('th', { scope: 'col' }, t(`detail.fcol.${c}`))))),
		h('tbody', {}, forms.map((f) => {
			const st = f.stats || f;
			return h('tr', {},
				h('th', { scope: 'row' }, f.code),
				h('td', { class: 'num' }, st.items ?? '—'),
				h('td', { class: 'num' }, fmtNum(st.mean_difficulty)),
				h('td', {}, byFunctionText(st.by_function)),
				h('td', {}, h('a', { href: `#/exams/${examId}/forms/${f.id}`, 'aria-label': t('detail.view_form_label', { code: f.code }) }, t('detail.view_form'))));
		}))));
}

/* A skill exam's forms: per form, its tasks (position, task, kind, work function, points). */
function skillForms(forms) {
	return forms.map((f) => {
		const tasks = ((f.stats || {}).tasks || []).slice().sort((a, b) => Number(a.position) - Number(b.position));
		const total = tasks.reduce((a, x) => a + (Number(x.points) || 0), 0);
		return h('div', { class: 'table-wrap' }, h('table', { class: 'table compact' },
			h('caption', {}, t('detail.skill_form_caption', { code: f.code, n: tasks.length, points: fmtNum(total) })),
			h('thead', {}, h('tr', {}, ['position', 'ext_id', 'title', 'kind', 'function', 'points'].map((c) => h('th', { scope: 'col' }, t(`detail.tcol.${c}`))))),
			h('tbody', {}, tasks.map((x) => h('tr', {},
				h('td', { class: 'num' }, String(x.position)),
				h('td', {}, h('code', {}, x.ext_id || '—')),
				h('th', { scope: 'row' }, loc({ zh: x.title_zh, en: x.title_en }) || x.ext_id || '—'),
				h('td', {}, tOr(`kind.${x.kind}`, x.kind)),
				h('td', {}, x.function ?? '—'),
				h('td', { class: 'num' }, fmtNum(x.points)))))));
	});
}

function candidatesTable(list) {
	if (!list.length) return h('p', { class: 'empty' }, t('detail.no_candidates'));
	return h('div', { class: 'table-wrap' }, h('table', { class: 'table' },
		h('caption', {}, t('detail.candidates_caption', { n: list.length })),
		h('thead', {}, h('tr', {}, ['name', 'username', 'form', 'extra', 'state', 'score'].map((c) => h('th', { scope: 'col' }, t(`detail.ccol.${c}`))))),
		h('tbody', {}, list.map((c) => h('tr', {},
			h('th', { scope: 'row' }, c.name || c.username),
			h('td', {}, c.username),
			h('td', {}, c.form || '—'),
			h('td', { class: 'num' }, c.extra_min ? t('common.minutes', { n: c.extra_min }) : '—'),
			h('td', {}, badge(tOr(`attempt_status.${c.attempt_status}`, c.attempt_status), ATTEMPT_KIND[c.attempt_status] || 'muted')),
			h('td', { class: 'num' }, c.score === null || c.score === undefined ? '—' : fmtNum(c.score, 1)))))));
}

export async function mount(main, [idText]) {
	const id = Number(idText);
	const holder = h('div', {}, loading());
	main.append(holder);

	const draw = (data, flash) => {
		const exam = data.exam;
		const candBox = h('div', {}, candidatesTable(data.candidates || []));
		const editBox = h('div', {});
		const editButton = h('button', { type: 'button', class: 'btn' }, t('detail.edit_candidates'));
		editButton.addEventListener('click', () => {
			editButton.hidden = true;
			const picker = candidatePicker((data.candidates || []).map((c) => ({ user_id: c.user_id, extra_min: c.extra_min })));
			const msg = h('div', { class: 'form-msg' });
			const save = h('button', { type: 'button', class: 'btn btn-primary' }, t('detail.save_candidates'));
			const cancel = h('button', { type: 'button', class: 'btn btn-ghost' }, t('common.cancel'));
			cancel.addEventListener('click', () => {
				replace(editBox);
				editButton.hidden = false;
				editButton.focus();
			});
			save.addEventListener('click', async () => {
				save.disabled = true;
				replace(msg);
				try {
					const res = await api('PUT', `/exams/${id}/candidates`, { candidates: picker.value() });
					draw(res.exam ? res : { ...data, ...res }, t('detail.candidates_saved'));
				} catch (err) {
					save.disabled = false;
					msg.append(errorBox(err));
				}
			});
			replace(editBox, h('div', { class: 'card stack' }, picker.element, msg, h('div', { class: 'form-actions' }, save, cancel)));
			picker.ready.then(() => editBox.querySelector('input[type=search]').focus());
		});
		replace(main,
			pageHead(exam.title,
				h('a', { class: 'btn btn-primary', href: `#/exams/${id}/results` }, t('detail.results')),
				h('a', { class: 'btn', href: `${BASE}/exams/${id}/results.csv`, download: '' }, t('results.export_csv'))),
			flash ? notice(flash) : null,
			facts(exam, data.forms || []),
			h('section', { 'aria-labelledby': 'forms-h' }, h('h2', { id: 'forms-h' }, t('detail.forms')),
				exam.part === 'skill' ? skillForms(data.forms || []) : formsTable(id, data.forms || [])),
			h('section', { 'aria-labelledby': 'cands-h' },
				h('div', { class: 'section-head' }, h('h2', { id: 'cands-h' }, t('detail.candidates')), editButton),
				editBox, candBox),
			h('p', {}, h('a', { href: '#/exams' }, t('detail.back'))));
		if (flash) document.getElementById('page-title').focus();
	};

	try {
		draw(await get(`/exams/${id}`));
	} catch (err) {
		replace(holder, errorBox(err), h('p', {}, h('a', { href: '#/exams' }, t('detail.back'))));
	}
}
