/*
 * pages/candidates.js: 考生 — the candidate list with search, and the CSV
 * import of candidates (username,name,id_number,email,password). Generated
 * passwords are shown once, with copy and download buttons.
 */
import { h, replace } from '../dom.js';
import { t, fmtTime } from '../i18n.js';
import { get, upload, query } from '../api.js';
import { pageHead, loading, errorBox, field, badge, copyText, downloadText, announce } from '../ui.js';

const CSV_HEADER = 'username,name,id_number,email,password';

function csvCell(v) {
	const s = String(v ?? '');
	return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function createdBox(created) {
	const text = ['username,password', ...created.map((c) => `${csvCell(c.username)},${csvCell(c.password)}`)].join('\n');
	const copy = h('button', { type: 'button', class: 'btn' }, t('cands.copy'));
	copy.addEventListener('click', async () => {
		announce(await copyText(text) ? t('cands.copied') : t('cands.copy_failed'));
	});
	return h('section', { class: 'card', 'aria-labelledby': 'created-h' },
		h('h2', { id: 'created-h' }, t('cands.created', { n: created.length })),
		h('p', { class: 'alert alert-warn' }, t('cands.once')),
		h('div', { class: 'form-actions' }, copy,
			h('button', { type: 'button', class: 'btn', onclick: () => downloadText('candidates-passwords.csv', text, 'text/csv') }, t('cands.download'))),
		h('div', { class: 'table-wrap' }, h('table', { class: 'table compact' },
			h('caption', {}, t('cands.created_caption')),
			h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('cands.col.username')), h('th', { scope: 'col' }, t('cands.col.password')))),
			h('tbody', {}, created.map((c) => h('tr', {}, h('td', {}, c.username), h('td', {}, c.password ? h('code', {}, c.password) : t('cands.own_password'))))))));
}

function importForm(onDone) {
	const file = h('input', { type: 'file', accept: '.csv,text/csv' });
	const paste = h('textarea', { rows: '5', placeholder: `${CSV_HEADER}\nzhang3,张三,110101199001011234,z3@example.com,` });
	const bar = h('progress', { max: '100', value: '0', id: 'cand-progress' });
	const progress = h('div', { class: 'progress', hidden: true }, h('label', { for: 'cand-progress' }, t('import.progress')), bar);
	const result = h('div', { 'aria-live': 'polite' });
	const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, t('cands.import_submit'));
	const form = h('form', { class: 'card form-grid', novalidate: true, 'aria-labelledby': 'import-h' },
		h('h2', { id: 'import-h', class: 'wide' }, t('cands.import_title')),
		h('p', { class: 'hint wide' }, t('cands.import_hint', { header: CSV_HEADER })),
		field(t('cands.file'), file),
		field(t('cands.paste'), paste),
		h('div', { class: 'form-actions wide' }, submit),
		h('div', { class: 'wide' }, progress),
		h('div', { class: 'wide' }, result));
	form.addEventListener('submit', async (ev) => {
		ev.preventDefault();
		replace(result);
		const body = file.files[0] || paste.value.trim();
		if (!body) {
			result.append(errorBox(new Error(t('cands.nothing_to_import'))));
			return;
		}
		submit.disabled = true;
		progress.hidden = false;
		bar.value = 0;
		try {
			const data = await upload('/candidates/import', body, 'text/csv', (loaded, total) => {
				bar.value = total ? Math.round((loaded / total) * 100) : 0;
			});
			form.reset();
			progress.hidden = true;
			onDone(data.created || []);
		} catch (err) {
			progress.hidden = true;
			result.append(errorBox(err, {
				caption: t('import.bad_lines'),
				extra: err.code === 'import_rejected' ? t('import.nothing') : null,
			}));
		} finally {
			submit.disabled = false;
		}
	});
	return form;
}

export async function mount(main, params, ctx) {
	const q = ctx.query.get('q') || '';
	const search = h('input', { type: 'search', value: q });
	const filter = h('form', { class: 'filters', role: 'search', 'aria-label': t('cands.search') },
		field(t('cands.search'), search),
		h('div', { class: 'filter-actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, t('items.apply'))));
	filter.addEventListener('submit', (ev) => {
		ev.preventDefault();
		ctx.navigate(`#/candidates${query({ q: search.value.trim() })}`);
	});
	const createdArea = h('div', {});
	const listBox = h('div', {}, loading());

	const loadList = async () => {
		try {
			const data = await get(`/users${query({ role: 'candidate', q })}`);
			const users = data.users || [];
			replace(listBox, users.length ? h('div', { class: 'table-wrap' }, h('table', { class: 'table' },
				h('caption', {}, t('cands.caption', { n: users.length })),
				h('thead', {}, h('tr', {}, ['name', 'username', 'id_number', 'active', 'created'].map((c) => h('th', { scope: 'col' }, t(`cands.col.${c}`))))),
				h('tbody', {}, users.map((u) => h('tr', {},
					h('th', { scope: 'row' }, u.name || '—'),
					h('td', {}, u.username),
					h('td', {}, u.id_number || '—'),
					h('td', {}, u.active === false ? badge(t('users.inactive'), 'muted') : badge(t('users.active'), 'ok')),
					h('td', {}, fmtTime(u.created_at)))))))
				: h('p', { class: 'empty' }, t('cands.none')));
		} catch (err) {
			replace(listBox, errorBox(err));
		}
	};

	const onDone = (created) => {
		replace(createdArea, createdBox(created));
		createdArea.querySelector('h2').setAttribute('tabindex', '-1');
		createdArea.querySelector('h2').focus();
		loadList();
	};

	main.append(pageHead(t('cands.title')), createdArea, importForm(onDone),
		h('section', { 'aria-labelledby': 'list-h' }, h('h2', { id: 'list-h' }, t('cands.list')), filter, listBox));
	loadList();
}
