// lib.mjs: helpers for the API tests. Starts an aitcert server on a fresh
// temporary database (init with the demo content, then serve on port 0 with
// --test-clock), gives tests a small HTTP client with a cookie jar, CSRF
// header handling and Accept-Language, and watches the server's stderr for
// AddressSanitizer / UBSan reports (each test fails when one appears).
//
// Environment: AITCERT_BIN (default build/san/aitcert, relative to the repo
// root), AITCERT_KEEP_TMP=1 keeps the temporary directories for debugging.

import { spawn, execFile } from 'node:child_process';
import { mkdtemp, rm, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import http from 'node:http';
import assert from 'node:assert/strict';
import { before, after, afterEach } from 'node:test';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN = path.resolve(REPO, process.env.AITCERT_BIN || 'build/san/aitcert');
export const PASSWORD = 'Api-Test-Pw-2026';
export const STANDARD = '4-04-05-05';
export const DEMO_EXAM = 1;

const SANITIZER = /ERROR: AddressSanitizer|runtime error:|ERROR: LeakSanitizer/;

function childEnv() {
	return {
		...process.env,
		// The server is killed (not shut down) in some tests: leak reports would be noise.
		ASAN_OPTIONS: 'detect_leaks=0:abort_on_error=0',
		UBSAN_OPTIONS: 'print_stacktrace=1:halt_on_error=1',
	};
}

/* Runs the aitcert CLI; resolves {code, stdout, stderr} (never rejects on a non-zero exit). */
export function runCli(args, { timeout = 60000 } = {}) {
	return new Promise((resolve, reject) => {
		execFile(BIN, args, { env: childEnv(), timeout, maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
			if (err && typeof err.code !== 'number') return reject(err);
			resolve({ code: err ? err.code : 0, stdout, stderr });
		});
	});
}

/* Asserts that some process output carries no sanitizer report. */
export function assertNoSanitizer(text, what) {
	const m = SANITIZER.exec(text || '');
	if (m) {
		const at = Math.max(0, m.index - 200);
		assert.fail(`${what}: sanitizer report:\n${text.slice(at, at + 4000)}`);
	}
}

export class Server {
	constructor(dir) {
		this.dir = dir;
		this.db = path.join(dir, 'aitcert.db');
		this.proc = null;
		this.url = null;
		this.stderr = ''; // everything every server process of this database wrote to stderr
		this.checked = 0; // stderr offset up to which it was checked
		this.exits = [];
	}

	/* Creates the database with the demo content (admin, manager, cand01..05, exam 1). */
	async init() {
		const r = await runCli(['init', '--db', this.db, '--data', path.join(REPO, 'data'), '--admin-password', PASSWORD]);
		assertNoSanitizer(r.stderr, 'aitcert init');
		if (r.code !== 0) throw new Error(`aitcert init failed (${r.code}):\n${r.stdout}\n${r.stderr}`);
		return r;
	}

	/*
	 * Starts `aitcert serve` on the database; resolves once it prints its
	 * address and answers /health, plus a short settling pause: the server
	 * prints its address before it installs its SIGTERM handler and enters
	 * pause(), and a SIGTERM in that window kills or hangs it (a server bug,
	 * tested in lifecycle.test.mjs), which must not make other files flaky.
	 */
	async start() {
		await this.spawnServer();
		const r = await fetch(`${this.url}/api/v1/health`);
		await r.arrayBuffer();
		await new Promise((res) => setTimeout(res, 100));
		return this;
	}

	/* Starts `aitcert serve`; resolves as soon as it prints its address. */
	spawnServer() {
		if (this.proc) throw new Error('server already running');
		const proc = spawn(
			BIN,
			['serve', '--db', this.db, '--listen', '127.0.0.1:0', '--test-clock', '--quiet', '--web', path.join(REPO, 'web')],
			{ cwd: this.dir, env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'] },
		);
		this.proc = proc;
		// Never leave a server behind when this test file's process ends.
		const reap = () => proc.kill('SIGKILL');
		process.on('exit', reap);
		proc.exited = new Promise((resolve) => proc.on('exit', (code, signal) => resolve({ code, signal })));
		proc.exited.then(() => process.off('exit', reap));
		proc.exited.then((e) => {
			this.exits.push({ ...e, expected: Boolean(proc.expectedExit) });
			if (this.proc === proc) this.proc = null;
		});
		proc.stderr.setEncoding('utf8');
		proc.stderr.on('data', (s) => {
			this.stderr += s;
		});
		proc.stdout.setEncoding('utf8');
		let out = '';
		let started = false;
		return new Promise((resolve, reject) => {
			const timer = setTimeout(() => {
				proc.expectedExit = true;
				proc.kill('SIGKILL');
				reject(new Error(`server did not start within 30 s:\n${out}\n${this.stderr}`));
			}, 30000);
			proc.stdout.on('data', (s) => {
				out += s;
				const m = /listening on (http:\/\/[0-9.]+:\d+)/.exec(out);
				if (m && !started) {
					started = true;
					this.url = m[1];
					clearTimeout(timer);
					resolve(this);
				}
			});
			proc.exited.then(({ code, signal }) => {
				clearTimeout(timer);
				if (!started) reject(new Error(`server exited during start (code ${code}, signal ${signal}):\n${out}\n${this.stderr}`));
			});
		});
	}

	/* Graceful stop (SIGTERM); waits for the exit. */
	async stop() {
		const p = this.proc;
		if (!p) return null;
		p.expectedExit = true;
		p.kill('SIGTERM');
		const t = setTimeout(() => p.kill('SIGKILL'), 10000);
		const e = await p.exited;
		clearTimeout(t);
		return e;
	}

	/* SIGKILL, as a crash would; waits for the exit. */
	async kill() {
		const p = this.proc;
		if (!p) return null;
		p.expectedExit = true;
		p.kill('SIGKILL');
		return p.exited;
	}

	/* A new server process on the same database (new port; clients follow srv.url). */
	async restart() {
		if (this.proc) await this.stop();
		return this.start();
	}

	/* Throws when the server wrote a sanitizer report since the last check, or exited on its own. */
	checkSanitizers() {
		const fresh = this.stderr.slice(this.checked);
		this.checked = this.stderr.length;
		assertNoSanitizer(fresh, 'aitcert serve');
		const died = this.exits.filter((e) => !e.expected && !e.reported);
		for (const e of died) e.reported = true;
		if (died.length) assert.fail(`the server exited unexpectedly (code ${died[0].code}, signal ${died[0].signal}):\n${this.stderrTail()}`);
	}

	stderrTail(n = 3000) {
		return this.stderr.slice(-n);
	}

	async remove() {
		if (!process.env.AITCERT_KEEP_TMP) await rm(this.dir, { recursive: true, force: true });
	}

	client(opts = {}) {
		return new Client(this, opts);
	}

	/* A client logged in as username (one Argon2id verification: reuse it within a file). */
	async login(username, password = PASSWORD, opts = {}) {
		const c = this.client(opts);
		const r = await c.login(username, password);
		assert.equal(r.status, 200, `login ${username}: ${r.text}`);
		return c;
	}
}

/* Creates a temporary directory, initialises the database and starts the server. */
export async function startServer() {
	const dir = await mkdtemp(path.join(tmpdir(), 'aitcert-api-'));
	const srv = new Server(dir);
	await srv.init();
	await srv.start();
	return srv;
}

/*
 * Registers the file-level hooks: a server before the first test (then
 * setup(srv), if given), a sanitizer check after each test, stop and clean-up
 * at the end. Returns a holder whose `srv` is set once the server runs.
 * (Node 20 does not serialise several top-level before() hooks: put a file's
 * own set-up into setup rather than into another before().)
 */
export function useServer(setup) {
	const fx = { srv: null };
	before(async () => {
		fx.srv = await startServer();
		if (setup) await setup(fx.srv);
	});
	afterEach(() => {
		if (fx.srv) fx.srv.checkSanitizers();
	});
	after(async () => {
		if (!fx.srv) return;
		const e = await fx.srv.stop();
		fx.srv.checkSanitizers();
		await fx.srv.remove();
		// A clean stop exits 0; SIGKILL means it hung on SIGTERM (see lifecycle.test.mjs).
		if (e) assert.equal(e.code, 0, `the server did not stop cleanly (code ${e.code}, signal ${e.signal}): ${fx.srv.stderrTail()}`);
	});
	return fx;
}

/* ---- client ------------------------------------------------------------------ */

export class Client {
	/* opts.lang: Accept-Language value (none: the server's default, Chinese). */
	constructor(srv, { lang = null } = {}) {
		this.srv = srv;
		this.lang = lang;
		this.cookies = new Map();
		this.csrf = null;
		this.user = null;
	}

	url(p) {
		if (/^https?:/.test(p)) return p;
		const full = p.startsWith('/api/') || p.startsWith('!') ? p.replace(/^!/, '') : `/api/v1${p}`;
		return this.srv.url + full;
	}

	/* The same session (cookies, CSRF token) asking for another language. */
	withLang(lang) {
		const c = new Client(this.srv, { lang });
		c.cookies = this.cookies;
		c.csrf = this.csrf;
		c.user = this.user;
		return c;
	}

	cookieHeader() {
		return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
	}

	storeCookies(setCookies) {
		for (const sc of setCookies) {
			const [pair, ...attrs] = sc.split(';');
			const eq = pair.indexOf('=');
			const name = pair.slice(0, eq).trim();
			const value = pair.slice(eq + 1).trim();
			const maxAge = attrs.map((a) => a.trim()).find((a) => /^max-age=/i.test(a));
			if (value === '' || (maxAge && Number(maxAge.split('=')[1]) <= 0)) this.cookies.delete(name);
			else this.cookies.set(name, value);
		}
	}

	/*
	 * One request. path: "/items" (under /api/v1), "/api/..." or "!/static".
	 * opts: json (a value sent as JSON), body (string/Buffer sent as is), type
	 * (Content-Type), headers, csrf (false: no token; a string: that token).
	 * Resolves {status, headers, raw (Buffer), text, body (parsed JSON or null), setCookies}.
	 */
	async request(method, p, opts = {}) {
		const headers = { ...(opts.headers || {}) };
		if (this.lang && !('Accept-Language' in headers)) headers['Accept-Language'] = this.lang;
		const ck = this.cookieHeader();
		if (ck && !('Cookie' in headers)) headers.Cookie = ck;
		let body;
		if (opts.json !== undefined) {
			body = JSON.stringify(opts.json);
			headers['Content-Type'] = opts.type || 'application/json';
		} else if (opts.body !== undefined) {
			body = opts.body;
			if (opts.type) headers['Content-Type'] = opts.type;
		}
		const unsafe = !['GET', 'HEAD'].includes(method);
		if (unsafe && opts.csrf !== false) {
			const tok = typeof opts.csrf === 'string' ? opts.csrf : this.csrf;
			if (tok) headers['X-CSRF-Token'] = tok;
		}
		let res;
		try {
			res = await fetch(this.url(p), { method, headers, body, redirect: 'manual', signal: opts.signal });
		} catch (e) {
			const err = new Error(`${method} ${p}: ${e.message} (${e.cause?.code || e.cause?.message || ''})\nserver stderr:\n${this.srv.stderrTail(1500)}`);
			err.cause = e;
			throw err;
		}
		const raw = Buffer.from(await res.arrayBuffer());
		const text = raw.toString('utf8'); // keeps a BOM, unlike res.text()
		const setCookies = res.headers.getSetCookie ? res.headers.getSetCookie() : [];
		this.storeCookies(setCookies);
		let parsed = null;
		if ((res.headers.get('content-type') || '').includes('application/json')) {
			try {
				parsed = JSON.parse(text);
			} catch {
				parsed = undefined; // a JSON content type with a broken body: tests assert on it
			}
		}
		return { status: res.status, headers: res.headers, raw, text, body: parsed, setCookies, method, path: p };
	}

	get(p, opts) {
		return this.request('GET', p, opts);
	}
	post(p, json, opts = {}) {
		return this.request('POST', p, json === undefined ? opts : { ...opts, json });
	}
	put(p, json, opts = {}) {
		return this.request('PUT', p, json === undefined ? opts : { ...opts, json });
	}
	patch(p, json, opts = {}) {
		return this.request('PATCH', p, json === undefined ? opts : { ...opts, json });
	}

	async login(username, password = PASSWORD) {
		const r = await this.post('/login', { username, password });
		if (r.status === 200) {
			this.csrf = r.body.csrf;
			this.user = r.body.user;
		}
		return r;
	}

	async logout() {
		const r = await this.post('/logout');
		if (r.status === 200) {
			this.csrf = null;
			this.user = null;
		}
		return r;
	}

	/* GET that must answer 200 with JSON; returns the body. */
	async json(p) {
		const r = await this.get(p);
		assert.equal(r.status, 200, `GET ${p}: ${r.status} ${r.text.slice(0, 500)}`);
		assert.ok(r.body && typeof r.body === 'object', `GET ${p}: not JSON: ${r.text.slice(0, 200)}`);
		return r.body;
	}
}

/* ---- assertions ---------------------------------------------------------------- */

/* Asserts an error answer {"error":{"code","message"[,"details"]}} with this status and code; returns the error. */
export function expectError(r, status, code) {
	const where = `${r.method} ${r.path}`;
	assert.equal(r.status, status, `${where}: expected ${status} ${code}, got ${r.status} ${r.text.slice(0, 600)}`);
	assert.match(r.headers.get('content-type') || '', /^application\/json/, `${where}: error content type`);
	assert.ok(r.body && typeof r.body.error === 'object', `${where}: no error object: ${r.text.slice(0, 300)}`);
	const e = r.body.error;
	assert.equal(e.code, code, `${where}: error code: ${r.text.slice(0, 600)}`);
	assert.equal(typeof e.message, 'string');
	assert.ok(e.message.length > 0, `${where}: empty message`);
	if ('details' in e) {
		assert.ok(Array.isArray(e.details) && e.details.length > 0, `${where}: details must be a non-empty list`);
		for (const d of e.details) assert.equal(typeof d.reason, 'string', `${where}: detail without reason`);
	}
	return e;
}

/* Asserts status 200/201 and returns the parsed body. */
export function expectOk(r, status = 200) {
	assert.equal(r.status, status, `${r.method} ${r.path}: expected ${status}, got ${r.status} ${r.text.slice(0, 800)}`);
	return r.body;
}

/* The error table (src/base/errors.def): code → {status, en, zh}. */
export async function errorTable() {
	const text = await readFile(path.join(REPO, 'src/base/errors.def'), 'utf8');
	const out = {};
	const re = /^ERR\((\w+),\s*"(\w+)",\s*(\d+),\s*"((?:[^"\\]|\\.)*)",\s*"((?:[^"\\]|\\.)*)"\)/gm;
	for (const m of text.matchAll(re)) out[m[2]] = { status: Number(m[3]), en: m[4], zh: m[5] };
	return out;
}

/* The route table (src/http/routes.def): [{method, pattern, roles (bit mask), rolesExpr, handler, flags}]. */
export async function routeTable() {
	const [defs, hdr] = await Promise.all([
		readFile(path.join(REPO, 'src/http/routes.def'), 'utf8'),
		readFile(path.join(REPO, 'src/http/http.h'), 'utf8'),
	]);
	const bits = roleBits(hdr);
	const routes = [];
	const re = /^ROUTE\("(\w+)",\s*"([^"]+)",\s*([\w| ]+?),\s*(\w+),\s*([\w| ]+?)\)/gm;
	for (const m of defs.matchAll(re)) {
		routes.push({
			method: m[1],
			pattern: m[2],
			rolesExpr: m[3].trim(),
			roles: evalBits(m[3], bits),
			handler: m[4],
			flags: m[5].split('|').map((s) => s.trim()),
		});
	}
	return { routes, bits };
}

/* Parses `enum role_bits { R_X = 1 << 0, R_ANY = R_A | R_B, ... }` from http.h into name → number. */
function roleBits(hdr) {
	const m = /enum role_bits\s*\{([^}]*)\}/.exec(hdr);
	assert.ok(m, 'enum role_bits not found in src/http/http.h');
	const bits = {};
	for (const line of m[1].split(',')) {
		const e = /^\s*(?:\/\*.*?\*\/\s*)?(R_\w+)\s*=\s*([^/]+?)\s*(?:\/\*.*)?$/.exec(line.replace(/\n/g, ' '));
		if (e) bits[e[1]] = evalBits(e[2], bits);
	}
	return bits;
}

