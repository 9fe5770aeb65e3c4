/*
 * workbench/page.js: the candidate's skill-exam page (#/skill/:id, and
 * #/attempt/:id when the attempt is a skill attempt). A task list with
 * points and per-task progress and save state; the current task's
 * instructions and its workbench (one module per kind in this folder); a
 * countdown to the server deadline corrected for clock skew, with warnings
 * at 5 and 1 minutes; autosave through AttemptSync (every change gets the
 * task's next seq, is kept in localStorage until the server acknowledges
 * it, is re-sent after an outage and merged back after a reload); resume at
 * the same task and, through each workbench's remembered view state, at the
 * same item; submit with a confirmation that lists the tasks not worked on.
 * The frame shared with the question exam (timer, save status, offline
 * banner, closing, the submit step) is in ../exam-shell.js.
 */
import { h, replace } from '../dom.js';
import { t, loc, fmtNum } from '../i18n.js';
import { get, post, BASE } from '../api.js';
import { loading, errorBox, announce, badge } from '../ui.js';
import {
	startAttempt, secondsLeft, shellControls, renderClosedNotice, updateShellStatus, tickClock, closeAttempt, openSubmitDialog,
} from '../exam-shell.js';
import { KINDS, kindName, clone, hasContent, fmtBytes } from './common.js';

/* Loads the workbench modules of the given kinds; unknown kinds get none. */
async function loadModules(kinds) {
	const mods = {};
	await Promise.all([...new Set(kinds)].filter((k) => KINDS.includes(k)).map(async (k) => {
		mods[k] = await import(`./${k}.js`);
	}));
	return mods;
}

/* The view state each workbench remembers (current item, zoom, …), per attempt, in localStorage. */
class UiStore {
	constructor(id) {
		this.key = `aitcert.skillui.${id}`;
		try {
			this.data = JSON.parse(localStorage.getItem(this.key)) || {};
		} catch {
			this.data = {};
		}
		if (!this.data.tasks || typeof this.data.tasks !== 'object') this.data.tasks = {};
	}

	task(pos) {
		if (!this.data.tasks[pos] || typeof this.data.tasks[pos] !== 'object') this.data.tasks[pos] = {};
		return this.data.tasks[pos];
	}

	save() {
		if (this.cleared) return;
		try {
			localStorage.setItem(this.key, JSON.stringify(this.data));
		} catch {
			/* storage full: the view simply starts at the top after a reload */
		}
	}

	clear() {
		this.cleared = true;
		try {
			localStorage.removeItem(this.key);
		} catch {
			/* nothing stored */
		}
	}
}

export class SkillPage {
	constructor(main, id, ctx, prefetched) {
		this.main = main;
		this.id = id;
		this.ctx = ctx;
		this.prefetched = prefetched || null;
		this.data = null;
		this.tasks = [];
		this.index = 0;
		this.offset = 0;
		this.closed = null;
		this.closedMessage = '';
		this.warned = { 5: false, 1: false };
		this.timer = null;
		this.sync = null;
		this.wb = null;
		this.modules = {};
		this.els = {};
		this.ui = new UiStore(id);
		this.onKey = this.onKey.bind(this);
	}

	async load() {
		replace(this.main, loading());
		let data;
		let t0 = Date.now();
		let t1 = t0;
		try {
			if (this.prefetched) {
				({ data, t0, t1 } = this.prefetched);
				this.prefetched = null;
			} else {
				data = await get(`/attempts/${this.id}`);
				t1 = Date.now();
			}
			this.modules = await loadModules((data.tasks || []).map((x) => x.kind));
		} catch (err) {
			replace(this.main, h('div', { class: 'page-head' }, h('h1', { id: 'page-title', tabindex: '-1' }, t('skill.title'))),
				errorBox(err),
				h('p', {}, h('button', { type: 'button', class: 'btn btn-primary', onclick: () => this.load() }, t('common.retry')),
					' ', h('a', { href: '#/exams' }, t('attempt.back'))));
			return;
		}
		this.data = data;
		this.tasks = (data.tasks || []).slice().sort((a, b) => Number(a.pos) - Number(b.pos));
		startAttempt(this, this.tasks, t0, t1, { onFinished: () => this.ui.clear() });
	}

	resumeIndex() {
		const byPos = this.tasks.findIndex((x) => x.pos === this.sync.current);
		if (byPos >= 0) return byPos;
		const byServer = this.tasks.findIndex((x) => x.pos === this.data.resume_pos);
		if (byServer >= 0) return byServer;
		const firstOpen = this.tasks.findIndex((x) => !hasContent(this.sync.get(x.pos).answer));
		return firstOpen >= 0 ? firstOpen : 0;
	}

