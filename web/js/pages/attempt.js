/*
 * pages/attempt.js: the candidate's exam page. One question at a time with
 * previous/next and a question navigator; a countdown to the server deadline
 * (corrected for client clock skew) with warnings at 5 and 1 minutes;
 * keyboard shortcuts; autosave through AttemptSync with per-question and
 * global save status and an offline banner; resume at the last question; a
 * confirmation <dialog> before submitting; a clean stop when time is up.
 * The frame shared with the skill exam (timer, save status, offline banner,
 * closing, the submit step) is in ../exam-shell.js.
 */
import { h, replace, isTypingTarget } from '../dom.js';
import { t } from '../i18n.js';
import { get } from '../api.js';
import { loading, errorBox, announce, typeName } from '../ui.js';
import { questionBody } from '../question.js';
import {
	startAttempt, secondsLeft, shellControls, renderClosedNotice, updateShellStatus, tickClock, closeAttempt, openSubmitDialog,
} from '../exam-shell.js';

const KNOWN_SECTIONS = ['judge', 'single', 'multi', 'fill'];
const OPTION_LETTERS = 'abcdefgh';

const isAnswered = (a) => a !== null && a !== undefined && a !== '';

function sectionName(section) {
	return KNOWN_SECTIONS.includes(section) ? t(`section.${section}`) : section;
}

/* Question numbers as a readable list ("3、7、12" / "3, 7, 12"), or "none". */
function numberList(nums) {
	return nums.length ? nums.join(t('list.sep')) : t('common.none');
}

class ExamPage {
	constructor(main, id, ctx) {
		this.main = main;
		this.id = id;
		this.ctx = ctx;
		this.data = null;
		this.items = [];
		this.index = 0;
		this.offset = 0;        /* server clock minus client clock, seconds */
		this.closed = null;     /* null | 'deadline' | 'submitted' */
		this.closedMessage = '';
		this.warned = { 5: false, 1: false };
		this.timer = null;
		this.sync = null;
		this.els = {};
		this.onKey = this.onKey.bind(this);
	}

	async load() {
		replace(this.main, loading());
		let data;
		const t0 = Date.now();
		try {
			data = await get(`/attempts/${this.id}`);
		} catch (err) {
			replace(this.main, h('div', { class: 'page-head' }, h('h1', { id: 'page-title', tabindex: '-1' }, t('attempt.title'))),
				errorBox(err),
				h('p', {}, h('button', { type: 'button', class: 'btn btn-primary', onclick: () => this.load() }, t('common.retry')),
					' ', h('a', { href: '#/exams' }, t('attempt.back'))));
			return;
		}
		const t1 = Date.now();
		this.data = data;
		this.items = data.items || [];
		startAttempt(this, this.items, t0, t1);
	}

	resumeIndex() {
		const byPos = this.items.findIndex((it) => it.pos === this.sync.current);
		if (byPos >= 0) return byPos;
		/* A new browser has no local position: resume at the question saved last on the server. */
		const byServer = this.items.findIndex((it) => it.pos === this.data.resume_pos);
		if (byServer >= 0) return byServer;
		const firstOpen = this.items.findIndex((it) => !isAnswered(this.sync.get(it.pos).answer));
		return firstOpen >= 0 ? firstOpen : 0;
	}

	remaining() {
		return secondsLeft(this);
	}

	get item() {
		return this.items[this.index];
	}

	/* ---- drawing ---------------------------------------------------------- */

	render() {
		const els = this.els;
		shellControls(this, { submitLabel: t('attempt.submit') });
		els.pane = h('section', { class: 'card question-pane', 'aria-labelledby': 'q-title' });
		els.grid = h('div', { class: 'grid-groups' });
		els.counts = h('p', { class: 'grid-counts' });

		const bar = h('div', { class: 'exam-bar' },
			h('div', { class: 'exam-bar-title' },
				h('h1', { id: 'page-title', tabindex: '-1' }, this.data.exam_title || t('attempt.title')),
				h('p', { class: 'muted' }, t('attempt.count', { n: this.items.length }))),
			els.timer, els.saveStatus, els.submit);

		const nav = h('aside', { class: 'card navigator', 'aria-labelledby': 'grid-title' },
			h('h2', { id: 'grid-title' }, t('grid.title')),
			els.counts,
			h('nav', { 'aria-label': t('grid.title') }, els.grid),
			this.legend(),
			this.keyboardHelp());

		replace(this.main, h('div', { class: 'exam' }, bar, els.banner, els.closedBox,
			h('div', { class: 'exam-layout' }, els.pane, nav)));
		this.renderGrid();
		this.renderQuestion();
		this.renderClosed();
		this.updateStatus();
		this.tick();
	}

