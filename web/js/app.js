/*
 * app.js: start-up, the top bar (navigation, language switch, logout) and
 * the hash router (#/login, #/exams, #/attempt/12, #/skill/12, #/tasks, …). Each page module
 * exports mount(main, params, ctx) and may return {unmount, relabel}:
 * relabel() redraws the page in the new language without reloading it.
 */
import { h, replace } from './dom.js';
import { initI18n, setLang, getLang, onLangChange, t, LANGS } from './i18n.js';
import { api, refreshSession, setCsrf, onUnauthenticated } from './api.js';
import { errorBox } from './ui.js';

const ALL = ['admin', 'manager', 'candidate'];
const STAFF = ['admin', 'manager'];

/* [pattern, roles allowed, module loader, page name]; the first match wins. */
const ROUTES = [
	[/^\/login$/, null, () => import('./pages/login.js')],
	[/^\/password$/, ALL, () => import('./pages/password.js')],
	[/^\/exams$/, ['candidate'], () => import('./pages/my-exams.js')],
	[/^\/attempt\/(\d+)$/, ['candidate'], () => import('./workbench/dispatch.js')],
	[/^\/skill\/(\d+)$/, ['candidate'], () => import('./workbench/page.js')],
	[/^\/exams$/, STAFF, () => import('./pages/exams.js')],
	[/^\/exams\/new$/, STAFF, () => import('./pages/exam-new.js')],
	[/^\/exams\/(\d+)$/, STAFF, () => import('./pages/exam-detail.js')],
	[/^\/exams\/(\d+)\/forms\/(\d+)$/, STAFF, () => import('./pages/exam-form.js')],
	[/^\/exams\/(\d+)\/results$/, STAFF, () => import('./pages/results.js')],
	[/^\/items$/, STAFF, () => import('./pages/items.js')],
	[/^\/items\/import$/, STAFF, () => import('./pages/item-import.js')],
	[/^\/items\/new$/, STAFF, () => import('./pages/item-edit.js')],
	[/^\/items\/(\d+)$/, STAFF, () => import('./pages/item-edit.js')],
	[/^\/blueprint$/, STAFF, () => import('./pages/blueprint.js')],
	[/^\/tasks$/, STAFF, () => import('./workbench/tasks-page.js')],
	[/^\/tasks\/import$/, STAFF, () => import('./workbench/task-import.js')],
	[/^\/tasks\/(\d+)$/, STAFF, () => import('./workbench/task-detail.js')],
	[/^\/candidates$/, STAFF, () => import('./pages/candidates.js')],
	[/^\/standard$/, STAFF, () => import('./pages/standard.js')],
	[/^\/users$/, ['admin'], () => import('./pages/users.js')],
	[/^\/audit$/, ['admin'], () => import('./pages/audit.js')],
];

/* Top navigation per role: [hash, message key]. */
const NAV = {
	candidate: [['#/exams', 'nav.my_exams']],
	manager: [['#/items', 'nav.items'], ['#/tasks', 'nav.tasks'], ['#/blueprint', 'nav.blueprint'], ['#/exams', 'nav.exams'], ['#/candidates', 'nav.candidates']],
	admin: [['#/items', 'nav.items'], ['#/tasks', 'nav.tasks'], ['#/blueprint', 'nav.blueprint'], ['#/exams', 'nav.exams'], ['#/candidates', 'nav.candidates'],
		['#/standard', 'nav.standard'], ['#/users', 'nav.users'], ['#/audit', 'nav.audit']],
};

const state = {
	user: null,
	page: null,      /* what the current page's mount returned */
	path: '',
	returnTo: null,  /* route to go back to after logging in again */
	flash: null,     /* a message for the next page (e.g. session expired) */
};

const main = () => document.getElementById('main');

/* Every role starts on #/exams (candidates: their exams; staff: exam management). */
const HOME = '#/exams';

function currentPath() {
	const hash = location.hash || '';
	return hash.startsWith('#/') ? hash.slice(1).split('?')[0] : '';
}

/* Query parameters after "?" in the hash, e.g. #/items/4?version=2. */
function hashQuery() {
	const hash = location.hash || '';
	const i = hash.indexOf('?');
	return new URLSearchParams(i >= 0 ? hash.slice(i + 1) : '');
}

function navigate(hash) {
	if (location.hash === hash) route();
	else location.hash = hash;
}

function langSwitch() {
	return h('div', { class: 'lang-switch', role: 'group', 'aria-label': t('lang.label') },
		LANGS.map((code) => h('button', {
			type: 'button', class: 'btn btn-small btn-ghost', lang: code,
			'aria-pressed': String(getLang() === code),
			onclick: () => setLang(code),
		}, t(`lang.${code}`))));
}

async function logout() {
	try {
		await api('POST', '/logout');
	} catch {
		/* the session is dropped locally either way */
	}
	state.user = null;
	setCsrf(null);
	navigate('#/login');
}

