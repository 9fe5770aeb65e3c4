/*
 * i18n.js: the language switch and message lookup. Every user-visible string
 * comes from web/i18n/<lang>.json; t('key', {n: 3}) fills {n}. The choice is
 * remembered in localStorage and mirrored on <html lang>.
 */

export const LANGS = ['zh-CN', 'en'];
const STORAGE_KEY = 'aitcert.lang';

let lang = 'zh-CN';
let messages = {};
let fallbackMessages = {};
const listeners = new Set();

async function load(code) {
	const url = new URL(`../i18n/${code}.json`, import.meta.url);
	const res = await fetch(url, { credentials: 'same-origin' });
	if (!res.ok) throw new Error(`i18n ${code}: HTTP ${res.status}`);
	return res.json();
}

function stored() {
	try {
		const v = localStorage.getItem(STORAGE_KEY);
		return LANGS.includes(v) ? v : null;
	} catch {
		return null;
	}
}

/* Loads the remembered language (zh-CN by default). Call once before rendering. */
export async function initI18n() {
	fallbackMessages = await load('zh-CN');
	await setLang(stored() || 'zh-CN', { silent: true });
}

/* Switches the language, remembers it and tells the listeners (pages re-render). */
export async function setLang(code, { silent = false } = {}) {
	if (!LANGS.includes(code)) code = 'zh-CN';
	messages = code === 'zh-CN' ? fallbackMessages : await load(code);
	lang = code;
	document.documentElement.lang = code;
	try {
		localStorage.setItem(STORAGE_KEY, code);
	} catch {
		/* private mode: the switch still works for this page */
	}
	document.title = t('app.title');
	if (!silent) listeners.forEach((fn) => fn(code));
}

export function getLang() {
	return lang;
}

/* Registers fn(lang) to run after each switch; returns a function that unregisters it. */
export function onLangChange(fn) {
	listeners.add(fn);
	return () => listeners.delete(fn);
}

/* Looks up a message and fills {name} placeholders; an unknown key shows itself. */
export function t(key, params = {}) {
	const msg = messages[key] ?? fallbackMessages[key];
	if (msg === undefined) return key;
	return msg.replace(/\{(\w+)\}/g, (m, name) => (name in params ? String(params[name]) : m));
}

/* Like t(), but returns fallback when the key is unknown (server values without a message). */
export function tOr(key, fallback, params = {}) {
	return key in messages || key in fallbackMessages ? t(key, params) : String(fallback ?? '');
}

/* Picks the current language from a {zh, en} pair (or returns a plain string as is). */
export function loc(v) {
	if (v === null || v === undefined) return '';
	if (typeof v !== 'object') return String(v);
	const zh = v.zh ?? v['zh-CN'];
	return String(lang === 'en' ? (v.en ?? zh ?? '') : (zh ?? v.en ?? ''));
}

/* Formats Unix seconds as a local date and time in the current language. */
export function fmtTime(sec) {
	if (sec === null || sec === undefined || sec === '') return '—';
	const d = new Date(Number(sec) * 1000);
	return new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' }).format(d);
}

/* Formats a number in the current language (up to 2 decimals). */
export function fmtNum(n, digits = 2) {
	if (n === null || n === undefined || Number.isNaN(Number(n))) return '—';
	return new Intl.NumberFormat(lang, { maximumFractionDigits: digits }).format(Number(n));
}
