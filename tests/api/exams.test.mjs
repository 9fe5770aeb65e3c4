// exams.test.mjs: the blueprint preview and exam creation (forms assembled
// from the bank and frozen), candidates, minimum duration, reproducible seeds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, expectError, expectOk, csvObjects } from './lib.mjs';

let mgr, candIds;
const fx = useServer(async (srv) => {
	mgr = await srv.login('manager');
	candIds = (await mgr.json('/users?role=candidate')).users.map((u) => u.id);
});

const now = () => Math.floor(Date.now() / 1000);
function examBody(over = {}) {
	const t = now();
	return { title: '四级理论（测试）', level: 4, format: 'demo', opens_at: t - 60, closes_at: t + 86400, duration_min: 90, forms: 1, seed: 42, ...over };
}

/* The items of a form: [{position, item_id, version, type, function, points, ...}] in form order. */
async function formItems(examId, formId) {
	const b = await mgr.json(`/exams/${examId}/forms/${formId}`);
	assert.equal(b.form.exam_id, examId);
	return b.items;
}

test('blueprint level 3 demo: cells add up to 50 items and 100 points', async () => {
	const bp = await mgr.json('/blueprint?level=3&format=demo');
	assert.equal(bp.level, 3);
	assert.equal(bp.format, 'demo');
	assert.equal(bp.total_points, 100);
	const count = bp.cells.reduce((s, c) => s + c.count, 0);
	const points = bp.cells.reduce((s, c) => s + c.count * c.points_each, 0);
	assert.equal(count, 50);
	assert.equal(points, 100);
	// Per type the cells match the paper format (10 judge x1, 25 single x2, 10 multi x3, 5 fill x2).
	const byType = {};
	for (const c of bp.cells) {
		byType[c.type] ??= { n: 0, pts: c.points_each };
		byType[c.type].n += c.count;
		assert.equal(c.points_each, byType[c.type].pts);
		assert.ok(Number.isInteger(c.available) && c.available >= 0);
	}
	assert.deepEqual(byType, { judge: { n: 10, pts: 1 }, single: { n: 25, pts: 2 }, multi: { n: 10, pts: 3 }, fill: { n: 5, pts: 2 } });
	// Per function: the points follow the level-3 weights within rounding, and cells and rows agree.
	const weights = { B1: 5, B2: 10, 1: 20, 2: 30, 3: 30, 4: 5 };
	assert.deepEqual(Object.fromEntries(bp.by_function.map((f) => [f.function, f.target_percent])), weights);
	for (const f of bp.by_function) {
		const cellPts = bp.cells.filter((c) => c.function === f.function).reduce((s, c) => s + c.count * c.points_each, 0);
		assert.equal(f.points, cellPts, `function ${f.function}`);
		assert.ok(Math.abs(f.points - f.target_percent) <= 5, `function ${f.function}: ${f.points} points for ${f.target_percent}%`);
		assert.equal(typeof f.name, 'string');
	}
	assert.equal(bp.by_function.reduce((s, f) => s + f.points, 0), 100);
	const bad = expectError(await mgr.get('/blueprint?level=3&format=nonesuch'), 422, 'invalid_field');
	assert.ok(bad.details.some((d) => d.field === 'format'));
	expectError(await mgr.get('/blueprint'), 422, 'invalid_field');
});

test('level 3 typical (190 items) cannot be assembled from the demo bank: 422 naming the short cells', async () => {
	const bp = await mgr.json('/blueprint?level=3&format=typical');
	assert.equal(bp.cells.reduce((s, c) => s + c.count, 0), 190);
	const short = bp.cells.filter((c) => c.count > c.available).map((c) => `blueprint.${c.function}.${c.type}`).sort();
	assert.ok(short.length > 0);
	const r = await mgr.post('/exams', examBody({ level: 3, format: 'typical' }));
	const e = expectError(r, 422, 'blueprint_infeasible');
	const fields = e.details.map((d) => d.field).sort();
	assert.deepEqual(fields, short);
	const b1 = e.details.find((d) => d.field === 'blueprint.B1.single');
	const cell = bp.cells.find((c) => c.function === 'B1' && c.type === 'single');
	assert.match(b1.reason, new RegExp(`${cell.count}.*${cell.available}`), b1.reason);
	assert.equal((await mgr.json('/exams')).exams.length, 1, 'no exam was created');
});

