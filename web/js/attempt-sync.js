/*
 * attempt-sync.js: autosave for one exam attempt. Every change gets the next
 * per-question seq and is kept in localStorage until the server has
 * acknowledged it (PUT /attempts/:id/responses/:pos), so a reload, a crash or
 * a network outage loses nothing. Failed sends are retried with exponential
 * backoff and at once on the browser's `online` event. The server keeps the
 * highest seq per question, so resends and reordering are safe.
 */
import { put } from './api.js';

const MAX_IN_FLIGHT = 4;
const FILL_DELAY_MS = 600;
const BACKOFF_MAX_MS = 30000;

export class AttemptSync {
	/*
	 * id: the attempt id; onUpdate(): called after any state change;
	 * onClosed(err): called once on 409 deadline_passed / already_submitted.
	 */
	constructor(id, { onUpdate, onClosed }) {
		this.id = id;
		this.key = `aitcert.attempt.${id}`;
		this.onUpdate = onUpdate;
		this.onClosed = onClosed;
		this.items = new Map();    /* pos → {answer, flagged, seq} as the candidate sees it */
		this.pending = new Map();  /* pos → {answer, flagged, seq} not yet acknowledged */
		this.errors = new Map();   /* pos → message of a rejected save */
		this.inFlight = new Set();
		this.delayTimers = new Map();
		this.retryTimer = null;
		this.failures = 0;
		this.offline = !navigator.onLine;
		this.stopped = false;
		this.cleared = false;
		this.current = null;
		const saved = this.readStorage();
		this.current = saved.current ?? null;
		this.localPending = saved.pending || {};
		this.handleOnline = () => {
			this.offline = false;
			this.retryNow();
		};
		this.handleOffline = () => {
			this.offline = true;
			this.onUpdate();
		};
		window.addEventListener('online', this.handleOnline);
		window.addEventListener('offline', this.handleOffline);
	}

	readStorage() {
		try {
			return JSON.parse(localStorage.getItem(this.key)) || {};
		} catch {
			return {};
		}
	}

	persist() {
		if (this.cleared) return;
		const pending = {};
		this.pending.forEach((v, pos) => {
			pending[pos] = v;
		});
		try {
			localStorage.setItem(this.key, JSON.stringify({ pending, current: this.current }));
		} catch {
			/* storage full or disabled: the server copy is still kept up to date */
		}
	}

	/* Takes the server's answers as they are (a closed attempt: nothing to resend). */
	setServer(serverItems) {
		serverItems.forEach((it) => {
			this.items.set(it.pos, { answer: it.answer ?? null, flagged: !!it.flagged, seq: Number(it.seq) || 0 });
		});
	}

	/*
	 * Takes the server's items and merges unsent local changes over them (a
	 * local change wins when its seq is higher); the winners are re-sent.
	 */
	merge(serverItems) {
		this.setServer(serverItems);
		Object.entries(this.localPending).forEach(([posText, local]) => {
			const pos = Number(posText);
			const server = this.items.get(pos);
			if (server && Number(local.seq) > server.seq) {
				this.items.set(pos, { answer: local.answer ?? null, flagged: !!local.flagged, seq: Number(local.seq) });
				this.pending.set(pos, { ...this.items.get(pos) });
			}
		});
		this.localPending = {};
		this.persist();
		this.pump();
	}

	get(pos) {
		return this.items.get(pos) || { answer: null, flagged: false, seq: 0 };
	}

	/* Remembers the question the candidate is on (for resuming after a reload). */
	setCurrent(pos) {
		this.current = pos;
		this.persist();
	}

	/*
	 * Records a change ({answer} and/or {flagged}) and sends it; typing in a
	 * fill item (delay: true) is stored at once and sent after a short pause.
	 */
	change(pos, patch, { delay = false } = {}) {
		if (this.stopped) return;
		const cur = this.get(pos);
		const next = { ...cur, ...patch, seq: cur.seq + 1 };
		this.items.set(pos, next);
		this.pending.set(pos, { ...next });
		this.errors.delete(pos);
		this.persist();
		if (this.retryTimer && navigator.onLine) {
			/* a fresh change is worth one attempt now; failures keep growing the backoff */
			clearTimeout(this.retryTimer);
			this.retryTimer = null;
		}
		clearTimeout(this.delayTimers.get(pos));
		if (delay) {
			this.delayTimers.set(pos, setTimeout(() => {
				this.delayTimers.delete(pos);
				this.pump();
			}, FILL_DELAY_MS));
		} else {
			this.delayTimers.delete(pos);
			this.pump();
		}
		this.onUpdate();
	}