function renderTopbar() {
	const bar = document.getElementById('topbar');
	const skip = document.getElementById('skip-link');
	skip.textContent = t('app.skip');
	const user = state.user;
	const path = currentPath();
	const links = user ? NAV[user.role] || [] : [];
	replace(bar,
		h('div', { class: 'topbar-inner' },
			h('a', { class: 'brand', href: user ? HOME : '#/login' },
				h('span', { class: 'brand-mark', 'aria-hidden': 'true' }, 'AI'),
				h('span', { class: 'brand-text' }, h('strong', {}, t('app.name')), h('small', {}, t('app.subtitle')))),
			links.length ? h('nav', { class: 'topnav', 'aria-label': t('nav.label') },
				h('ul', {}, links.map(([href, key]) => h('li', {},
					h('a', { href, 'aria-current': path.startsWith(href.slice(1)) ? 'page' : null }, t(key)))))) : null,
			h('div', { class: 'topbar-tools' },
				langSwitch(),
				user ? h('span', { class: 'user-chip' }, user.name || user.username,
					h('small', {}, ` · ${t(`role.${user.role}`)}`)) : null,
				user ? h('a', { class: 'btn btn-small btn-ghost', href: '#/password' }, t('nav.password')) : null,
				user ? h('button', { type: 'button', class: 'btn btn-small', onclick: logout }, t('nav.logout')) : null)));
}

function unmountPage() {
	if (state.page && typeof state.page.unmount === 'function') state.page.unmount();
	state.page = null;
}

/* A route-level message (forbidden, not found, load failure). */
function showProblem(title, err) {
	replace(main(), h('div', { class: 'page-head' }, h('h1', { id: 'page-title', tabindex: '-1' }, title)),
		err ? errorBox(err) : null,
		h('p', {}, h('a', { href: HOME }, t('app.go_home'))));
}

let routeToken = 0;

async function route({ keepFocus = false } = {}) {
	const path = currentPath();
	if (!path) {
		location.replace(state.user ? HOME : '#/login');
		return;
	}
	const token = ++routeToken;
	const match = ROUTES.map((r) => [r, path.match(r[0])])
		.filter(([r, m]) => m && (!r[1] || (state.user && r[1].includes(state.user.role))));
	const known = ROUTES.some((r) => r[0].test(path));
	if (!state.user && path !== '/login') {
		state.returnTo = location.hash;
		location.replace('#/login');
		return;
	}
	if (state.user && path === '/login') {
		location.replace(HOME);
		return;
	}
	unmountPage();
	state.path = path;
	renderTopbar();
	if (!match.length) {
		showProblem(known ? t('app.forbidden') : t('app.not_found'));
		return;
	}
	const [[r, m]] = match;
	try {
		const mod = await r[2]();
		if (token !== routeToken) return;
		replace(main());
		const ctx = { user: state.user, navigate, onLogin, flash: takeFlash(), query: hashQuery() };
		const page = await mod.mount(main(), m.slice(1), ctx);
		if (token !== routeToken) {
			if (page && page.unmount) page.unmount();
			return;
		}
		state.page = page || null;
	} catch (err) {
		if (token === routeToken) showProblem(t('app.load_failed'), err);
		return;
	}
	const title = document.getElementById('page-title');
	document.title = title ? `${title.textContent} · ${t('app.title')}` : t('app.title');
	if (keepFocus) focusLangSwitch();
	else if (title && path !== '/login') title.focus({ preventScroll: true });
}

/* After a language switch the top bar is redrawn: put focus back on the pressed language button. */
function focusLangSwitch() {
	const pressed = document.querySelector('.lang-switch [aria-pressed="true"]');
	if (pressed) pressed.focus();
}

function takeFlash() {
	const f = state.flash;
	state.flash = null;
	return f;
}

/* Called by the login page with the /login answer. */
function onLogin(session) {
	state.user = session.user;
	setCsrf(session.csrf);
	const back = state.returnTo;
	state.returnTo = null;
	navigate(back && back !== '#/login' ? back : HOME);
}

function onLanguage() {
	renderTopbar();
	if (state.page && typeof state.page.relabel === 'function') {
		state.page.relabel();
		const title = document.getElementById('page-title');
		document.title = title ? `${title.textContent} · ${t('app.title')}` : t('app.title');
		focusLangSwitch();
	} else {
		route({ keepFocus: true });
	}
}

async function start() {
	try {
		await initI18n();
	} catch (err) {
		replace(main(), h('p', { class: 'alert alert-error', role: 'alert' }, String(err.message || err)));
		return;
	}
	document.getElementById('skip-link').addEventListener('click', (ev) => {
		ev.preventDefault();
		main().focus();
	});
	onUnauthenticated(() => {
		if (!state.user) return;
		state.user = null;
		state.flash = t('login.expired');
		state.returnTo = location.hash;
		location.replace('#/login');
	});
	onLangChange(onLanguage);
	try {
		const session = await refreshSession();
		state.user = session ? session.user : null;
	} catch (err) {
		renderTopbar();
		replace(main(), h('div', { class: 'page-head' }, h('h1', { id: 'page-title' }, t('app.load_failed'))), errorBox(err),
			h('button', { type: 'button', class: 'btn btn-primary', onclick: () => location.reload() }, t('common.retry')));
		return;
	}
	window.addEventListener('hashchange', () => route());
	route();
}

start();