	legend() {
		return h('ul', { class: 'grid-legend', 'aria-label': t('grid.legend') },
			h('li', {}, h('span', { class: 'qbtn answered sample', 'aria-hidden': 'true' }, '1'), t('grid.answered')),
			h('li', {}, h('span', { class: 'qbtn sample', 'aria-hidden': 'true' }, '2'), t('grid.unanswered')),
			h('li', {}, h('span', { class: 'qbtn flagged sample', 'aria-hidden': 'true' }, '3'), t('grid.flagged')),
			h('li', {}, h('span', { class: 'qbtn current sample', 'aria-hidden': 'true' }, '4'), t('grid.current')));
	}

	keyboardHelp() {
		const keys = [
			['1–9 / A–H', t('keys.pick')],
			['N / PageDown', t('keys.next')],
			['P / PageUp', t('keys.prev')],
			['F', t('keys.flag')],
			['Shift+F', t('keys.flag_shift')],
			['↑ ↓ ← →', t('keys.arrows')],
			['Tab / Shift+Tab', t('keys.tab')],
		];
		return h('details', { class: 'kbd-help' },
			h('summary', {}, t('keys.title')),
			h('p', { class: 'hint' }, t('keys.note')),
			h('dl', {}, keys.map(([k, d]) => h('div', {}, h('dt', {}, h('kbd', {}, k)), h('dd', {}, d)))));
	}

	renderGrid() {
		const groups = [];
		this.items.forEach((it, i) => {
			const sec = it.section || it.type;
			let g = groups[groups.length - 1];
			if (!g || g.section !== sec) {
				g = { section: sec, list: [] };
				groups.push(g);
			}
			g.list.push(i);
		});
		this.els.gridButtons = [];
		replace(this.els.grid, groups.map((g) => h('div', { class: 'grid-group' },
			h('h3', {}, sectionName(g.section)),
			h('ul', { class: 'qgrid', role: 'list' }, g.list.map((i) => {
				const b = h('button', { type: 'button', class: 'qbtn', onclick: () => this.go(i, { focusQuestion: true }) }, String(i + 1));
				this.els.gridButtons[i] = b;
				return h('li', {}, b);
			})))));
	}

	gridLabel(i) {
		const st = this.sync.get(this.items[i].pos);
		const parts = [t('grid.number', { n: i + 1 }), isAnswered(st.answer) ? t('grid.answered') : t('grid.unanswered')];
		if (st.flagged) parts.push(t('grid.flagged'));
		return parts.join(t('list.label_sep'));
	}