test('a level-4 exam with 2 forms and max_overlap 0: forms share no item', async () => {
	const body = examBody({ forms: 2, max_overlap: 0, seed: 7, candidates: candIds.map((id, i) => ({ user_id: id, extra_min: i === 0 ? 30 : 0 })) });
	const r = await mgr.post('/exams', body);
	const b = expectOk(r, 201);
	const ex = b.exam;
	assert.equal(ex.level, 4);
	assert.equal(ex.forms, 2);
	assert.equal(ex.candidates, 5);
	assert.equal(ex.duration_min, 90);
	assert.equal(ex.pass_mark, 60);
	assert.deepEqual(b.forms.map((f) => f.code), ['A', 'B']);
	// Candidates get the forms round-robin, extra time kept.
	assert.deepEqual(b.candidates.map((c) => c.form), ['A', 'B', 'A', 'B', 'A']);
	assert.equal(b.candidates[0].extra_min, 30);
	assert.ok(b.candidates.every((c) => c.attempt_status === 'not_started'));
	const [a, bb] = await Promise.all(b.forms.map((f) => formItems(ex.id, f.id)));
	for (const items of [a, bb]) {
		assert.equal(items.length, 50);
		assert.deepEqual(items.map((i) => i.position), Array.from({ length: 50 }, (_, i) => i + 1));
		assert.equal(items.reduce((s, i) => s + i.points, 0), 100);
		assert.equal(new Set(items.map((i) => i.item_id)).size, 50, 'no item twice in a form');
		for (const i of items) {
			assert.ok(typeof i.answer === 'string' && i.answer.length > 0, 'the paper for staff carries the key');
			assert.ok(Array.isArray(i.options));
		}
	}
	const shared = a.filter((i) => bb.some((j) => j.item_id === i.item_id));
	assert.deepEqual(shared, [], 'max_overlap 0');
	// All items are level-4 items of the bank.
	const l4 = new Set((await mgr.json('/items?level=4&per_page=500')).items.map((i) => i.id));
	assert.ok([...a, ...bb].every((i) => l4.has(i.item_id)));
	// The exam lists and reads back.
	const got = await mgr.json(`/exams/${ex.id}`);
	assert.deepEqual(got.exam, ex);
	assert.equal(got.forms[0].stats.items, 50);
	const list = await mgr.json('/exams');
	assert.equal(list.exams[0].id, ex.id);
	assert.equal(list.exams[0].status, 'open');
	expectError(await mgr.get(`/exams/${ex.id}/forms/${b.forms[0].id + 100}`), 404, 'not_found');
	expectError(await mgr.get(`/exams/1/forms/${b.forms[0].id}`), 404, 'not_found');
});

test('a duration below the standard minimum is 422 duration_below_minimum, saying the minimum', async () => {
	const e = expectError(await mgr.post('/exams', examBody({ duration_min: 60 })), 422, 'duration_below_minimum');
	assert.ok(e.details.some((d) => d.field === 'duration_min' && /90/.test(d.reason)), JSON.stringify(e));
	const en = mgr.withLang('en');
	const ee = expectError(await en.post('/exams', examBody({ duration_min: 89 })), 422, 'duration_below_minimum');
	assert.match(ee.details[0].reason, /at least 90 minutes/);
	expectOk(await mgr.post('/exams', examBody({ duration_min: 90, title: 'exactly 90' })), 201);
});

test('the same seed gives the same forms; another seed gives others', async () => {
	const mk = async (seed) => {
		const b = expectOk(await mgr.post('/exams', examBody({ forms: 2, seed, title: `seed ${seed}` })), 201);
		return Promise.all(b.forms.map(async (f) => (await formItems(b.exam.id, f.id)).map((i) => [i.position, i.item_id, i.version, i.points])));
	};
	const one = await mk(2026);
	const two = await mk(2026);
	assert.deepEqual(two, one);
	const three = await mk(99);
	assert.notDeepEqual(three, one);
});

