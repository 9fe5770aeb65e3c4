/*
 * pages/results.js: an exam's results for managers: summary figures, a score
 * histogram with the pass mark, a sortable table filtered by pass/fail (and
 * 待评分 for skill results still waiting for raters), per-task scores and
 * metrics of a skill exam, the CSV export link and the 发布成绩 (release)
 * button with confirmation.
 */
import { h, replace } from '../dom.js';
import { t, tOr, fmtTime, fmtNum } from '../i18n.js';
import { get, post, BASE } from '../api.js';
import { pageHead, loading, errorBox, notice, badge, confirmDialog, field, select, announce } from '../ui.js';
import { histogram } from '../svg.js';
import { functionName } from '../std-cache.js';

const COLUMNS = [
	['name', (r) => r.name || r.username],
	['username', (r) => r.username],
	['score', (r) => (r.score === null || r.score === undefined ? -1 : Number(r.score))],
	['passed', (r) => (isPending(r) ? 0.5 : (r.passed ? 1 : 0))],
	['submitted_at', (r) => Number(r.submitted_at) || 0],
	['status', (r) => r.status || ''],
];

/* A skill result whose rubric parts still wait for raters (its score counts only the graded parts). */
function isPending(r) {
	return r.pending === true || (r.passed === null && r.score !== null && r.score !== undefined);
}

const TASK_STATUS_KIND = { graded: 'ok', pending: 'warn', error: 'bad' };

/* The per-task cell of a skill result: each task's score out of its points, or 待评分 / 评分出错. */
function taskCell(r) {
	const tasks = (r.tasks || []).slice().sort((a, b) => Number(a.position) - Number(b.position));
	if (!tasks.length) return '—';
	const metricRows = [];
	tasks.forEach((x) => Object.entries(x.metrics || {}).forEach(([k, v]) => {
		if (typeof v === 'number' || v === null) metricRows.push([x.position, k, v]);
	}));
	return h('div', { class: 'task-scores' },
		h('ul', { class: 'plain-list' }, tasks.map((x) => h('li', {},
			t('results.task_n', { n: x.position }), '：',
			x.status === 'graded' ? `${fmtNum(x.score)} / ${fmtNum(x.points)}`
				: badge(x.status === 'pending' ? `⚠ ${t('results.task_pending')}` : `✗ ${t('results.task_error')}`, TASK_STATUS_KIND[x.status] || 'muted'),
			x.status === 'graded' ? null : h('span', { class: 'muted' }, ` / ${fmtNum(x.points)}`)))),
		metricRows.length ? h('details', {}, h('summary', {}, t('results.metrics')),
			h('table', { class: 'table compact' },
				h('caption', { class: 'sr-only' }, t('results.metrics_of', { name: r.name || r.username })),
				h('thead', {}, h('tr', {}, [t('results.task'), t('task.metric'), t('task.value')].map((c) => h('th', { scope: 'col' }, c)))),
				h('tbody', {}, metricRows.map(([pos, k, v]) => h('tr', {}, h('td', { class: 'num' }, String(pos)), h('td', {}, h('code', {}, k)),
					h('td', { class: 'num' }, v === null ? 'null' : fmtNum(v, 4))))))) : null);
}

function stats(results, passMark) {
	/* A result awaiting raters has only a partial score: it is not counted as scored. */
	const scored = results.filter((r) => r.score !== null && r.score !== undefined && !isPending(r)).map((r) => Number(r.score));
	const passed = results.filter((r) => r.passed && !isPending(r) && r.score !== null && r.score !== undefined).length;
	const pending = results.filter(isPending).length;
	const mean = scored.length ? scored.reduce((a, b) => a + b, 0) / scored.length : null;
	return h('dl', { class: 'facts card stats' },
		h('div', {}, h('dt', {}, t('results.count')), h('dd', {}, String(results.length))),
		h('div', {}, h('dt', {}, t('results.scored')), h('dd', {}, String(scored.length))),
		h('div', {}, h('dt', {}, t('results.passed_count')), h('dd', {},
			`${passed} (${scored.length ? fmtNum((passed / scored.length) * 100, 1) : 0}%)`)),
		h('div', {}, h('dt', {}, t('results.mean')), h('dd', {}, mean === null ? '—' : fmtNum(mean, 1))),
		h('div', {}, h('dt', {}, t('results.range')), h('dd', {}, scored.length ? `${fmtNum(Math.min(...scored), 1)} – ${fmtNum(Math.max(...scored), 1)}` : '—')),
		h('div', {}, h('dt', {}, t('results.pass_mark_label')), h('dd', {}, String(passMark))),
		pending ? h('div', {}, h('dt', {}, t('results.pending_count')), h('dd', {}, String(pending))) : null);
}

