/*
 * pages/audit.js: 审计日志 (admin) — the audit records, newest first, with
 * "load more" paging and the 校验哈希链 button that checks the hash chain.
 */
import { h, replace } from '../dom.js';
import { t, fmtTime } from '../i18n.js';
import { get, query } from '../api.js';
import { pageHead, loading, errorBox, badge } from '../ui.js';

const PAGE = 100;

function detailText(d) {
	if (d === null || d === undefined) return '';
	return typeof d === 'string' ? d : JSON.stringify(d);
}

export async function mount(main) {
	const verifyOut = h('div', { class: 'verify-out', 'aria-live': 'polite' });
	const verify = h('button', { type: 'button', class: 'btn btn-primary' }, t('audit.verify'));
	verify.addEventListener('click', async () => {
		verify.disabled = true;
		replace(verifyOut, h('p', { class: 'muted' }, t('audit.verifying')));
		try {
			const r = await get('/audit/verify');
			replace(verifyOut, r.ok
				? h('div', { class: 'alert alert-ok', role: 'status' }, `✓ ${t('audit.ok', { n: r.count })}`)
				: h('div', { class: 'alert alert-error', role: 'alert' }, `✗ ${t('audit.bad', { id: r.first_bad, n: r.count })}`));
		} catch (err) {
			replace(verifyOut, errorBox(err));
		} finally {
			verify.disabled = false;
		}
	});

	const tbody = h('tbody', {});
	const more = h('button', { type: 'button', class: 'btn', hidden: true }, t('audit.more'));
	const status = h('div', {}, loading());
	let before = null;

	const load = async () => {
		more.disabled = true;
		try {
			const data = await get(`/audit${query({ limit: PAGE, before })}`);
			const recs = data.records || [];
			recs.forEach((r) => tbody.append(h('tr', {},
				h('td', { class: 'num' }, r.id),
				h('td', {}, fmtTime(r.at)),
				h('td', {}, r.actor ?? '—'),
				h('td', {}, badge(r.action, 'info')),
				h('td', {}, r.entity || '—', r.entity_id ? ` #${r.entity_id}` : ''),
				h('td', { class: 'detail-cell' }, h('code', {}, detailText(r.detail))))));
			if (recs.length) before = recs[recs.length - 1].id;
			more.hidden = recs.length < PAGE;
			replace(status, tbody.children.length ? null : h('p', { class: 'empty' }, t('audit.none')));
		} catch (err) {
			replace(status, errorBox(err));
		} finally {
			more.disabled = false;
		}
	};
	more.addEventListener('click', load);

	main.append(pageHead(t('audit.title'), verify), verifyOut,
		h('div', { class: 'table-wrap' }, h('table', { class: 'table compact' },
			h('caption', {}, t('audit.caption')),
			h('thead', {}, h('tr', {}, ['id', 'at', 'actor', 'action', 'entity', 'detail'].map((c) => h('th', { scope: 'col' }, t(`audit.col.${c}`))))),
			tbody)),
		status, more);
	await load();
}
