/*
 * pages/my-exams.js: the candidate's 我的考试 list: state, part (理论知识 /
 * 操作技能), window, duration, a start/continue button (a skill exam opens
 * the workbench page #/skill/:id), and the result once released (score,
 * pass/fail or 待评分 while raters still have to grade a part, and a bar
 * chart of points per work function).
 */
import { h, uid, replace } from '../dom.js';
import { t, fmtTime, fmtNum } from '../i18n.js';
import { get, post } from '../api.js';
import { pageHead, loading, errorBox, badge, levelName } from '../ui.js';
import { scoreBars } from '../svg.js';
import { functionName } from '../std-cache.js';

const STATE_KIND = { upcoming: 'muted', open: 'info', in_progress: 'warn', submitted: 'ok', closed: 'muted' };

/* The released result block: score, pass/fail and the per-function chart. */
function resultBlock(result, passMark) {
	const passed = !!result.passed;
	const pending = result.pending === true || (result.passed === null && result.score !== null && result.score !== undefined);
	const rows = (result.by_function || []).map((f) => ({
		label: `${f.function} ${functionName(f)}`.trim(), earned: Number(f.earned) || 0, max: Number(f.max) || 0,
	}));
	return h('div', { class: 'result' },
		h('p', { class: 'result-line' },
			h('span', { class: 'result-score' }, t('my.score', { score: fmtNum(result.score, 1) })),
			pending ? badge(`⚠ ${t('result.pending')}`, 'warn')
				: badge(passed ? `✓ ${t('result.passed')}` : `✗ ${t('result.failed')}`, passed ? 'ok' : 'bad'),
			passMark !== undefined ? h('span', { class: 'muted' }, t('result.pass_mark', { mark: passMark })) : null),
		pending ? h('p', { class: 'hint' }, t('result.pending_hint')) : null,
		rows.length ? scoreBars({ title: t('result.by_function'), rows }) : null);
}

function examCard(exam, ctx, msgArea) {
	const titleId = uid('exam');
	const actions = [];
	const go = async (button) => {
		button.disabled = true;
		replace(msgArea);
		try {
			const r = await post(`/my/exams/${exam.id}/start`);
			ctx.navigate(exam.part === 'skill' ? `#/skill/${r.attempt_id}` : `#/attempt/${r.attempt_id}`);
		} catch (err) {
			button.disabled = false;
			msgArea.append(errorBox(err));
		}
	};
	if (exam.state === 'open' || exam.state === 'in_progress') {
		const label = exam.state === 'open' ? t('my.start') : t('my.continue');
		const b = h('button', { type: 'button', class: 'btn btn-primary', 'aria-describedby': titleId }, label);
		b.addEventListener('click', () => go(b));
		actions.push(b);
	}
	const minutes = Number(exam.duration_min) + Number(exam.extra_min || 0);
	return h('li', { class: 'card exam-card' },
		h('div', { class: 'exam-card-head' },
			h('h2', { id: titleId }, exam.title),
			h('span', { class: 'badges' },
				exam.part ? badge(t(`part.${exam.part === 'skill' ? 'skill' : 'theory'}`), 'muted') : null,
				badge(t(`my.state.${exam.state}`), STATE_KIND[exam.state] || 'muted'))),
		h('dl', { class: 'facts' },
			h('div', {}, h('dt', {}, t('exam.level')), h('dd', {}, levelName(exam.level))),
			h('div', {}, h('dt', {}, t('exam.window')), h('dd', {}, t('my.window', { from: fmtTime(exam.opens_at), to: fmtTime(exam.closes_at) }))),
			h('div', {}, h('dt', {}, t('exam.duration')), h('dd', {},
				exam.extra_min ? t('my.duration_extra', { min: minutes, extra: exam.extra_min }) : t('common.minutes', { n: minutes })))),
		exam.result ? resultBlock(exam.result, exam.result.pass_mark) : (exam.state === 'submitted' ? h('p', { class: 'muted' }, t('my.result_pending')) : null),
		actions.length ? h('div', { class: 'card-actions' }, actions) : null);
}

export async function mount(main, params, ctx) {
	main.append(pageHead(t('my.title')));
	const msgArea = h('div', { class: 'form-msg' });
	const body = h('div', {}, loading());
	main.append(msgArea, body);
	try {
		const data = await get('/my/exams');
		const exams = data.exams || [];
		replace(body, exams.length
			? h('ul', { class: 'card-list', 'aria-label': t('my.title') }, exams.map((e) => examCard(e, ctx, msgArea)))
			: h('p', { class: 'empty' }, t('my.none')));
	} catch (err) {
		replace(body, errorBox(err));
	}
}