	remaining() {
		return secondsLeft(this);
	}

	get task() {
		return this.tasks[this.index];
	}

	/* ---- drawing ---------------------------------------------------------- */

	render() {
		const els = this.els;
		shellControls(this, { submitLabel: t('skill.submit'), disabled: this.closed !== null });
		els.pane = h('section', { class: 'card task-pane', 'aria-labelledby': 'task-title' });
		els.list = h('ol', { class: 'task-list' });
		els.counts = h('p', { class: 'grid-counts' });
		const total = this.tasks.reduce((a, x) => a + (Number(x.points) || 0), 0);
		const bar = h('div', { class: 'exam-bar' },
			h('div', { class: 'exam-bar-title' },
				h('h1', { id: 'page-title', tabindex: '-1' }, this.data.exam_title || t('skill.title')),
				h('p', { class: 'muted' }, t('skill.count', { n: this.tasks.length, points: Math.round(total * 100) / 100 }))),
			els.timer, els.saveStatus, els.submit);
		const nav = h('aside', { class: 'card task-nav', 'aria-labelledby': 'tasks-title' },
			h('h2', { id: 'tasks-title' }, t('skill.tasks')),
			els.counts,
			h('nav', { 'aria-label': t('skill.tasks') }, els.list),
			h('p', { class: 'hint' }, t('skill.list_hint')));
		replace(this.main, h('div', { class: 'exam skill-exam' }, bar, els.banner, els.closedBox,
			h('div', { class: 'skill-layout' }, nav, els.pane)));
		this.renderList();
		this.renderTask();
		this.renderClosed();
		this.updateStatus();
		this.tick();
	}

	renderList() {
		this.els.taskButtons = this.tasks.map((x, i) => {
			const b = h('button', { type: 'button', class: 'task-btn', onclick: () => this.go(i, { focusTask: true }) },
				h('span', { class: 'task-num', 'aria-hidden': 'true' }, String(i + 1)),
				h('span', { class: 'task-main' },
					h('span', { class: 'task-name' }, loc(x.title) || kindName(x.kind)),
					h('span', { class: 'task-meta' }, kindName(x.kind), ' · ', t('attempt.points', { n: fmtPoints(x.points) }),
						h('span', { class: 'task-progress' }))),
				h('span', { class: 'task-state', 'aria-hidden': 'true' }));
			return b;
		});
		replace(this.els.list, this.els.taskButtons.map((b) => h('li', {}, b)));
	}

	/* The workbench context for the current task. */
	wbContext(task) {
		const pos = task.pos;
		const locked = this.closed !== null;
		return {
			task,
			answer: clone(this.sync.get(pos).answer),
			disabled: locked,
			change: (answer, { typing = false } = {}) => {
				if (this.closed) return;
				this.sync.change(pos, { answer: clone(answer) }, { delay: typing });
			},
			flush: () => this.sync.sendNow(pos),
			assetUrl: (name) => assetUrl(this.id, task, name),
			ui: this.ui.task(pos),
			saveUi: () => this.ui.save(),
			announce,
			api: {
				bot: (kb, query) => post(`/attempts/${this.id}/tasks/${pos}/bot`, { kb, query }),
				train: (hyper) => post(`/attempts/${this.id}/tasks/${pos}/train`, { hyper }),
				job: (job) => get(`/attempts/${this.id}/tasks/${pos}/train/${encodeURIComponent(job)}`),
			},
		};
	}