export async function mount(main, [idText]) {
	const id = Number(idText);
	const holder = h('div', {}, loading());
	main.append(holder);
	const view = { sort: 'score', dir: 'descending', filter: 'all' };
	let exam = null;
	let data = null;

	const load = async () => {
		const [e, r] = await Promise.all([get(`/exams/${id}`), get(`/exams/${id}/results`)]);
		exam = e.exam;
		data = r;
	};

	const table = () => {
		const skill = exam.part === 'skill';
		const rows = (data.results || []).filter((r) => {
			if (view.filter === 'all') return true;
			if (view.filter === 'pending') return isPending(r);
			return !isPending(r) && (view.filter === 'passed') === !!r.passed;
		});
		const key = COLUMNS.find(([k]) => k === view.sort)[1];
		rows.sort((a, b) => {
			const x = key(a);
			const y = key(b);
			const c = typeof x === 'string' ? x.localeCompare(y, 'zh-CN') : x - y;
			return view.dir === 'ascending' ? c : -c;
		});
		const head = COLUMNS.map(([k]) => {
			const active = view.sort === k;
			const b = h('button', { type: 'button', class: 'sort-btn' }, t(`results.col.${k}`),
				h('span', { 'aria-hidden': 'true', class: 'sort-mark' }, active ? (view.dir === 'ascending' ? ' ▲' : ' ▼') : ' ↕'));
			b.addEventListener('click', () => {
				view.dir = active && view.dir === 'ascending' ? 'descending' : 'ascending';
				view.sort = k;
				redrawTable();
				const again = document.querySelector(`th[data-col="${k}"] button`);
				if (again) again.focus();
				announce(t('results.sorted', { col: t(`results.col.${k}`), dir: t(`results.${view.dir}`) }));
			});
			return h('th', { scope: 'col', 'data-col': k, 'aria-sort': active ? view.dir : null }, b);
		});
		return h('div', { class: 'table-wrap' }, h('table', { class: 'table' },
			h('caption', {}, t('results.caption', { n: rows.length })),
			h('thead', {}, h('tr', {}, head, h('th', { scope: 'col' }, t('results.col.by_function')),
				skill ? h('th', { scope: 'col' }, t('results.col.tasks')) : null)),
			h('tbody', {}, rows.length ? rows.map((r) => h('tr', {},
				h('th', { scope: 'row' }, r.name || r.username),
				h('td', {}, r.username),
				h('td', { class: 'num' }, r.score === null || r.score === undefined ? '—' : fmtNum(r.score, 1)),
				h('td', {}, isPending(r) ? badge(`⚠ ${t('result.pending')}`, 'warn') : (r.score === null || r.score === undefined ? '—'
					: badge(r.passed ? `✓ ${t('result.passed')}` : `✗ ${t('result.failed')}`, r.passed ? 'ok' : 'bad'))),
				h('td', {}, r.submitted_at ? fmtTime(r.submitted_at) : '—'),
				h('td', {}, tOr(`attempt_status.${r.status}`, r.status || '—')),
				h('td', { class: 'small' }, (r.by_function || []).map((f) => `${f.function} ${functionName(f)} ${fmtNum(f.earned)}/${fmtNum(f.max)}`).join(t('list.sep'))),
				skill ? h('td', { class: 'small' }, taskCell(r)) : null))
				: h('tr', {}, h('td', { colspan: String(COLUMNS.length + (skill ? 2 : 1)), class: 'empty' }, t('results.none'))))));
	};

	const tableBox = h('div', {});
	const redrawTable = () => replace(tableBox, table());

	const draw = (flash) => {
		const passMark = Number(data.pass_mark ?? 60);
		const results = data.results || [];
		const anyPending = results.some(isPending);
		const filter = select([['all', t('results.filter_all')], ['passed', t('results.filter_passed')], ['failed', t('results.filter_failed')],
			...(anyPending ? [['pending', t('results.filter_pending')]] : [])], view.filter);
		filter.addEventListener('change', () => {
			view.filter = filter.value;
			redrawTable();
		});
		const msg = h('div', { class: 'form-msg' }, flash ? notice(flash) : null);
		const release = data.released
			? badge(`✓ ${t('results.is_released')}`, 'ok')
			: h('button', { type: 'button', class: 'btn btn-primary' }, t('results.release'));
		if (!data.released) {
			release.addEventListener('click', async () => {
				const ok = await confirmDialog({
					title: t('results.release_title'),
					content: h('div', { class: 'stack' },
						h('p', {}, t('results.release_text', { n: results.length })),
						h('p', { class: 'alert alert-warn' }, t('results.release_warn'))),
					confirmLabel: t('results.release_confirm'),
				});
				if (!ok) return;
				try {
					await post(`/exams/${id}/release`);
					data.released = true;
					draw(t('results.released_now'));
				} catch (err) {
					replace(msg, errorBox(err));
				}
			});
		}
		const scores = results.filter((r) => r.score !== null && r.score !== undefined && !isPending(r)).map((r) => r.score);
		replace(main,
			pageHead(t('results.title', { title: exam.title }),
				h('a', { class: 'btn', href: `${BASE}/exams/${id}/results.csv`, download: '' }, t('results.export_csv')),
				release),
			msg,
			stats(results, passMark),
			scores.length ? h('figure', { class: 'card chart-card' },
				histogram({ title: t('results.histogram'), scores, passMark, passLabel: t('results.pass_line', { mark: passMark }) }),
				h('figcaption', {}, t('results.histogram_caption'))) : null,
			h('div', { class: 'filters' }, field(t('results.filter'), filter)),
			tableBox,
			h('p', {}, h('a', { href: `#/exams/${id}` }, t('results.back'))));
		redrawTable();
		if (flash) document.getElementById('page-title').focus();
	};

	try {
		await load();
		draw();
	} catch (err) {
		replace(holder, errorBox(err), h('p', {}, h('a', { href: '#/exams' }, t('detail.back'))));
	}
}