test('exam creation validates its fields and candidates', async () => {
	const t = now();
	const e = expectError(await mgr.post('/exams', { title: '', level: 0, opens_at: t, closes_at: t - 10, duration_min: 90 }), 422, 'invalid_field');
	const f = e.details.map((d) => d.field).sort();
	assert.ok(f.includes('title') && f.includes('level') && f.includes('closes_at'), JSON.stringify(e.details));
	const mgrId = (await mgr.json('/session')).user.id;
	const c = expectError(await mgr.post('/exams', examBody({ candidates: [{ user_id: mgrId }, { user_id: 99999 }, 'x'] })), 422, 'invalid_field');
	assert.deepEqual(c.details.map((d) => d.field), ['candidates[0]', 'candidates[1]', 'candidates[2]']);
	const lo = expectError(await mgr.post('/exams', examBody({ difficulty_lo: 4, difficulty_hi: 3 })), 422, 'invalid_field');
	assert.ok(lo.details.some((d) => d.field === 'difficulty_hi'));
});

test('candidates can be replaced on an exam; the form assignment is round-robin', async () => {
	const b = expectOk(await mgr.post('/exams', examBody({ forms: 2, seed: 5, title: 'cands' })), 201);
	const r = await mgr.put(`/exams/${b.exam.id}/candidates`, { candidates: [{ user_id: candIds[2], extra_min: 15 }, { user_id: candIds[3] }] });
	const got = expectOk(r);
	assert.deepEqual(got.candidates.map((c) => [c.username, c.form, c.extra_min]), [['cand03', 'A', 15], ['cand04', 'B', 0]]);
	assert.equal(got.exam.candidates, 2);
	expectError(await mgr.put('/exams/99999/candidates', { candidates: [] }), 404, 'not_found');
});

test('results.csv neutralises spreadsheet formulas in names, also when the field needs quotes', async () => {
	const csv = [
		'username,name,id_number,password',
		'formula1,=1+2,,formula-pass-1',
		'formula2,"=HYPERLINK(""http://evil.example/"",""点我"")",,formula-pass-2',
		'formula3,"@SUM(1,2)",,formula-pass-3',
		'formula4,"-2+3,4",,formula-pass-4',
		'formula5,"+1,""x""",,formula-pass-5',
	].join('\n');
	const created = expectOk(await mgr.request('POST', '/candidates/import', { body: csv, type: 'text/csv' }), 201).created;
	const ex = expectOk(await mgr.post('/exams', examBody({ title: 'formulas', candidates: created.map((c) => ({ user_id: c.id })) })), 201).exam;
	const r = await mgr.get(`/exams/${ex.id}/results.csv`);
	assert.equal(r.status, 200);
	const rows = csvObjects(r.text);
	assert.equal(rows.length, 5);
	for (const row of rows) {
		assert.ok(!/^[=+\-@\t\r]/.test(row.name), `${row.username}: the name cell ${JSON.stringify(row.name)} would run as a formula`);
		assert.ok(row.name.includes(created.find((c) => c.username === row.username).name), `${row.username}: the name is kept`);
	}
});

test('GET /exams and /exams/:id: results_released is a boolean, forms carry their statistics', async () => {
	const b = await mgr.json('/exams/1');
	assert.equal(b.exam.results_released, false);
	for (const f of b.forms) {
		assert.equal(f.stats.items, 50, `form ${f.code}`);
		assert.equal(typeof f.stats.mean_difficulty, 'number');
		assert.ok(f.stats.mean_difficulty >= 1 && f.stats.mean_difficulty <= 5);
		assert.equal(f.stats.by_function.reduce((s, x) => s + x.points, 0), 100);
	}
	const list = await mgr.json('/exams');
	for (const e of list.exams) assert.equal(typeof e.results_released, 'boolean', `exam ${e.id}: ${JSON.stringify(e.results_released)}`);
});
