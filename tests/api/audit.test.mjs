// audit.test.mjs: the audit log lists the changes made, its hash chain
// verifies, and tampering with the database file is detected by both
// `aitcert audit verify` (exit 1 naming the record) and GET /audit/verify.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { useServer, expectError, expectOk, runCli, assertNoSanitizer, STANDARD } from './lib.mjs';

let admin, mgr;
const fx = useServer(async (srv) => {
	admin = await srv.login('admin');
	mgr = await srv.login('manager');
});

function sqlite(db, sql) {
	return new Promise((resolve, reject) => {
		execFile('sqlite3', [db, sql], (err, stdout, stderr) => (err ? reject(new Error(`sqlite3: ${err.message} ${stderr}`)) : resolve(stdout)));
	});
}

async function allRecords() {
	const out = [];
	let before = '';
	for (;;) {
		const b = await admin.json(`/audit?limit=1000${before}`);
		out.push(...b.records);
		if (b.records.length < 1000) break;
		before = `&before=${b.records[b.records.length - 1].id}`;
	}
	return out;
}

test('init wrote the audit trail of the set-up', async () => {
	const recs = await allRecords();
	const ids = recs.map((r) => r.id);
	assert.deepEqual(ids, [...ids].sort((a, b) => b - a), 'newest first');
	assert.deepEqual(ids, Array.from({ length: ids.length }, (_, i) => ids.length - i), 'ids 1..n without gaps');
	const first = recs[recs.length - 1];
	assert.equal(first.id, 1);
	assert.equal(first.action, 'standard.install');
	assert.equal(first.actor, 'system');
	const count = (a) => recs.filter((r) => r.action === a).length;
	assert.equal(count('user.create'), 7);
	assert.equal(count('exam.create'), 1);
	assert.equal(count('item.import'), 5);
	for (const r of recs) {
		assert.deepEqual(Object.keys(r).sort(), ['action', 'actor', 'actor_id', 'at', 'detail', 'entity', 'entity_id', 'id']);
		assert.equal(typeof r.detail, 'object');
	}
	const page = await admin.json('/audit?limit=3&before=10');
	assert.deepEqual(page.records.map((r) => r.id), [9, 8, 7]);
});

test('GET /audit lists the changes made through the API, with actor and detail', async () => {
	const start = (await admin.json('/audit?limit=1')).records[0].id;
	const u = expectOk(await admin.post('/users', { username: 'audit.me', name: '审计', role: 'candidate', password: 'audit-pass-1' }), 201).user;
	expectOk(await admin.patch(`/users/${u.id}`, { name: '审计（改）' }));
	expectOk(await admin.patch(`/standards/${STANDARD}`, { pointer: '/levels/1/training_hours', value: 55, note: 'audit test' }));
	const t = Math.floor(Date.now() / 1000);
	const ex = expectOk(await mgr.post('/exams', { title: '审计考试', level: 5, opens_at: t, closes_at: t + 3600, duration_min: 90, candidates: [{ user_id: u.id }] }), 201).exam;
	expectOk(await mgr.post(`/exams/${ex.id}/release`));
	// A refused change writes nothing.
	expectError(await admin.patch(`/standards/${STANDARD}`, { pointer: '/levels/1/training_hours', value: -5 }), 422, 'standard_invalid');
	const recs = (await admin.json('/audit?limit=100')).records.filter((r) => r.id > start).reverse();
	assert.deepEqual(recs.map((r) => [r.actor, r.action, r.entity, r.entity_id]), [
		['admin', 'user.create', 'user', String(u.id)],
		['admin', 'user.update', 'user', String(u.id)],
		['admin', 'standard.edit', 'standard', '2'],
		['manager', 'exam.create', 'exam', String(ex.id)],
		['manager', 'exam.release', 'exam', String(ex.id)],
	]);
	assert.equal(recs[1].detail.name, '审计（改）');
	assert.equal(recs[2].detail.before, 50);
	assert.equal(recs[2].detail.after, 55);
	assert.equal(recs[3].detail.title, '审计考试');
	assert.equal(recs[3].detail.candidates, 1);
	assert.equal(recs[0].actor_id, admin.user.id);
	const now = Math.floor(Date.now() / 1000);
	for (const r of recs) assert.ok(Math.abs(r.at - now) < 120, `time ${r.at}`);
});

test('concurrent changes from two users keep one unbroken chain', async () => {
	const before = await admin.json('/audit/verify');
	assert.equal(before.ok, true);
	const jobs = [];
	for (let i = 0; i < 30; i++)
		jobs.push(mgr.post('/items', { ext_id: `CONC-${i}`, level: 5, type: 'judge', function: '1', content: '1.1', difficulty: 2, stem: `并发写入的题目 ${i}。`, answer: 'T' }));
	for (let i = 0; i < 10; i++) jobs.push(admin.patch('/users/3', { name: `并发改名 ${i}` }));
	const rs = await Promise.all(jobs);
	assert.deepEqual(rs.map((r) => r.status), [...Array(30).fill(201), ...Array(10).fill(200)]);
	const after = await admin.json('/audit/verify');
	assert.deepEqual(after, { ok: true, count: before.count + 40 });
});

test('the chain verifies; after tampering with record 3 both the CLI and the API name it', async () => {
	const ok = await admin.json('/audit/verify');
	const n = (await allRecords()).length;
	assert.deepEqual(ok, { ok: true, count: n });
	const cli = await runCli(['audit', 'verify', '--db', fx.srv.db]);
	assertNoSanitizer(cli.stderr, 'aitcert audit verify');
	assert.equal(cli.code, 0, cli.stderr);
	assert.deepEqual(JSON.parse(cli.stdout), { ok: true, count: n });

	await fx.srv.stop();
	const beforeDetail = (await sqlite(fx.srv.db, 'SELECT detail FROM audit WHERE id=3')).trim();
	assert.notEqual(beforeDetail, '{}');
	await sqlite(fx.srv.db, "UPDATE audit SET detail='{}' WHERE id=3");
	const bad = await runCli(['audit', 'verify', '--db', fx.srv.db]);
	assertNoSanitizer(bad.stderr, 'aitcert audit verify');
	assert.equal(bad.code, 1, `exit code; stdout ${bad.stdout} stderr ${bad.stderr}`);
	assert.equal(JSON.parse(bad.stdout).first_bad, 3);
	assert.equal(JSON.parse(bad.stdout).ok, false);
	assert.match(bad.stderr, /record 3\b/);

	await fx.srv.start();
	const v = await admin.json('/audit/verify');
	assert.equal(v.ok, false);
	assert.equal(v.first_bad, 3);

	// Deleting a record (a gap in the chain) is caught too, at the record after it.
	await fx.srv.stop();
	await sqlite(fx.srv.db, `UPDATE audit SET detail='${beforeDetail.replace(/'/g, "''")}' WHERE id=3`);
	assert.equal((await runCli(['audit', 'verify', '--db', fx.srv.db])).code, 0, 'restored');
	await sqlite(fx.srv.db, 'DELETE FROM audit WHERE id=5');
	const gap = await runCli(['audit', 'verify', '--db', fx.srv.db]);
	assert.equal(gap.code, 1);
	assert.equal(JSON.parse(gap.stdout).first_bad, 6);
	await fx.srv.start();
});
