/*
 * pages/users.js: 用户 (admin) — list users by role or search, create a
 * user, activate/deactivate, and reset a password (in a dialog).
 */
import { h, replace } from '../dom.js';
import { t, fmtTime } from '../i18n.js';
import { get, post, patch, query } from '../api.js';
import { pageHead, loading, errorBox, notice, field, select, badge, openDialog, confirmDialog } from '../ui.js';

const ROLES = ['admin', 'manager', 'candidate'];

export async function mount(main, params, ctx) {
	const filt = { role: ctx.query.get('role') || '', q: ctx.query.get('q') || '' };
	const msg = h('div', { class: 'form-msg' });
	const listBox = h('div', {}, loading());

	/* ---- create ---- */
	const f = {
		username: h('input', { type: 'text', autocomplete: 'off' }),
		name: h('input', { type: 'text' }),
		role: select(ROLES.map((r) => [r, t(`role.${r}`)]), 'candidate'),
		password: h('input', { type: 'password', autocomplete: 'new-password', minlength: '8' }),
	};
	const w = {
		username: field(t('users.username'), f.username, { required: true }),
		name: field(t('users.name'), f.name, { required: true }),
		role: field(t('users.role'), f.role, { required: true }),
		password: field(t('users.password'), f.password, { required: true, hint: t('password.hint') }),
	};
	const createMsg = h('div', { class: 'form-msg' });
	const create = h('form', { class: 'card form-grid', novalidate: true, 'aria-labelledby': 'create-h' },
		h('h2', { id: 'create-h', class: 'wide' }, t('users.create_title')),
		Object.values(w), h('div', { class: 'wide' }, createMsg),
		h('div', { class: 'form-actions wide' }, h('button', { type: 'submit', class: 'btn btn-primary' }, t('users.create'))));
	create.addEventListener('submit', async (ev) => {
		ev.preventDefault();
		replace(createMsg);
		Object.values(w).forEach((x) => x.setError(''));
		try {
			const res = await post('/users', { username: f.username.value.trim(), name: f.name.value.trim(), role: f.role.value, password: f.password.value });
			create.reset();
			createMsg.append(notice(t('users.created', { name: res.user.username })));
			loadList();
		} catch (err) {
			(err.details || []).forEach((d) => w[d.field] && w[d.field].setError(d.reason));
			createMsg.append(errorBox(err));
		}
	});

	/* ---- list ---- */
	const update = async (u, body, done) => {
		replace(msg);
		try {
			await patch(`/users/${u.id}`, body);
			msg.append(notice(done));
			loadList();
		} catch (err) {
			msg.append(errorBox(err));
		}
	};

	const resetPassword = (u) => {
		const input = h('input', { type: 'text', autocomplete: 'off', minlength: '8' });
		const inner = h('div', { class: 'form-msg' });
		const save = h('button', { type: 'button', class: 'btn btn-primary' }, t('users.reset'));
		const { close } = openDialog({
			title: t('users.reset_title', { name: u.name || u.username }),
			content: h('div', { class: 'stack' }, field(t('users.new_password'), input, { required: true, hint: t('password.hint') }), inner),
			actions: [h('button', { type: 'button', class: 'btn', 'data-close': '' }, t('common.cancel')), save],
		});
		save.addEventListener('click', async () => {
			replace(inner);
			if (input.value.length < 8) {
				inner.append(errorBox(new Error(t('password.too_short'))));
				return;
			}
			try {
				await patch(`/users/${u.id}`, { password: input.value });
				close();
				replace(msg, notice(t('users.reset_done', { name: u.username })));
			} catch (err) {
				inner.append(errorBox(err));
			}
		});
	};

	const row = (u) => {
		const active = u.active !== false;
		const toggle = h('button', { type: 'button', class: 'btn btn-small', 'aria-label': t(active ? 'users.deactivate_label' : 'users.activate_label', { name: u.username }) },
			active ? t('users.deactivate') : t('users.activate'));
		toggle.addEventListener('click', async () => {
			if (active) {
				const ok = await confirmDialog({
					title: t('users.deactivate_title'), content: h('p', {}, t('users.deactivate_text', { name: u.username })),
					confirmLabel: t('users.deactivate'), danger: true,
				});
				if (!ok) return;
			}
			update(u, { active: !active }, active ? t('users.deactivated', { name: u.username }) : t('users.activated', { name: u.username }));
		});
		const reset = h('button', { type: 'button', class: 'btn btn-small btn-ghost', 'aria-label': t('users.reset_label', { name: u.username }), onclick: () => resetPassword(u) }, t('users.reset'));
		return h('tr', {},
			h('th', { scope: 'row' }, u.username),
			h('td', {}, u.name || '—'),
			h('td', {}, t(`role.${u.role}`)),
			h('td', {}, active ? badge(t('users.active'), 'ok') : badge(t('users.inactive'), 'muted')),
			h('td', {}, fmtTime(u.created_at)),
			h('td', { class: 'actions' }, toggle, ' ', reset));
	};

	const loadList = async () => {
		try {
			const data = await get(`/users${query(filt)}`);
			const users = data.users || [];
			replace(listBox, users.length ? h('div', { class: 'table-wrap' }, h('table', { class: 'table' },
				h('caption', {}, t('users.caption', { n: users.length })),
				h('thead', {}, h('tr', {}, ['username', 'name', 'role', 'state', 'created', 'actions'].map((c) => h('th', { scope: 'col' }, t(`users.col.${c}`))))),
				h('tbody', {}, users.map(row)))) : h('p', { class: 'empty' }, t('users.none')));
		} catch (err) {
			replace(listBox, errorBox(err));
		}
	};

	const role = select([['', t('common.all')], ...ROLES.map((r) => [r, t(`role.${r}`)])], filt.role);
	const search = h('input', { type: 'search', value: filt.q });
	const filter = h('form', { class: 'filters', role: 'search', 'aria-label': t('users.filter') },
		field(t('users.role'), role), field(t('users.search'), search),
		h('div', { class: 'filter-actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, t('items.apply'))));
	filter.addEventListener('submit', (ev) => {
		ev.preventDefault();
		ctx.navigate(`#/users${query({ role: role.value, q: search.value.trim() })}`);
	});

	main.append(pageHead(t('users.title')), create,
		h('section', { 'aria-labelledby': 'ulist-h' }, h('h2', { id: 'ulist-h' }, t('users.list')), filter, msg, listBox));
	loadList();
}