	renderTask() {
		if (this.wb) {
			this.wb.destroy();
			this.wb = null;
		}
		const task = this.task;
		if (!task) {
			replace(this.els.pane, h('h2', { id: 'task-title', tabindex: '-1' }, t('skill.tasks')), h('p', { class: 'empty' }, t('skill.no_tasks')));
			return;
		}
		const mod = this.modules[task.kind];
		this.els.taskSave = h('span', { class: 'q-save' });
		this.els.taskError = h('p', { class: 'field-error', hidden: true });
		let body;
		if (mod) {
			try {
				this.wb = mod.create(this.wbContext(task));
				body = this.wb.element;
			} catch (err) {
				body = errorBox(err);
			}
		} else {
			body = h('p', { class: 'alert alert-error', role: 'alert' }, t('skill.unknown_kind', { kind: String(task.kind) }));
		}
		const instrState = this.ui.task(task.pos);
		const instr = h('details', { class: 'wb-instructions', open: instrState.instrClosed !== true },
			h('summary', {}, t('skill.instructions')),
			h('div', { class: 'instructions-text' }, loc(task.instructions)),
			scoringNote(task),
			this.assetList(task));
		instr.addEventListener('toggle', () => {
			instrState.instrClosed = !instr.open;
			this.ui.save();
		});
		const prev = h('button', { type: 'button', class: 'btn', 'data-nav': 'prev', disabled: this.index === 0, onclick: () => this.go(this.index - 1) },
			h('span', { 'aria-hidden': 'true' }, '‹ '), t('skill.prev_task'));
		const next = h('button', { type: 'button', class: 'btn', 'data-nav': 'next', disabled: this.index >= this.tasks.length - 1, onclick: () => this.go(this.index + 1) },
			t('skill.next_task'), h('span', { 'aria-hidden': 'true' }, ' ›'));
		replace(this.els.pane,
			h('div', { class: 'q-head' },
				h('h2', { id: 'task-title', tabindex: '-1' }, t('skill.task_of', { n: this.index + 1, total: this.tasks.length, title: loc(task.title) || kindName(task.kind) })),
				badge(kindName(task.kind), 'muted'),
				h('span', { class: 'muted' }, t('attempt.points', { n: fmtPoints(task.points) })),
				task.time_limit_min ? h('span', { class: 'muted' }, t('skill.suggested', { n: task.time_limit_min })) : null,
				h('span', { class: 'q-head-spacer' }),
				h('span', { class: 'q-save-wrap' }, h('span', { class: 'muted' }, t('skill.this_task')), this.els.taskSave)),
			instr,
			this.els.taskError,
			h('div', { class: 'wb-host', 'data-kind': task.kind }, body),
			h('div', { class: 'q-foot' }, prev, next));
		this.sync.setCurrent(task.pos);
		this.updateStatus();
	}

