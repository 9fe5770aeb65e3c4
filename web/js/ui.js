/*
 * ui.js: shared widgets built from dom.js: page headings, labelled fields,
 * error boxes (with the server's per-line details), modal <dialog>s with
 * focus management, pagers, badges and small download/copy helpers.
 */
import { h, uid, replace } from './dom.js';
import { t } from './i18n.js';

export const LEVELS = [5, 4, 3, 2, 1];
export const TYPES = ['judge', 'single', 'multi', 'fill'];
export const STATUSES = ['draft', 'active', 'retired'];

export const levelName = (code) => t(`level.${code}`);
export const typeName = (type) => t(`type.${type}`);

/* The page heading with optional action elements on the right. */
export function pageHead(title, ...actions) {
	return h('div', { class: 'page-head' },
		h('h1', { id: 'page-title', tabindex: '-1' }, title),
		actions.length ? h('div', { class: 'page-actions' }, actions) : null);
}

/* A "Loading…" line announced to screen readers. */
export function loading() {
	return h('p', { class: 'muted', role: 'status' }, t('common.loading'));
}

/*
 * A labelled form field. input is an element (its id is set if missing);
 * returns the wrapper, with .input and .setError(msg) for server findings.
 */
export function field(label, input, { hint, required = false, wide = false } = {}) {
	if (!input.id) input.id = uid('f');
	const hintId = hint ? uid('hint') : null;
	const errId = uid('err');
	const err = h('p', { class: 'field-error', id: errId, hidden: true });
	if (hintId) input.setAttribute('aria-describedby', hintId);
	if (required) input.required = true;
	const wrap = h('div', { class: ['field', wide && 'wide'] },
		h('div', { class: 'label-row' }, h('label', { for: input.id }, label),
			required ? h('span', { class: 'req', 'aria-hidden': 'true' }, '*') : null),
		input,
		input.datalist || null,
		hint ? h('p', { class: 'hint', id: hintId }, hint) : null,
		err);
	wrap.input = input;
	wrap.setError = (msg) => {
		err.hidden = !msg;
		err.textContent = msg || '';
		if (msg) {
			input.setAttribute('aria-invalid', 'true');
			input.setAttribute('aria-describedby', [hintId, errId].filter(Boolean).join(' '));
		} else {
			input.removeAttribute('aria-invalid');
			if (hintId) input.setAttribute('aria-describedby', hintId);
			else input.removeAttribute('aria-describedby');
		}
	};
	return wrap;
}

/* A <select> from [[value, label], …] with the given value selected. */
export function select(options, value, attrs = {}) {
	return h('select', attrs, options.map(([v, label]) =>
		h('option', { value: String(v), selected: String(v) === String(value ?? '') }, label)));
}

/* A small badge; kind is one of info, ok, warn, bad, muted. Text always carries the meaning. */
export function badge(text, kind = 'info', attrs = {}) {
	return h('span', { class: `badge badge-${kind}`, ...attrs }, text);
}

/* Detail keys with a translated column heading; other keys show as sent. */
const DETAIL_KEYS = ['line', 'field', 'reason', 'function', 'type', 'count', 'need', 'available', 'points'];

/*
 * A table of the server's findings: 行号, 字段, 原因 and whatever else the
 * findings carry (e.g. the function, type and counts of a short blueprint cell).
 */
export function detailsTable(details, caption) {
	const seen = new Set();
	details.forEach((d) => Object.keys(d).forEach((k) => seen.add(k)));
	const order = ['line', 'field', 'function', 'type', 'count', 'need', 'available', 'points'];
	const cols = [...order.filter((k) => seen.has(k)), ...[...seen].filter((k) => !order.includes(k) && k !== 'reason'),
		...(seen.has('reason') ? ['reason'] : [])];
	const show = (k, v) => {
		if (v === undefined || v === null) return '';
		if (k === 'type' && TYPES.includes(v)) return typeName(v);
		return typeof v === 'object' ? JSON.stringify(v) : String(v);
	};
	return h('div', { class: 'table-wrap' }, h('table', { class: 'table compact' },
		h('caption', {}, caption || t('error.details')),
		h('thead', {}, h('tr', {}, cols.map((c) => h('th', { scope: 'col' }, DETAIL_KEYS.includes(c) ? t(`details.${c}`) : c)))),
		h('tbody', {}, details.map((d) => h('tr', {}, cols.map((c) => h('td', {}, show(c, d[c]))))))));
}

