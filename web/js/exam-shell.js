/*
 * exam-shell.js: the frame that the question exam (pages/attempt.js) and
 * the skill exam (workbench/page.js) share: starting an attempt once it is
 * loaded (clock skew, AttemptSync, the state of a finished attempt, resume,
 * the timer), the countdown to the server deadline with warnings at 5 and
 * 1 minutes, the exam bar's controls (timer, save status, submit button),
 * the offline banner, the notice once the attempt is closed, closing it,
 * and the send step of the submit confirmation.
 *
 * The functions take the page object, which has: id, data, index, offset,
 * closed (null | 'deadline' | 'submitted'), closedMessage, warned, timer,
 * sync, els, onKey, and the methods resumeIndex(), remaining(), render(),
 * renderClosed(), tick(), updateStatus(), openSubmit() and
 * close(reason, message). Text that differs between the two pages comes
 * in as i18n keys.
 */
import { h, replace } from './dom.js';
import { t } from './i18n.js';
import { post } from './api.js';
import { errorBox, openDialog, announce } from './ui.js';
import { AttemptSync } from './attempt-sync.js';

/* Seconds as clock text: "07:05", or "1:02:03" from an hour up. */
export function formatClock(sec) {
	const s = Math.max(0, Math.floor(sec));
	const hh = Math.floor(s / 3600);
	const mm = String(Math.floor((s % 3600) / 60)).padStart(2, '0');
	const ss = String(s % 60).padStart(2, '0');
	return hh > 0 ? `${hh}:${mm}:${ss}` : `${mm}:${ss}`;
}

/*
 * Starts the loaded attempt: page.data is set and list holds its questions
 * or tasks (with pos); t0 and t1 are the client times around the request.
 * Sets the clock offset, the AttemptSync (a finished attempt: the server's
 * answers, nothing kept locally, onFinished() run, the closed notice),
 * the resume index, then renders and starts the timer.
 */
export function startAttempt(page, list, t0, t1, { onFinished } = {}) {
	const data = page.data;
	page.offset = Number(data.now) - (t0 + t1) / 2000;
	page.sync = new AttemptSync(page.id, {
		onUpdate: () => page.updateStatus(),
		onClosed: (err) => page.close(err.code === 'already_submitted' ? 'submitted' : 'deadline', err.message),
	});
	if (data.status !== 'open') {
		page.sync.setServer(list);
		page.sync.clear();
		if (onFinished) onFinished();
		page.closed = data.status === 'submitted' ? 'submitted' : 'deadline';
		page.closedMessage = data.status === 'submitted' ? t('attempt.already_submitted') : t('attempt.time_up');
	} else {
		page.sync.merge(list);
	}
	page.index = page.resumeIndex();
	const left = page.remaining();
	page.warned[5] = left <= 300;
	page.warned[1] = left <= 60;
	page.render();
	document.addEventListener('keydown', page.onKey);
	page.timer = setInterval(() => page.tick(), 250);
	page.tick();
	if (page.closed === null && left <= 300 && left > 0) {
		announce(t('attempt.minutes_left', { n: Math.ceil(left / 60) }), true);
	}
}

/* Seconds left until the server deadline, corrected for clock skew. */
export function secondsLeft(page) {
	return Number(page.data.deadline) - (Date.now() / 1000 + page.offset);
}

/*
 * Makes the shared controls in page.els: timer (timerValue), saveStatus,
 * submit (labelled submitLabel; disabled when disabled is given and true),
 * the offline banner and the closed notice's box (closedBox).
 */
export function shellControls(page, { submitLabel, disabled } = {}) {
	const els = page.els;
	els.timerValue = h('span', { class: 'timer-value' }, '--:--');
	els.timer = h('div', { class: 'timer', role: 'timer', 'aria-label': t('attempt.time_left') },
		h('span', { class: 'timer-label', 'aria-hidden': 'true' }, t('attempt.time_left')), els.timerValue);
	els.saveStatus = h('p', { class: 'save-status', role: 'status', id: 'save-status' });
	const attrs = { type: 'button', class: 'btn btn-primary', onclick: () => page.openSubmit() };
	if (disabled !== undefined) attrs.disabled = disabled;
	els.submit = h('button', attrs, submitLabel);
	els.banner = h('div', { class: 'alert alert-warn offline-banner', role: 'status', hidden: true });
	els.closedBox = h('div', { class: 'closed-box' });
}

