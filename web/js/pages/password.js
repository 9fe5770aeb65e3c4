/*
 * pages/password.js: change one's own password (PUT /me/password).
 */
import { h, replace } from '../dom.js';
import { t } from '../i18n.js';
import { api } from '../api.js';
import { field, errorBox, notice, pageHead } from '../ui.js';

export function mount(main) {
	const old = h('input', { type: 'password', autocomplete: 'current-password' });
	const neu = h('input', { type: 'password', autocomplete: 'new-password', minlength: '8' });
	const again = h('input', { type: 'password', autocomplete: 'new-password' });
	const msg = h('div', { class: 'form-msg' });
	const form = h('form', { class: 'card stack narrow', novalidate: true },
		field(t('password.old'), old, { required: true }),
		field(t('password.new'), neu, { required: true, hint: t('password.hint') }),
		field(t('password.again'), again, { required: true }),
		msg,
		h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, t('password.submit'))));
	form.addEventListener('submit', async (ev) => {
		ev.preventDefault();
		replace(msg);
		if (neu.value.length < 8) {
			msg.append(errorBox(new Error(t('password.too_short'))));
			neu.focus();
			return;
		}
		if (neu.value !== again.value) {
			msg.append(errorBox(new Error(t('password.mismatch'))));
			again.focus();
			return;
		}
		try {
			await api('PUT', '/me/password', { old_password: old.value, new_password: neu.value });
			form.reset();
			msg.append(notice(t('password.done')));
		} catch (err) {
			msg.append(errorBox(err));
		}
	});
	main.append(pageHead(t('password.title')), form);
}
