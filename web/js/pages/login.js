/*
 * pages/login.js: the login form (用户名, 密码, 登录). Shows the server's
 * message on failure (wrong password, too many attempts) and a notice when
 * the session expired.
 */
import { h, replace } from '../dom.js';
import { t } from '../i18n.js';
import { api, setCsrf } from '../api.js';
import { field, errorBox, notice } from '../ui.js';

export function mount(main, params, ctx) {
	const user = h('input', { type: 'text', name: 'username', autocomplete: 'username', autocapitalize: 'off', spellcheck: 'false' });
	const pass = h('input', { type: 'password', name: 'password', autocomplete: 'current-password' });
	const msg = h('div', { class: 'form-msg' });
	const button = h('button', { type: 'submit', class: 'btn btn-primary btn-block' }, t('login.submit'));

	const form = h('form', { class: 'stack', novalidate: true },
		field(t('login.username'), user, { required: true }),
		field(t('login.password'), pass, { required: true }),
		msg, button);

	form.addEventListener('submit', async (ev) => {
		ev.preventDefault();
		replace(msg);
		if (!user.value.trim() || !pass.value) {
			msg.append(errorBox(new Error(t('login.missing'))));
			(user.value.trim() ? pass : user).focus();
			return;
		}
		button.disabled = true;
		button.textContent = t('login.busy');
		try {
			const session = await api('POST', '/login', { username: user.value.trim(), password: pass.value });
			setCsrf(session.csrf);
			ctx.onLogin(session);
		} catch (err) {
			button.disabled = false;
			button.textContent = t('login.submit');
			msg.append(errorBox(err));
			pass.value = '';
			pass.focus();
		}
	});

	main.append(h('div', { class: 'login-wrap' },
		h('section', { class: 'card login-card', 'aria-labelledby': 'page-title' },
			h('h1', { id: 'page-title', tabindex: '-1' }, t('login.title')),
			h('p', { class: 'muted' }, t('login.intro')),
			ctx.flash ? notice(ctx.flash, 'warn') : null,
			form),
		h('p', { class: 'login-foot muted' }, t('login.foot'))));
	user.focus();
}