function evalBits(expr, bits) {
	const js = expr.replace(/R_\w+/g, (n) => {
		if (!(n in bits)) throw new Error(`unknown role name ${n}`);
		return String(bits[n]);
	});
	assert.match(js, /^[\d\s<|()]+$/, `unexpected role expression ${expr}`);
	return Function(`"use strict"; return (${js});`)();
}

/* ---- small helpers ------------------------------------------------------------------ */

/* A seeded PRNG (mulberry32), for reproducible random inputs. */
export function rng(seed) {
	let a = seed >>> 0;
	const next = () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
	next.int = (n) => Math.floor(next() * n);
	next.pick = (arr) => arr[Math.floor(next() * arr.length)];
	return next;
}

/*
 * A raw HTTP request with node:http (the path is sent exactly as given, no
 * URL normalisation). Resolves {status, text} or {error} when the connection
 * was dropped without a response.
 */
export function rawRequest(baseUrl, method, rawPath, { headers = {}, body } = {}) {
	const u = new URL(baseUrl);
	return new Promise((resolve) => {
		let req;
		try {
			req = http.request(
				{ host: u.hostname, port: u.port, method, path: rawPath, headers: { Connection: 'close', ...headers }, agent: false },
				(res) => {
					const chunks = [];
					res.on('data', (c) => chunks.push(c));
					res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
					res.on('error', (e) => resolve({ error: e }));
				},
			);
		} catch (e) {
			resolve({ invalid: e }); // node refused to send it (e.g. a character not allowed in a path)
			return;
		}
		req.on('error', (e) => resolve({ error: e }));
		req.setTimeout(30000, () => req.destroy(new Error('timeout')));
		if (body !== undefined) req.write(body);
		req.end();
	});
}