	/* Downloadable reference files of a task (images are shown in the workbench). */
	assetList(task) {
		const files = (task.assets || []).filter((a) => !/^image\//.test(a.type || '') && !/\.(png|jpe?g|gif|webp|svg)$/i.test(a.name || ''));
		if (!files.length) return null;
		return h('div', { class: 'asset-list' },
			h('h3', {}, t('skill.assets')),
			h('ul', {}, files.map((a) => h('li', {},
				h('a', { href: assetUrl(this.id, task, a.name), download: String(a.name).split('/').pop() }, a.name),
				a.size ? h('span', { class: 'muted' }, ` (${fmtBytes(a.size)})`) : null))));
	}

	renderClosed() {
		renderClosedNotice(this, 'skill.submitted_title');
	}

	/* Per-task progress text: from the workbench module, else worked / not worked. */
	progressOf(task) {
		const ans = this.sync.get(task.pos).answer;
		const mod = this.modules[task.kind];
		let p = null;
		try {
			p = mod && mod.progress ? mod.progress(task, ans) : null;
		} catch {
			p = null;
		}
		return { worked: hasContent(ans), p };
	}

	taskLabel(i) {
		const task = this.tasks[i];
		const { worked, p } = this.progressOf(task);
		const parts = [t('skill.task_n', { n: i + 1, title: loc(task.title) || kindName(task.kind) }),
			worked ? t('skill.worked') : t('skill.not_worked')];
		if (p && p.total) parts.push(t('skill.progress', { done: p.done, total: p.total }));
		const st = this.sync.statusOf(task.pos);
		if (st !== 'saved') parts.push(t(`save.${st}`));
		return parts.join(t('list.label_sep'));
	}

	updateStatus() {
		if (!this.els.saveStatus || !this.sync) return;
		updateShellStatus(this, 'skill.offline_pending');
		const task = this.task;
		if (task && this.els.taskSave) {
			const qs = this.sync.statusOf(task.pos);
			this.els.taskSave.dataset.status = qs;
			this.els.taskSave.textContent = t(`save.${qs}`);
			const msg = this.sync.errors.get(task.pos);
			this.els.taskError.hidden = !msg;
			this.els.taskError.textContent = msg ? t('save.rejected', { message: msg }) : '';
		}
		let worked = 0;
		(this.els.taskButtons || []).forEach((b, i) => {
			const x = this.tasks[i];
			const pr = this.progressOf(x);
			worked += pr.worked ? 1 : 0;
			const st = this.sync.statusOf(x.pos);
			b.classList.toggle('answered', pr.worked);
			b.classList.toggle('current', i === this.index);
			b.classList.toggle('unsaved', st !== 'saved');
			b.setAttribute('aria-label', this.taskLabel(i));
			if (i === this.index) b.setAttribute('aria-current', 'step');
			else b.removeAttribute('aria-current');
			const prog = b.querySelector('.task-progress');
			if (prog) prog.textContent = pr.p && pr.p.total ? ` · ${pr.p.done}/${pr.p.total}` : '';
			const mark = b.querySelector('.task-state');
			if (mark) mark.textContent = st !== 'saved' ? '●' : (pr.worked ? '✓' : '');
		});
		if (this.els.counts) this.els.counts.textContent = t('skill.counts', { worked, open: this.tasks.length - worked });
	}

	/* ---- actions ---------------------------------------------------------- */

	go(i, { focusTask = false } = {}) {
		if (i < 0 || i >= this.tasks.length || i === this.index) return;
		if (this.task) this.sync.sendNow(this.task.pos);
		const navButton = document.activeElement && document.activeElement.dataset ? document.activeElement.dataset.nav : undefined;
		this.index = i;
		this.renderTask();
		const again = navButton && this.els.pane.querySelector(`.q-foot [data-nav="${navButton}"]`);
		if (!focusTask && again && !again.disabled) again.focus();
		else document.getElementById('task-title').focus();
	}

	onKey(ev) {
		if (ev.defaultPrevented || this.closed || !this.wb || typeof this.wb.onKey !== 'function') return;
		if (document.querySelector('dialog[open]')) return;
		if (this.wb.onKey(ev)) ev.preventDefault();
	}

	tick() {
		tickClock(this);
	}

	close(reason, message) {
		closeAttempt(this, reason, message, {
			unsentKey: 'skill.unsent_at_close',
			submittedTitle: 'skill.submitted_title',
			afterClear: () => this.ui.clear(),
			rerender: () => this.renderTask(),
		});
	}

	openSubmit() {
		if (this.closed) return;
		const open = [];
		this.tasks.forEach((x, i) => {
			if (!hasContent(this.sync.get(x.pos).answer)) open.push(t('skill.task_n', { n: i + 1, title: loc(x.title) || kindName(x.kind) }));
		});
		const msg = h('div', { class: 'form-msg' });
		const pending = this.sync.pendingCount;
		const content = h('div', { class: 'stack' },
			h('p', {}, t('skill.submit_summary', { total: this.tasks.length, worked: this.tasks.length - open.length })),
			h('dl', { class: 'submit-lists' },
				h('div', {}, h('dt', {}, t('skill.submit_open', { n: open.length })),
					h('dd', {}, open.length ? h('ul', { class: 'open-tasks' }, open.map((x) => h('li', {}, x))) : t('common.none')))),
			pending ? h('p', { class: 'alert alert-warn' }, t('submit.pending', { n: pending })) : null,
			h('p', {}, t('skill.submit_final')),
			msg);
		openSubmitDialog(this, { title: t('skill.submit_title'), content, msg, submittedText: 'skill.submitted_text' });
	}

	destroy() {
		clearInterval(this.timer);
		document.removeEventListener('keydown', this.onKey);
		if (this.wb) this.wb.destroy();
		this.wb = null;
		if (this.sync) this.sync.detach();
	}
}

/* How the task is scored, in one line (the metric and its thresholds, or raters). */
function scoringNote(task) {
	const sc = task.scoring;
	if (!sc) return null;
	const parts = [];
	if (sc.metric) parts.push(t('skill.scoring_metric', { metric: sc.metric, zero: fmtNum(sc.zero_at, 4), full: fmtNum(sc.full_at, 4) }));
	if (Array.isArray(sc.rubric) && sc.rubric.length) parts.push(t('skill.scoring_rubric'));
	return parts.length ? h('p', { class: 'hint scoring-note' }, parts.join(' ')) : null;
}

function fmtPoints(p) {
	const n = Number(p) || 0;
	return Math.round(n * 100) / 100;
}

/* The URL of a task asset: the one the server sent, else the attempt's asset route. */
export function assetUrl(attemptId, task, name) {
	const a = (task.assets || []).find((x) => x.name === name);
	if (a && a.url) return a.url;
	return `${BASE}/attempts/${attemptId}/tasks/${task.pos}/assets/${encodeURIComponent(name)}`;
}

/* Mounts the skill page; prefetched = {data, t0, t1} when the attempt was already loaded. */
export async function mountSkill(main, id, ctx, prefetched) {
	const page = new SkillPage(main, id, ctx, prefetched);
	await page.load();
	return {
		unmount: () => page.destroy(),
		relabel: () => {
			if (page.data) page.render();
			else page.load();
		},
	};
}

export async function mount(main, [idText], ctx) {
	return mountSkill(main, Number(idText), ctx, null);
}