	/* Sends a delayed (typed) change now, e.g. when the field loses focus. */
	sendNow(pos) {
		if (!this.delayTimers.has(pos)) return;
		clearTimeout(this.delayTimers.get(pos));
		this.delayTimers.delete(pos);
		this.pump();
	}

	/* Starts sends for pending changes, at most MAX_IN_FLIGHT at a time. */
	pump() {
		if (this.stopped || this.retryTimer) return;
		for (const pos of this.pending.keys()) {
			if (this.inFlight.size >= MAX_IN_FLIGHT) break;
			if (!this.inFlight.has(pos) && !this.delayTimers.has(pos)) this.sendOne(pos);
		}
	}

	async sendOne(pos) {
		const change = this.pending.get(pos);
		this.inFlight.add(pos);
		this.onUpdate();
		try {
			const ack = await put(`/attempts/${this.id}/responses/${pos}`,
				{ answer: change.answer, flagged: change.flagged, seq: change.seq });
			const acked = Math.max(Number(ack && ack.seq) || 0, change.seq);
			const still = this.pending.get(pos);
			if (still && still.seq <= acked) this.pending.delete(pos);
			this.failures = 0;
			this.offline = false;
			this.persist();
		} catch (err) {
			this.failed(pos, err);
		} finally {
			this.inFlight.delete(pos);
			this.onUpdate();
			this.pump();
		}
	}

	failed(pos, err) {
		if (err.code === 'deadline_passed' || err.code === 'already_submitted') {
			this.stop();
			this.onClosed(err);
			return;
		}
		if (err.status === 0 || err.status >= 500 || err.status === 429) {
			if (err.status === 0) this.offline = true;
			this.scheduleRetry();
			return;
		}
		if (err.status === 401) {
			/* logged out: keep the change locally; app.js sends the user to log in */
			this.stop();
			return;
		}
		/* the server refused this answer for good: show why, stop resending it */
		this.pending.delete(pos);
		this.errors.set(pos, err.message);
		this.persist();
	}

	scheduleRetry() {
		if (this.retryTimer || this.stopped) return;
		this.failures += 1;
		const base = Math.min(BACKOFF_MAX_MS, 1000 * 2 ** (this.failures - 1));
		this.retryTimer = setTimeout(() => {
			this.retryTimer = null;
			this.pump();
		}, base + Math.random() * 500);
	}

	/* Drops any backoff wait and resends now (on `online`, or before submitting). */
	retryNow() {
		clearTimeout(this.retryTimer);
		this.retryTimer = null;
		this.delayTimers.forEach((timer) => clearTimeout(timer));
		this.delayTimers.clear();
		this.onUpdate();
		this.pump();
	}

	/*
	 * Resolves true once nothing is pending; false when a resend has failed
	 * for want of a network, or after ms.
	 */
	flush(ms = 15000) {
		this.retryNow();
		const end = Date.now() + ms;
		return new Promise((resolve) => {
			const check = () => {
				const failedOffline = this.offline && this.retryTimer && this.inFlight.size === 0;
				if (this.pending.size === 0) resolve(true);
				else if (Date.now() > end || this.stopped || failedOffline) resolve(false);
				else setTimeout(check, 150);
			};
			check();
		});
	}

	/* 'saving' | 'offline' | 'error' | 'saved' for one question. */
	statusOf(pos) {
		if (this.errors.has(pos)) return 'error';
		if (this.pending.has(pos)) return this.offline ? 'offline' : 'saving';
		return 'saved';
	}

	/* The same for the whole attempt. */
	status() {
		if (this.pending.size > 0) return this.offline ? 'offline' : 'saving';
		if (this.errors.size > 0) return 'error';
		return 'saved';
	}

	get pendingCount() {
		return this.pending.size;
	}

	/* Stops sending (time up, submitted, logged out); local copies stay until clear(). */
	stop() {
		this.stopped = true;
		clearTimeout(this.retryTimer);
		this.retryTimer = null;
		this.delayTimers.forEach((timer) => clearTimeout(timer));
		this.delayTimers.clear();
	}

	/* Stops and forgets everything stored for this attempt (it is closed for good). */
	clear() {
		this.stop();
		this.cleared = true;
		this.pending.clear();
		try {
			localStorage.removeItem(this.key);
		} catch {
			/* nothing to remove */
		}
	}

	/* Removes the window listeners; call when leaving the page. */
	detach() {
		this.stop();
		window.removeEventListener('online', this.handleOnline);
		window.removeEventListener('offline', this.handleOffline);
	}
}