/* An alert box for an ApiError (or any Error), with the details table when present. */
export function errorBox(err, { caption, extra } = {}) {
	return h('div', { class: 'alert alert-error', role: 'alert', tabindex: '-1' },
		h('p', { class: 'alert-title' }, err.message || String(err)),
		extra ? h('p', {}, extra) : null,
		err.details && err.details.length ? detailsTable(err.details, caption) : null);
}

/* A polite status message (e.g. "Saved"); kind ok, info or warn. */
export function notice(text, kind = 'ok') {
	return h('div', { class: `alert alert-${kind}`, role: 'status' }, text);
}

/*
 * Opens a modal <dialog> labelled by its heading. content is a node;
 * actions are buttons (a button with data-close closes it). Focus moves to
 * the first field or button and back to the opener when it closes.
 * Returns {dialog, close, body}.
 */
export function openDialog({ title, content, actions = [], wide = false, onClose }) {
	const titleId = uid('dlg-title');
	const opener = document.activeElement;
	const body = h('div', { class: 'dialog-body' }, content);
	const dialog = h('dialog', { class: ['dialog', wide && 'dialog-wide'], 'aria-labelledby': titleId },
		h('h2', { id: titleId, class: 'dialog-title' }, title),
		body,
		h('div', { class: 'dialog-actions' }, actions));
	const close = () => {
		if (dialog.open) dialog.close();
	};
	dialog.addEventListener('click', (ev) => {
		if (ev.target instanceof Element && ev.target.closest('[data-close]')) close();
	});
	dialog.addEventListener('close', () => {
		const active = document.activeElement;
		const focusLost = !active || active === document.body || dialog.contains(active);
		dialog.remove();
		if (onClose) onClose();
		/* return focus to the opener unless the page has already moved it on purpose */
		if (focusLost && opener && opener.isConnected && typeof opener.focus === 'function') opener.focus();
	});
	document.body.appendChild(dialog);
	dialog.showModal();
	const first = dialog.querySelector('input:not([type=hidden]), select, textarea') ||
		dialog.querySelector('.dialog-actions button');
	if (first) first.focus();
	return { dialog, close, body };
}

/* A yes/no confirmation; resolves true when confirmed. */
export function confirmDialog({ title, content, confirmLabel, danger = false }) {
	return new Promise((resolve) => {
		let result = false;
		const yes = h('button', { type: 'button', class: danger ? 'btn btn-danger' : 'btn btn-primary' }, confirmLabel || t('common.confirm'));
		const no = h('button', { type: 'button', class: 'btn', 'data-close': '' }, t('common.cancel'));
		const { close } = openDialog({
			title, content, actions: [no, yes],
			onClose: () => resolve(result),
		});
		yes.addEventListener('click', () => {
			result = true;
			close();
		});
		no.focus();
	});
}

/* Paging controls: "上一页", "第 2 / 5 页", "下一页". onPage(n) loads page n. */
export function pager({ page, perPage, total, onPage }) {
	const pages = Math.max(1, Math.ceil(total / perPage));
	return h('nav', { class: 'pager', 'aria-label': t('pager.label') },
		h('button', { type: 'button', class: 'btn btn-small', disabled: page <= 1, onclick: () => onPage(page - 1) }, t('pager.prev')),
		h('span', { class: 'pager-info' }, t('pager.info', { page, pages, total })),
		h('button', { type: 'button', class: 'btn btn-small', disabled: page >= pages, onclick: () => onPage(page + 1) }, t('pager.next')));
}

/* Offers text as a file download. */
export function downloadText(filename, text, type = 'text/plain') {
	const url = URL.createObjectURL(new Blob([text], { type: `${type};charset=utf-8` }));
	const a = h('a', { href: url, download: filename, hidden: true });
	document.body.appendChild(a);
	a.click();
	a.remove();
	setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/* Copies text to the clipboard; resolves true on success. */
export async function copyText(text) {
	try {
		await navigator.clipboard.writeText(text);
		return true;
	} catch {
		return false;
	}
}

/* Shows a short status message in the page's live region (#live-polite). */
export function announce(text, assertive = false) {
	const region = document.getElementById(assertive ? 'live-assertive' : 'live-polite');
	if (!region) return;
	replace(region);
	/* a fresh text node after a tick so repeated messages are read again */
	setTimeout(() => replace(region, text), 50);
}

/* Converts a datetime-local value to Unix seconds (local time); NaN when empty. */
export function localToUnix(value) {
	return value ? Math.floor(new Date(value).getTime() / 1000) : NaN;
}

/* Converts Unix seconds to a datetime-local value in local time. */
export function unixToLocal(sec) {
	const d = new Date(sec * 1000);
	const pad = (n) => String(n).padStart(2, '0');
	return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
