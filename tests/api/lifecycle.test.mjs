// lifecycle.test.mjs: the server process: a restart keeps everything, and
// SIGTERM stops it cleanly (exit 0) whenever it arrives, also right after
// the address line (what a supervisor or a test harness does).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { useServer, expectOk, BIN, runCli, assertNoSanitizer } from './lib.mjs';

let admin;
const fx = useServer(async (srv) => {
	admin = await srv.login('admin');
});

test('a restart on the same database keeps data and sessions', async () => {
	const u = expectOk(await admin.post('/users', { username: 'restart.me', name: '重启', role: 'candidate', password: 'restart-pass-1' }), 201).user;
	const port = fx.srv.url;
	const e = await fx.srv.stop();
	assert.deepEqual(e, { code: 0, signal: null });
	await fx.srv.start();
	assert.notEqual(fx.srv.url, port, 'a new ephemeral port');
	const users = await admin.json('/users?q=restart.me');
	assert.deepEqual(users.users.map((x) => x.id), [u.id]);
	assert.equal((await admin.json('/audit/verify')).ok, true);
});

test('the CLI refuses a database it cannot open, and bad options', async () => {
	const r = await runCli(['serve', '--db', '/nonexistent-dir/x.db', '--listen', '127.0.0.1:0']);
	assertNoSanitizer(r.stderr, 'aitcert serve');
	assert.equal(r.code, 1);
	assert.match(r.stderr, /cannot open the database/);
	const v = await runCli(['audit', 'verify', '--db', fx.srv.db]);
	assert.equal(v.code, 0, v.stderr);
	assert.equal((await runCli(['serve', '--listen', 'nocolon'])).code, 2);
	assert.equal((await runCli(['frobnicate'])).code, 2);
});

/* Starts `serve` on the test database and sends SIGTERM the moment it prints its address. */
function termAtStart(db) {
	return new Promise((resolve) => {
		const p = spawn(BIN, ['serve', '--db', db, '--listen', '127.0.0.1:0', '--quiet'], {
			env: { ...process.env, ASAN_OPTIONS: 'detect_leaks=0' },
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let err = '';
		let hang = null;
		p.stderr.on('data', (d) => (err += d));
		p.stdout.on('data', (d) => {
			if (!hang && /listening on/.test(String(d))) {
				p.kill('SIGTERM');
				hang = setTimeout(() => {
					hang.fired = true;
					p.kill('SIGKILL');
				}, 3000);
			}
		});
		p.on('exit', (code, signal) => {
			if (hang) clearTimeout(hang);
			resolve({ code, signal, hung: Boolean(hang?.fired), err });
		});
	});
}

test('SIGTERM right after start stops the server cleanly (no hang, no default kill)', async (t) => {
	// Another process may not hold the database while this runs: stop the file's server.
	await fx.srv.stop();
	const runs = [];
	for (let i = 0; i < 12; i++) runs.push(await termAtStart(fx.srv.db));
	await fx.srv.start();
	for (const r of runs) assertNoSanitizer(r.err, 'aitcert serve');
	const summary = runs.map((r) => (r.hung ? 'hung' : r.code === 0 ? 'ok' : `killed by ${r.signal}`));
	t.diagnostic(summary.join(', '));
	assert.deepEqual(summary, Array(runs.length).fill('ok'),
		'serve must exit 0 on SIGTERM at any time: it prints its address before installing the handler (default action kills it), ' +
		'and the handler may run on a worker thread while main() sleeps in pause() for good (hang)');
});