	renderQuestion() {
		const it = this.item;
		if (!it) {
			replace(this.els.pane, h('p', { class: 'empty' }, t('attempt.no_items')));
			return;
		}
		const st = this.sync.get(it.pos);
		const locked = this.closed !== null;
		this.els.flag = h('button', {
			type: 'button', class: ['btn btn-small btn-flag', st.flagged && 'on'], disabled: locked,
			onclick: () => this.toggleFlag(),
		}, h('span', { 'aria-hidden': 'true' }, '⚑ '), st.flagged ? t('attempt.unflag') : t('attempt.flag'));
		this.els.qSave = h('span', { class: 'q-save' });
		this.els.qError = h('p', { class: 'field-error', hidden: true });
		const body = questionBody(it, {
			answer: st.answer, disabled: locked, name: `q-${it.pos}`,
			onAnswer: (value, { typing }) => this.answer(it.pos, value, typing),
		});
		body.addEventListener('focusout', (ev) => {
			if (it.type === 'fill' && ev.target.tagName === 'INPUT') this.sync.sendNow(it.pos);
		});
		const prev = h('button', { type: 'button', class: 'btn', 'data-nav': 'prev', disabled: this.index === 0, onclick: () => this.go(this.index - 1) },
			h('span', { 'aria-hidden': 'true' }, '‹ '), t('attempt.prev'));
		const next = h('button', { type: 'button', class: 'btn', 'data-nav': 'next', disabled: this.index >= this.items.length - 1, onclick: () => this.go(this.index + 1) },
			t('attempt.next'), h('span', { 'aria-hidden': 'true' }, ' ›'));
		replace(this.els.pane,
			h('div', { class: 'q-head' },
				h('h2', { id: 'q-title', tabindex: '-1' }, t('attempt.q_of', { n: this.index + 1, total: this.items.length })),
				h('span', { class: 'badge badge-muted' }, typeName(it.type)),
				h('span', { class: 'muted' }, t('attempt.points', { n: it.points })),
				h('span', { class: 'q-head-spacer' }),
				h('span', { class: 'q-save-wrap' }, h('span', { class: 'muted' }, t('attempt.this_q')), this.els.qSave)),
			body,
			this.els.qError,
			h('div', { class: 'q-foot' }, prev, this.els.flag, next));
		this.sync.setCurrent(it.pos);
		this.updateStatus();
	}

	renderClosed() {
		renderClosedNotice(this, 'attempt.submitted_title');
	}

	/* Refreshes the save status, the offline banner and the navigator marks. */
	updateStatus() {
		if (!this.els.saveStatus || !this.sync) return;
		updateShellStatus(this, 'offline.pending');

		const it = this.item;
		if (it && this.els.qSave) {
			const qs = this.sync.statusOf(it.pos);
			this.els.qSave.dataset.status = qs;
			this.els.qSave.textContent = t(`save.${qs}`);
			const msg = this.sync.errors.get(it.pos);
			this.els.qError.hidden = !msg;
			this.els.qError.textContent = msg ? t('save.rejected', { message: msg }) : '';
		}

		let answered = 0;
		let flagged = 0;
		(this.els.gridButtons || []).forEach((b, i) => {
			const pos = this.items[i].pos;
			const st = this.sync.get(pos);
			const a = isAnswered(st.answer);
			answered += a ? 1 : 0;
			flagged += st.flagged ? 1 : 0;
			b.classList.toggle('answered', a);
			b.classList.toggle('flagged', st.flagged);
			b.classList.toggle('current', i === this.index);
			b.classList.toggle('unsaved', this.sync.statusOf(pos) !== 'saved');
			b.setAttribute('aria-label', this.gridLabel(i));
			if (i === this.index) b.setAttribute('aria-current', 'step');
			else b.removeAttribute('aria-current');
		});
		if (this.els.counts) {
			this.els.counts.textContent = t('grid.counts', { answered, open: this.items.length - answered, flagged });
		}
	}

	/* ---- actions ---------------------------------------------------------- */

	go(i, { focusQuestion = false } = {}) {
		if (i < 0 || i >= this.items.length || i === this.index) return;
		if (this.item && this.item.type === 'fill') this.sync.sendNow(this.item.pos);
		const navButton = document.activeElement && document.activeElement.dataset
			? document.activeElement.dataset.nav : undefined;
		this.index = i;
		this.renderQuestion();
		const again = navButton && this.els.pane.querySelector(`[data-nav="${navButton}"]`);
		const active = document.activeElement;
		if (!focusQuestion && again && !again.disabled) {
			again.focus();
		} else if (focusQuestion || !active || active === document.body || !active.isConnected) {
			document.getElementById('q-title').focus();
		}
	}

	answer(pos, value, typing) {
		if (this.closed) return;
		const cur = this.sync.get(pos);
		if (!typing && cur.answer === value) {
			this.sync.sendNow(pos);
			return;
		}
		this.sync.change(pos, { answer: value }, { delay: typing });
	}

	toggleFlag() {
		if (this.closed || !this.item) return;
		const pos = this.item.pos;
		const flagged = !this.sync.get(pos).flagged;
		this.sync.change(pos, { flagged });
		const hadFocus = document.activeElement === this.els.flag;
		this.renderQuestionHeadFlag(flagged, hadFocus);
		announce(flagged ? t('attempt.flagged_now', { n: this.index + 1 }) : t('attempt.unflagged_now', { n: this.index + 1 }));
	}

