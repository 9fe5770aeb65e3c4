/*
 * api.js: the one way the UI talks to the server (/api/v1). Sends the
 * session cookie, Accept-Language from the language switch and X-CSRF-Token
 * on state-changing requests; turns error bodies into ApiError; retries once
 * with a fresh token after csrf_failed. upload() uses XMLHttpRequest so the
 * caller can show upload progress.
 */
import { getLang, t } from './i18n.js';

export const BASE = '/api/v1';

let csrfToken = null;
let unauthenticatedHandler = null;

/* An API failure: status 0 means the network failed (offline, server down). */
export class ApiError extends Error {
	constructor(status, code, message, details = []) {
		super(message);
		this.status = status;
		this.code = code;
		this.details = Array.isArray(details) ? details : [];
	}

	get offline() {
		return this.status === 0;
	}
}

export function setCsrf(token) {
	csrfToken = token || null;
}

/* fn(err) runs when a request (other than login/session) answers 401 unauthenticated. */
export function onUnauthenticated(fn) {
	unauthenticatedHandler = fn;
}

function errorFrom(status, body) {
	const e = body && body.error;
	if (e && e.code) return new ApiError(status, e.code, e.message || e.code, e.details);
	return new ApiError(status, `http_${status}`, t('error.http', { status }));
}

async function parse(res) {
	const type = res.headers.get('Content-Type') || '';
	if (type.includes('application/json')) {
		try {
			return await res.json();
		} catch {
			return null;
		}
	}
	return res.text();
}

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

async function send(method, path, body, contentType) {
	const headers = { 'Accept': 'application/json', 'Accept-Language': getLang() };
	if (MUTATING.has(method) && csrfToken) headers['X-CSRF-Token'] = csrfToken;
	let payload;
	if (body !== undefined) {
		if (contentType) {
			headers['Content-Type'] = contentType;
			payload = body;
		} else {
			headers['Content-Type'] = 'application/json';
			payload = JSON.stringify(body);
		}
	}
	let res;
	try {
		res = await fetch(BASE + path, { method, headers, body: payload, credentials: 'same-origin' });
	} catch {
		throw new ApiError(0, 'network', t('error.network'));
	}
	const data = await parse(res);
	if (!res.ok) throw errorFrom(res.status, data);
	return data;
}

/* Fetches the session again (to recover the CSRF token); null when logged out. */
export async function refreshSession() {
	try {
		const s = await send('GET', '/session');
		if (!s.user) return null; /* logged out: the server answers 200 with user null */
		setCsrf(s.csrf);
		return s;
	} catch (err) {
		if (err.status === 401) return null;
		throw err;
	}
}

/*
 * Calls the API and returns the parsed JSON body. body is sent as JSON unless
 * contentType is given (then it is sent as is).
 */
export async function api(method, path, body, contentType) {
	try {
		return await send(method, path, body, contentType);
	} catch (err) {
		if (err.code === 'csrf_failed') {
			await refreshSession();
			return send(method, path, body, contentType);
		}
		if (err.code === 'unauthenticated' && path !== '/session' && unauthenticatedHandler) {
			unauthenticatedHandler(err);
		}
		throw err;
	}
}

export const get = (path) => api('GET', path);
export const post = (path, body, type) => api('POST', path, body, type);
export const put = (path, body) => api('PUT', path, body);
export const patch = (path, body) => api('PATCH', path, body);

/* Builds "?a=1&b=x" from an object, leaving out empty values. */
export function query(params) {
	const q = new URLSearchParams();
	for (const [k, v] of Object.entries(params)) {
		if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
	}
	const s = q.toString();
	return s ? `?${s}` : '';
}

/*
 * POSTs a file or text with XMLHttpRequest and reports upload progress as
 * onProgress(loaded, total). Resolves with the JSON body; rejects with ApiError.
 */
export function upload(path, body, contentType, onProgress) {
	return new Promise((resolve, reject) => {
		const xhr = new XMLHttpRequest();
		xhr.open('POST', BASE + path);
		xhr.withCredentials = true;
		xhr.setRequestHeader('Accept', 'application/json');
		xhr.setRequestHeader('Accept-Language', getLang());
		xhr.setRequestHeader('Content-Type', contentType);
		if (csrfToken) xhr.setRequestHeader('X-CSRF-Token', csrfToken);
		xhr.upload.addEventListener('progress', (ev) => {
			if (onProgress) onProgress(ev.loaded, ev.lengthComputable ? ev.total : 0);
		});
		xhr.addEventListener('load', () => {
			let data = null;
			try {
				data = JSON.parse(xhr.responseText);
			} catch {
				data = null;
			}
			if (xhr.status >= 200 && xhr.status < 300) resolve(data);
			else reject(errorFrom(xhr.status, data));
		});
		xhr.addEventListener('error', () => reject(new ApiError(0, 'network', t('error.network'))));
		xhr.addEventListener('abort', () => reject(new ApiError(0, 'aborted', t('error.aborted'))));
		xhr.send(body);
	});
}
