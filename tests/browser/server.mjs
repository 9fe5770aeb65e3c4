// server.mjs: set-up shared by the browser tests. Starts an aitcert server
// on a fresh temporary database (`aitcert init` with the demo content, then
// `aitcert serve --listen 127.0.0.1:0 --test-clock --quiet`), watches its
// stderr for AddressSanitizer / UBSan reports, and launches Debian's
// Chromium through playwright-core (never a downloaded browser).
//
// Environment: AITCERT_BIN (default build/san/aitcert, relative to the repo
// root), AITCERT_CHROMIUM (default /usr/bin/chromium), AITCERT_KEEP_TMP=1
// keeps the temporary directory, AITCERT_HEADED=1 shows the browser.

import { spawn, execFile } from 'node:child_process';
import { mkdtemp, rm, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN = path.resolve(REPO, process.env.AITCERT_BIN || 'build/san/aitcert');
export const SHOTS = path.join(REPO, 'tests/browser/shots');
export const PASSWORD = 'Browser-Test-Pw-2026';

/* The two reports the task names, plus LeakSanitizer in case leaks get switched on. */
const SANITIZER = /ERROR: AddressSanitizer|runtime error:|ERROR: LeakSanitizer/;

function childEnv() {
	return {
		...process.env,
		ASAN_OPTIONS: 'detect_leaks=0:abort_on_error=0',
		UBSAN_OPTIONS: 'print_stacktrace=1',
	};
}

/* Fails with the report's text when some output carries a sanitizer report. */
export function assertNoSanitizer(text, what) {
	const m = SANITIZER.exec(text || '');
	if (m) {
		const at = Math.max(0, m.index - 200);
		assert.fail(`${what}: sanitizer report:\n${text.slice(at, at + 4000)}`);
	}
}

function runCli(args) {
	return new Promise((resolve, reject) => {
		execFile(BIN, args, { env: childEnv(), timeout: 120000, maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
			if (err && typeof err.code !== 'number') return reject(err);
			resolve({ code: err ? err.code : 0, stdout, stderr });
		});
	});
}

/*
 * A running server: url, dir, db, stderr (all it wrote so far).
 * check() throws on a sanitizer report or an unexpected exit; stop() ends it
 * (SIGTERM, then SIGKILL after 10 s), checks stderr once more and removes
 * the temporary directory.
 */
export class Server {
	constructor(dir) {
		this.dir = dir;
		this.db = path.join(dir, 'aitcert.db');
		this.url = null;
		this.proc = null;
		this.stderr = '';
		this.exit = null;
		this.stopping = false;
	}

	async init() {
		const r = await runCli(['init', '--db', this.db, '--data', path.join(REPO, 'data'), '--admin-password', PASSWORD]);
		assertNoSanitizer(r.stderr, 'aitcert init');
		if (r.code !== 0) throw new Error(`aitcert init failed (${r.code}):\n${r.stdout}\n${r.stderr}`);
	}

	start() {
		const proc = spawn(BIN,
			['serve', '--db', this.db, '--web', path.join(REPO, 'web'), '--listen', '127.0.0.1:0', '--test-clock', '--quiet'],
			{ cwd: this.dir, env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
		this.proc = proc;
		const reap = () => proc.kill('SIGKILL');
		process.on('exit', reap);
		proc.exited = new Promise((resolve) => proc.on('exit', (code, signal) => {
			process.off('exit', reap);
			this.exit = { code, signal };
			resolve(this.exit);
		}));
		proc.stderr.setEncoding('utf8');
		proc.stderr.on('data', (s) => {
			this.stderr += s;
		});
		proc.stdout.setEncoding('utf8');
		let out = '';
		return new Promise((resolve, reject) => {
			const timer = setTimeout(() => {
				proc.kill('SIGKILL');
				reject(new Error(`aitcert serve did not start within 30 s:\n${out}\n${this.stderr}`));
			}, 30000);
			proc.stdout.on('data', (s) => {
				out += s;
				const m = /aitcert: listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
				if (m && !this.url) {
					this.url = m[1];
					clearTimeout(timer);
					resolve(this);
				}
			});
			proc.exited.then(({ code, signal }) => {
				clearTimeout(timer);
				if (!this.url) reject(new Error(`aitcert serve exited during start (code ${code}, signal ${signal}):\n${out}\n${this.stderr}`));
			});
		});
	}

	/* Throws when the server reported a sanitizer error or died on its own. */
	check() {
		assertNoSanitizer(this.stderr, 'aitcert serve');
		if (this.exit && !this.stopping) {
			assert.fail(`aitcert serve exited unexpectedly (code ${this.exit.code}, signal ${this.exit.signal}):\n${this.stderr.slice(-3000)}`);
		}
	}

	async stop() {
		const p = this.proc;
		if (p && !this.exit) {
			this.stopping = true;
			p.kill('SIGTERM');
			const t = setTimeout(() => p.kill('SIGKILL'), 10000);
			await p.exited;
			clearTimeout(t);
		}
		assertNoSanitizer(this.stderr, 'aitcert serve');
		if (!process.env.AITCERT_KEEP_TMP) await rm(this.dir, { recursive: true, force: true });
		return this.exit;
	}
}

/* A fresh temporary database with the demo content and a server on it. */
export async function startServer() {
	const dir = await mkdtemp(path.join(tmpdir(), 'aitcert-browser-'));
	const srv = new Server(dir);
	try {
		await srv.init();
		await srv.start();
	} catch (err) {
		if (srv.proc && !srv.exit) srv.proc.kill('SIGKILL');
		await rm(dir, { recursive: true, force: true });
		throw err;
	}
	return srv;
}

/* Debian's Chromium, headless, with the flags that keep it off the network. */
export function launchBrowser() {
	return chromium.launch({
		executablePath: process.env.AITCERT_CHROMIUM || '/usr/bin/chromium',
		headless: !process.env.AITCERT_HEADED,
		args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
			'--no-first-run', '--disable-sync', '--disable-quic'],
	});
}

/*
 * A new browser context (its own cookies and localStorage, like a second
 * browser) for the server, in Chinese and Beijing time. Every page opened in
 * it records console errors, uncaught exceptions and failed requests in
 * context.problems (tests assert on them).
 */
export async function newContext(browser, srv, opts = {}) {
	const context = await browser.newContext({
		baseURL: srv.url,
		locale: 'zh-CN',
		timezoneId: 'Asia/Shanghai',
		viewport: { width: 1280, height: 900 },
		...opts,
	});
	context.setDefaultTimeout(10000);
	context.problems = [];
	context.on('page', (page) => watchPage(page, context.problems));
	return context;
}

function watchPage(page, problems) {
	page.on('console', (msg) => {
		if (msg.type() !== 'error') return;
		const loc = msg.location();
		const from = loc && loc.url ? ` [${loc.url}]` : '';
		problems.push(`console error on ${page.url()}: ${msg.text()}${from}`);
	});
	page.on('pageerror', (err) => problems.push(`uncaught exception on ${page.url()}: ${err.message}`));
}

/* Logs in through the login form as a person would; waits for the landing page. */
export async function login(page, username, password = PASSWORD) {
	await page.goto('/#/login');
	await page.getByLabel('用户名').fill(username);
	await page.getByLabel('密码').fill(password);
	await page.getByRole('button', { name: '登录', exact: true }).click();
	await page.getByRole('button', { name: '退出登录' }).waitFor();
}

/* Saves a screenshot (the whole page unless full is false) as tests/browser/shots/<name>.png. */
export async function shot(page, name, { full = true } = {}) {
	await mkdir(SHOTS, { recursive: true });
	await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: full });
}

/* Polls fn until it returns a truthy value (returned) or ms pass (then throws with what). */
export async function eventually(fn, what, ms = 10000) {
	const end = Date.now() + ms;
	let last;
	for (;;) {
		try {
			last = await fn();
			if (last) return last;
		} catch (err) {
			last = err;
		}
		if (Date.now() > end) assert.fail(`timed out after ${ms} ms waiting for ${what} (last: ${last && last.message ? last.message : JSON.stringify(last)})`);
		await new Promise((r) => setTimeout(r, 100));
	}
}
