// standard.test.mjs: reading the occupational standard and the admin's audited corrections.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { useServer, expectError, expectOk, REPO, STANDARD } from './lib.mjs';

let admin, manager, cand, shipped;
const fx = useServer(async (srv) => {
	admin = await srv.login('admin');
	manager = await srv.login('manager');
	cand = await srv.login('cand01');
	shipped = JSON.parse(await readFile(path.join(REPO, 'data/standard/ai-trainer-4-04-05-05.json'), 'utf8'));
});

const sum = (ws) => ws.reduce((s, w) => s + w.percent, 0);

test('GET /standards lists the shipped standard, version 1', async () => {
	const b = await cand.json('/standards');
	assert.equal(b.standards.length, 1);
	const s = b.standards[0];
	assert.equal(s.code, STANDARD);
	assert.equal(s.version, 1);
	assert.equal(s.name_zh, '人工智能训练师');
	assert.equal(s.name_en, 'Artificial intelligence trainer');
	assert.equal(typeof s.updated_at, 'number');
});

test('GET /standards/:code returns the shipped document with levels and weights', async () => {
	const b = await manager.json(`/standards/${STANDARD}`);
	assert.equal(b.code, STANDARD);
	assert.equal(b.version, 1);
	assert.deepEqual(b.doc, shipped);
	assert.deepEqual(b.doc.levels.map((l) => l.code), [5, 4, 3, 2, 1]);
	const l5 = b.doc.levels[0];
	assert.equal(l5.name.zh, '五级/初级工');
	assert.deepEqual(l5.theory_weights.map((w) => [w.function, w.percent]), [['B1', 5], ['B2', 25], ['1', 20], ['2', 35], ['3', 15]]);
	for (const l of b.doc.levels) {
		assert.equal(sum(l.theory_weights), 100, `level ${l.code} theory weights`);
		assert.equal(sum(l.skill_weights), 100, `level ${l.code} skill weights`);
		for (const w of [...l.theory_weights, ...l.skill_weights]) assert.ok(['confirmed', 'confirmed-2025', 'secondary', 'provisional'].includes(w.provenance));
	}
	expectError(await manager.get('/standards/9-99-99-99'), 404, 'not_found');
});

test('an edit that breaks the weight sum is refused (422 standard_invalid) and changes nothing', async () => {
	const r = await admin.patch(`/standards/${STANDARD}`, { pointer: '/levels/0/theory_weights/0/percent', value: 10, provenance: 'confirmed', note: 'typo test' });
	const e = expectError(r, 422, 'standard_invalid');
	// The details name the table and the wrong sum (5 → 10 makes 105).
	const d = e.details.find((x) => x.field === 'levels[0].theory_weights');
	assert.ok(d, JSON.stringify(e.details));
	assert.match(d.reason, /105/);
	const b = await admin.json(`/standards/${STANDARD}`);
	assert.equal(b.version, 1);
	assert.equal(b.doc.levels[0].theory_weights[0].percent, 5);
	// Other refusals: a path that does not exist, a value of the wrong type, a bad provenance.
	const p = expectError(await admin.patch(`/standards/${STANDARD}`, { pointer: '/levels/9/training_hours', value: 1 }), 422, 'standard_invalid');
	assert.ok(p.details.some((d) => d.field === 'pointer'), JSON.stringify(p));
	const t = expectError(await admin.patch(`/standards/${STANDARD}`, { pointer: '/levels/0/training_hours', value: 'sixty' }), 422, 'standard_invalid');
	assert.deepEqual(t.details.map((x) => x.field), ['levels[0].training_hours']);
	const v = expectError(await admin.patch(`/standards/${STANDARD}`, { pointer: 'levels/0', value: 1, provenance: 'rumour' }), 422, 'invalid_field');
	assert.deepEqual(v.details.map((d) => d.field).sort(), ['pointer', 'provenance']);
	expectError(await admin.patch(`/standards/${STANDARD}`, { pointer: '/levels/0/training_hours' }), 422, 'invalid_field');
	expectError(await admin.patch('/standards/9-99-99-99', { pointer: '/levels/0/training_hours', value: 70 }), 404, 'not_found');
	assert.equal((await admin.json(`/standards/${STANDARD}`)).version, 1);
});

