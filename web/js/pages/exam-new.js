/*
 * pages/exam-new.js: create an exam: title, part (理论知识 / 操作技能),
 * level, paper format (theory) or tasks per work function (skill), window
 * (datetime-local), duration, parallel forms, overlap (theory), seed,
 * candidates with per-candidate extra time. The duration follows the
 * standard's minimum for the level and part until the user changes it.
 * Server refusals are shown clearly: a duration below the standard's
 * minimum next to 时长, an infeasible blueprint (or too few tasks for a
 * work function) with a table of what is short.
 */
import { h, replace, uid } from '../dom.js';
import { t, loc } from '../i18n.js';
import { post } from '../api.js';
import { pageHead, field, select, errorBox, LEVELS, levelName, localToUnix, unixToLocal } from '../ui.js';
import { paperSelect, loadStandard, levelOf } from '../std-cache.js';
import { candidatePicker } from '../candidate-picker.js';

export function mount(main, params, ctx) {
	const now = Math.ceil(Date.now() / 3600000) * 3600;
	const f = {
		title: h('input', { type: 'text', maxlength: '200' }),
		level: select(LEVELS.map((l) => [l, levelName(l)]), 3),
		opens_at: h('input', { type: 'datetime-local', value: unixToLocal(now) }),
		closes_at: h('input', { type: 'datetime-local', value: unixToLocal(now + 3 * 3600) }),
		duration_min: h('input', { type: 'number', min: '1', max: '600', value: '90' }),
		forms: h('input', { type: 'number', min: '1', max: '26', value: '2' }),
		max_overlap: h('input', { type: 'number', min: '0', value: '0' }),
		seed: h('input', { type: 'number', min: '0', value: String(Math.floor(Math.random() * 100000)) }),
		tasks_per_function: h('input', { type: 'number', min: '1', max: '10', value: '1' }),
		avoid_recent: h('input', { type: 'number', min: '0', value: '0' }),
		difficulty_lo: h('input', { type: 'number', min: '1', max: '5', step: '0.1', value: '' }),
		difficulty_hi: h('input', { type: 'number', min: '1', max: '5', step: '0.1', value: '' }),
	};
	f.format = paperSelect(() => f.level.value, 'demo');
	const w = {};
	/* part: theory or skill, as a radio group */
	const partName = uid('part');
	const partRadios = ['theory', 'skill'].map((p) => h('input', { type: 'radio', name: partName, value: p, id: `${partName}-${p}`, checked: p === 'theory' }));
	const partBox = h('fieldset', { class: 'wide part-choice' },
		h('legend', {}, t('examnew.part')),
		partRadios.map((r) => h('span', { class: 'radio-field' }, r, h('label', { for: r.id }, t(`part.${r.value}`)))));
	const part = () => (partRadios[1].checked ? 'skill' : 'theory');
	const weightsHint = h('p', { class: 'hint' });
	let durationTouched = false;
	f.duration_min.addEventListener('input', () => {
		durationTouched = true;
	});
	/* The standard's minimum minutes for the level and part, and the level's skill weights. */
	const refreshPart = async () => {
		const skill = part() === 'skill';
		['format', 'max_overlap'].forEach((k) => {
			w[k].hidden = skill;
		});
		advanced.hidden = skill;
		w.tasks_per_function.hidden = !skill;
		const fallback = skill ? ({ 5: 90, 4: 90, 3: 120, 2: 150, 1: 150 }[f.level.value] || 90) : 90;
		let min = fallback;
		let weights = [];
		try {
			const std = await loadStandard();
			const lv = levelOf(std.doc, f.level.value);
			const p = ((lv && lv.parts) || []).find((x) => x.part === part());
			if (p && Number(p.min_minutes) > 0) min = Number(p.min_minutes);
			const fns = (lv && lv.functions) || [];
			weights = ((lv && lv.skill_weights) || []).filter((x) => Number(x.percent) > 0).map((x) => {
				const fn = fns.find((y) => String(y.code) === String(x.function));
				return `${x.function} ${fn ? loc(fn.name) : ''} ${x.percent}%`.replace(/\s+/g, ' ');
			});
		} catch {
			/* the fallback minimum stays */
		}
		const durationHint = w.duration_min.querySelector('.hint');
		if (durationHint) durationHint.textContent = t(skill ? 'examnew.duration_hint_skill' : 'examnew.duration_hint_part', { n: min });
		weightsHint.textContent = weights.length ? t('examnew.skill_weights', { list: weights.join(t('list.sep')) }) : '';
		if (!durationTouched) f.duration_min.value = String(min);
	};
	partRadios.forEach((r) => r.addEventListener('change', () => refreshPart()));
	f.level.addEventListener('change', () => {
		f.format.refresh();
		refreshPart();
	});
	const fld = (name, label, opts) => {
		w[name] = field(label, f[name], opts);
		return w[name];
	};
	const advanced = h('details', { class: 'wide advanced' },
		h('summary', {}, t('examnew.advanced')),
		h('div', { class: 'form-grid inner' },
			fld('avoid_recent', t('examnew.avoid_recent'), { hint: t('examnew.avoid_recent_hint') }),
			fld('difficulty_lo', t('examnew.difficulty_lo')),
			fld('difficulty_hi', t('examnew.difficulty_hi'))));
	const picker = candidatePicker();
	const msg = h('div', { class: 'form-msg' });
	const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, t('examnew.submit'));

	const form = h('form', { class: 'card form-grid', novalidate: true },
		fld('title', t('examnew.title_field'), { required: true, wide: true }),
		partBox,
		fld('level', t('examnew.level'), { required: true }),
		fld('format', t('examnew.format'), { required: true }),
		fld('opens_at', t('examnew.opens_at'), { required: true }),
		fld('closes_at', t('examnew.closes_at'), { required: true }),
		fld('duration_min', t('examnew.duration'), { required: true, hint: t('examnew.duration_hint') }),
		fld('tasks_per_function', t('examnew.tasks_per_function'), { hint: t('examnew.tasks_per_function_hint') }),
		fld('forms', t('examnew.forms'), { hint: t('examnew.forms_hint') }),
		fld('max_overlap', t('examnew.max_overlap'), { hint: t('examnew.max_overlap_hint') }),
		fld('seed', t('examnew.seed'), { hint: t('examnew.seed_hint') }),
		advanced,
		h('div', { class: 'wide' }, picker.element),
		h('div', { class: 'wide' }, msg),
		h('div', { class: 'form-actions wide' }, submit, h('a', { class: 'btn btn-ghost', href: '#/exams' }, t('common.cancel'))));

	const num = (el) => (el.value === '' ? undefined : Number(el.value));

	form.addEventListener('submit', async (ev) => {
		ev.preventDefault();
		replace(msg);
		Object.values(w).forEach((x) => x.setError(''));
		const skill = part() === 'skill';
		const body = skill ? {
			title: f.title.value.trim(),
			level: Number(f.level.value),
			part: 'skill',
			opens_at: localToUnix(f.opens_at.value),
			closes_at: localToUnix(f.closes_at.value),
			duration_min: num(f.duration_min),
			forms: num(f.forms),
			tasks_per_function: num(f.tasks_per_function),
			seed: num(f.seed),
			candidates: picker.value(),
		} : {
			title: f.title.value.trim(),
			level: Number(f.level.value),
			format: f.format.value,
			opens_at: localToUnix(f.opens_at.value),
			closes_at: localToUnix(f.closes_at.value),
			duration_min: num(f.duration_min),
			forms: num(f.forms),
			max_overlap: num(f.max_overlap),
			seed: num(f.seed),
			avoid_recent: num(f.avoid_recent),
			difficulty_lo: num(f.difficulty_lo),
			difficulty_hi: num(f.difficulty_hi),
			candidates: picker.value(),
		};
		const local = [];
		if (!body.title) local.push(['title', t('examnew.need_title')]);
		if (Number.isNaN(body.opens_at)) local.push(['opens_at', t('examnew.need_time')]);
		if (Number.isNaN(body.closes_at)) local.push(['closes_at', t('examnew.need_time')]);
		else if (body.closes_at <= body.opens_at) local.push(['closes_at', t('examnew.bad_window')]);
		if (!(body.duration_min > 0)) local.push(['duration_min', t('examnew.need_duration')]);
		if (local.length) {
			local.forEach(([name, text]) => w[name].setError(text));
			f[local[0][0]].focus();
			return;
		}
		submit.disabled = true;
		replace(msg, h('p', { class: 'busy', role: 'status' }, h('progress', { 'aria-label': t('examnew.busy') }), ' ', t('examnew.busy')));
		try {
			const res = await post('/exams', body);
			ctx.navigate(`#/exams/${res.exam.id}`);
		} catch (err) {
			submit.disabled = false;
			replace(msg);
			if (err.code === 'duration_below_minimum') {
				w.duration_min.setError(err.message);
				f.duration_min.focus();
			}
			(err.details || []).forEach((d) => {
				if (d.field && w[d.field]) w[d.field].setError(d.reason);
			});
			const infeasible = err.code === 'blueprint_infeasible';
			msg.append(errorBox(err, {
				caption: infeasible ? t(skill ? 'examnew.short_tasks' : 'examnew.short_cells') : undefined,
				extra: infeasible ? t(skill ? 'examnew.infeasible_help_skill' : 'examnew.infeasible_help') : null,
			}));
			if (err.code !== 'duration_below_minimum') msg.querySelector('.alert').focus();
		}
	});

	main.append(pageHead(t('examnew.page_title')), form);
	w.tasks_per_function.append(weightsHint);
	refreshPart();
}