/* Answer that scores full marks for a form item (the key as stored: letters, T/F, first fill alternative). */
export function correctAnswer(formItem) {
	if (formItem.type === 'fill') return formItem.answer.split('|')[0];
	return formItem.answer;
}

/* Parses RFC 4180 CSV text (a leading BOM is dropped) into rows of strings. */
export function parseCsv(text) {
	const s = text.replace(/^\uFEFF/, '');
	const rows = [];
	let row = [];
	let field = '';
	let quoted = false;
	for (let i = 0; i < s.length; i++) {
		const ch = s[i];
		if (quoted) {
			if (ch === '"' && s[i + 1] === '"') {
				field += '"';
				i++;
			} else if (ch === '"') quoted = false;
			else field += ch;
		} else if (ch === '"') quoted = true;
		else if (ch === ',') {
			row.push(field);
			field = '';
		} else if (ch === '\n' || ch === '\r') {
			if (ch === '\r' && s[i + 1] === '\n') i++;
			row.push(field);
			rows.push(row);
			row = [];
			field = '';
		} else field += ch;
	}
	if (field !== '' || row.length) {
		row.push(field);
		rows.push(row);
	}
	return rows;
}

/* CSV rows with a header line as objects keyed by the header. */
export function csvObjects(text) {
	const [head, ...rows] = parseCsv(text);
	return rows.map((r) => Object.fromEntries(head.map((h, i) => [h, r[i]])));
}

/* The client's session is gone: GET /session (public) answers user null, and a route needing a login is 401. */
export async function expectLoggedOut(c) {
	const r = await c.get('/session');
	assert.deepEqual(expectOk(r), { user: null, csrf: null });
	expectError(await c.get('/standards'), 401, 'unauthenticated');
}

/* The client's session is alive; returns GET /session's user. */
export async function expectLoggedIn(c) {
	const b = expectOk(await c.get('/session'));
	assert.ok(b.user && typeof b.user.id === 'number', `logged in: ${JSON.stringify(b)}`);
	assert.equal(typeof b.csrf, 'string');
	return b.user;
}