test('editing training_hours works, bumps the version and is audited', async () => {
	const before = await admin.json('/audit?limit=1');
	const r = await admin.patch(`/standards/${STANDARD}`, {
		pointer: '/levels/0/training_hours',
		value: 72,
		provenance: 'confirmed',
		note: 'checked against PDF p.14',
	});
	assert.deepEqual(expectOk(r), { code: STANDARD, version: 2 });
	const b = await cand.json(`/standards/${STANDARD}`);
	assert.equal(b.version, 2);
	assert.equal(b.doc.levels[0].training_hours, 72);
	assert.equal(b.doc.levels[0].provenance, 'confirmed');
	assert.equal(b.doc.levels[1].training_hours, shipped.levels[1].training_hours);
	assert.deepEqual(b.doc.levels[0].theory_weights, shipped.levels[0].theory_weights, 'nothing else changed');
	assert.equal((await cand.json('/standards')).standards[0].version, 2);

	const audit = await admin.json('/audit?limit=5');
	const rec = audit.records[0];
	assert.ok(rec.id > before.records[0].id);
	assert.equal(rec.action, 'standard.edit');
	assert.equal(rec.entity, 'standard');
	assert.equal(rec.entity_id, '2');
	assert.equal(rec.actor, 'admin');
	assert.deepEqual(rec.detail, {
		pointer: '/levels/0/training_hours',
		before: 60,
		after: 72,
		provenance: 'confirmed',
		note: 'checked against PDF p.14',
		version: 2,
	});
	// The refused edits of the previous test left no audit record.
	assert.equal(audit.records.filter((x) => x.action === 'standard.edit').length, 1);
});

test('replacing a whole weight table that still sums to 100 is accepted and drives the blueprint', async () => {
	const weights = [
		{ function: 'B1', percent: 10, provenance: 'provisional' },
		{ function: 'B2', percent: 20, provenance: 'provisional' },
		{ function: '1', percent: 20, provenance: 'provisional' },
		{ function: '2', percent: 35, provenance: 'provisional' },
		{ function: '3', percent: 15, provenance: 'provisional' },
	];
	const r = await admin.patch(`/standards/${STANDARD}`, { pointer: '/levels/0/theory_weights', value: weights, provenance: 'confirmed' });
	assert.deepEqual(expectOk(r), { code: STANDARD, version: 3 });
	const doc = (await admin.json(`/standards/${STANDARD}`)).doc;
	assert.deepEqual(doc.levels[0].theory_weights.map((w) => [w.function, w.percent, w.provenance]), [
		['B1', 10, 'confirmed'], ['B2', 20, 'confirmed'], ['1', 20, 'confirmed'], ['2', 35, 'confirmed'], ['3', 15, 'confirmed'],
	]);
	const bp = await manager.json('/blueprint?level=5&format=demo');
	const target = Object.fromEntries(bp.by_function.map((f) => [f.function, f.target_percent]));
	assert.deepEqual(target, { B1: 10, B2: 20, 1: 20, 2: 35, 3: 15 });
	const rec = (await admin.json('/audit?limit=1')).records[0];
	assert.equal(rec.action, 'standard.edit');
	assert.deepEqual(rec.detail.before.map((w) => w.percent), [5, 25, 20, 35, 15]);
	assert.deepEqual(rec.detail.after.map((w) => w.percent), [10, 20, 20, 35, 15]);
	// Exams made before keep the standard version they were made with.
	const exam = await manager.json('/exams/1');
	assert.equal(exam.exam.standard_version, 1);
});

test('only an admin may edit the standard', async () => {
	expectError(await manager.patch(`/standards/${STANDARD}`, { pointer: '/levels/0/training_hours', value: 1 }), 403, 'forbidden');
	expectError(await cand.patch(`/standards/${STANDARD}`, { pointer: '/levels/0/training_hours', value: 1 }), 403, 'forbidden');
	assert.equal((await admin.json(`/standards/${STANDARD}`)).doc.levels[0].training_hours, 72);
});