/* Shows the closed notice (or nothing while open); submittedTitle is the i18n key of its title after submitting. */
export function renderClosedNotice(page, submittedTitle) {
	const box = page.els.closedBox;
	if (page.closed === null) {
		replace(box);
		return;
	}
	replace(box, h('div', { class: `alert ${page.closed === 'submitted' ? 'alert-ok' : 'alert-error'}`, role: 'alert' },
		h('p', { class: 'alert-title' }, page.closed === 'submitted' ? t(submittedTitle) : t('attempt.time_up_title')),
		h('p', {}, page.closedMessage),
		h('p', {}, h('a', { href: '#/exams', class: 'btn btn-primary' }, t('attempt.back')))));
}

/*
 * Refreshes the global save status and the offline banner; pendingKey is
 * the i18n key of the banner text when changes wait to be sent.
 * Call only once els.saveStatus and sync exist.
 */
export function updateShellStatus(page, pendingKey) {
	const status = page.closed ? 'closed' : page.sync.status();
	const icon = { saved: '✓', saving: '…', offline: '!', error: '✗', closed: '■' }[status];
	page.els.saveStatus.dataset.status = status;
	replace(page.els.saveStatus, h('span', { 'aria-hidden': 'true', class: 'status-icon' }, icon), ' ',
		page.closed ? t('save.closed') : t(`save.${status}`));

	const pending = page.sync.pendingCount;
	const showBanner = page.sync.offline && !page.closed;
	page.els.banner.hidden = !showBanner;
	if (showBanner) {
		replace(page.els.banner, h('strong', {}, t('offline.title')), ' ',
			pending ? t(pendingKey, { n: pending }) : t('offline.none'));
	}
}

/* Updates the countdown, announces 5 and 1 minutes left, and closes the page at the deadline. */
export function tickClock(page) {
	if (!page.els.timerValue || !page.data) return;
	const left = page.remaining();
	page.els.timerValue.textContent = formatClock(page.closed === 'submitted' ? 0 : left);
	page.els.timer.classList.toggle('warn', left <= 300 && left > 60);
	page.els.timer.classList.toggle('danger', left <= 60);
	if (page.closed) return;
	for (const m of [5, 1]) {
		if (!page.warned[m] && left <= m * 60) {
			page.warned[m] = true;
			announce(t('attempt.minutes_left', { n: m }), true);
		}
	}
	if (left <= 0) page.close('deadline', t('attempt.time_up'));
}

/*
 * Stops the exam: no more input; the server closes (or has closed) the
 * attempt. unsentKey is the i18n key for changes lost at the deadline,
 * submittedTitle the key announced after submitting; afterClear() runs
 * once the local copy is cleared and rerender() redraws the current
 * question or task.
 */
export function closeAttempt(page, reason, message, { unsentKey, submittedTitle, afterClear, rerender }) {
	if (page.closed) return;
	page.closed = reason;
	const unsent = page.sync.pendingCount;
	page.closedMessage = message + (reason === 'deadline' && unsent ? ` ${t(unsentKey, { n: unsent })}` : '');
	page.sync.clear();
	if (afterClear) afterClear();
	const dlg = document.querySelector('dialog[open]');
	if (dlg) dlg.close();
	rerender();
	page.renderClosed();
	page.els.submit.disabled = true;
	page.updateStatus();
	page.tick();
	announce(reason === 'submitted' ? t(submittedTitle) : t('attempt.time_up_title'), true);
	const link = page.els.closedBox.querySelector('a');
	if (link) link.focus();
}

/*
 * Opens the submit confirmation titled title with content (which holds
 * msg, the place for errors). Confirming sends what is pending, then
 * submits and closes the page as submitted (submittedText is the i18n key
 * of the notice); a closed attempt closes it as the server says.
 */
export function openSubmitDialog(page, { title, content, msg, submittedText }) {
	const confirm = h('button', { type: 'button', class: 'btn btn-primary' }, t('submit.confirm'));
	const cancel = h('button', { type: 'button', class: 'btn', 'data-close': '' }, t('common.cancel'));
	const { close } = openDialog({ title, content, actions: [cancel, confirm] });
	cancel.focus();
	confirm.addEventListener('click', async () => {
		confirm.disabled = true;
		confirm.textContent = t('submit.busy');
		replace(msg);
		const flushed = await page.sync.flush();
		if (page.closed) return;
		if (!flushed) {
			msg.append(errorBox(new Error(t('submit.unsaved', { n: page.sync.pendingCount }))));
			confirm.disabled = false;
			confirm.textContent = t('submit.confirm');
			return;
		}
		try {
			await post(`/attempts/${page.id}/submit`);
			close();
			page.close('submitted', t(submittedText));
		} catch (err) {
			if (err.code === 'already_submitted' || err.code === 'deadline_passed') {
				close();
				page.close(err.code === 'already_submitted' ? 'submitted' : 'deadline', err.message);
				return;
			}
			msg.append(errorBox(err));
			confirm.disabled = false;
			confirm.textContent = t('submit.confirm');
		}
	});
}