	renderQuestionHeadFlag(flagged, focus) {
		this.els.flag.classList.toggle('on', flagged);
		replace(this.els.flag, h('span', { 'aria-hidden': 'true' }, '⚑ '), flagged ? t('attempt.unflag') : t('attempt.flag'));
		if (focus) this.els.flag.focus();
	}

	/* Picks (or, for multi, toggles) the n-th option of the current question. */
	pick(n) {
		const inputs = this.els.pane.querySelectorAll('.options input');
		if (n < inputs.length && !inputs[n].disabled) inputs[n].click();
	}

	onKey(ev) {
		if (ev.defaultPrevented || ev.ctrlKey || ev.metaKey || ev.altKey) return;
		if (document.querySelector('dialog[open]')) return;
		const target = ev.target;
		const typing = isTypingTarget(target);
		if (ev.key === 'PageDown' || ev.key === 'PageUp') {
			if (target instanceof Element && (target.tagName === 'TEXTAREA' || target.tagName === 'SELECT')) return;
			ev.preventDefault();
			this.go(this.index + (ev.key === 'PageDown' ? 1 : -1));
			return;
		}
		if (typing || ev.key.length !== 1) return;
		const key = ev.key.toLowerCase();
		const optionCount = this.item && this.item.type !== 'fill' ? (this.item.options || []).length : 0;
		/* F flags, unless the question has an option F: then F picks it and Shift+F flags */
		const flagKey = key === 'f' && (ev.shiftKey || optionCount < 6);
		if (key >= '1' && key <= '9') {
			if (this.closed) return;
			ev.preventDefault();
			this.pick(Number(key) - 1);
		} else if (!flagKey && OPTION_LETTERS.includes(key) && OPTION_LETTERS.indexOf(key) < optionCount) {
			if (this.closed) return;
			ev.preventDefault();
			this.pick(OPTION_LETTERS.indexOf(key));
		} else if (flagKey) {
			ev.preventDefault();
			this.toggleFlag();
		} else if (key === 'n') {
			ev.preventDefault();
			this.go(this.index + 1);
		} else if (key === 'p') {
			ev.preventDefault();
			this.go(this.index - 1);
		}
	}

	tick() {
		tickClock(this);
	}

	/* Stops the exam: no more input; the server closes (or has closed) the attempt. */
	close(reason, message) {
		closeAttempt(this, reason, message, {
			unsentKey: 'attempt.unsent_at_close',
			submittedTitle: 'attempt.submitted_title',
			rerender: () => this.renderQuestion(),
		});
	}

	openSubmit() {
		if (this.closed) return;
		const unanswered = [];
		const flagged = [];
		this.items.forEach((it, i) => {
			const st = this.sync.get(it.pos);
			if (!isAnswered(st.answer)) unanswered.push(i + 1);
			if (st.flagged) flagged.push(i + 1);
		});
		const msg = h('div', { class: 'form-msg' });
		const pending = this.sync.pendingCount;
		const content = h('div', { class: 'stack' },
			h('p', {}, t('submit.summary', { total: this.items.length, answered: this.items.length - unanswered.length })),
			h('dl', { class: 'submit-lists' },
				h('div', {}, h('dt', {}, t('submit.unanswered', { n: unanswered.length })), h('dd', {}, numberList(unanswered))),
				h('div', {}, h('dt', {}, t('submit.flagged', { n: flagged.length })), h('dd', {}, numberList(flagged)))),
			pending ? h('p', { class: 'alert alert-warn' }, t('submit.pending', { n: pending })) : null,
			h('p', {}, t('submit.final')),
			msg);
		openSubmitDialog(this, { title: t('submit.title'), content, msg, submittedText: 'attempt.submitted_text' });
	}

	destroy() {
		clearInterval(this.timer);
		document.removeEventListener('keydown', this.onKey);
		if (this.sync) this.sync.detach();
	}
}

export async function mount(main, [idText], ctx) {
	const page = new ExamPage(main, Number(idText), ctx);
	await page.load();
	return {
		unmount: () => page.destroy(),
		relabel: () => {
			if (page.data) page.render();
			else page.load();
		},
	};
}
