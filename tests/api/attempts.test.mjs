// attempts.test.mjs: the candidate's side of the demo exam (exam 1, level 5,
// forms A/B given round-robin: cand01 A, cand02 B, ...): start and resume,
// the paper without its key, saving answers with sequence numbers, submit and
// scoring, results before and after release, the manager's results and CSV.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, expectError, expectOk, correctAnswer, csvObjects, DEMO_EXAM } from './lib.mjs';

let mgr, c1, c2, c3, forms, keyOf, att1, att2;
const fx = useServer(async (srv) => {
	[mgr, c1, c2, c3] = await Promise.all(['manager', 'cand01', 'cand02', 'cand03'].map((u) => srv.login(u)));
	const exam = await mgr.json(`/exams/${DEMO_EXAM}`);
	forms = {};
	for (const f of exam.forms) forms[f.code] = (await mgr.json(`/exams/${DEMO_EXAM}/forms/${f.id}`)).items;
	keyOf = Object.fromEntries(exam.candidates.map((c) => [c.username, c.form]));
});

const ITEM_KEYS = ['answer', 'flagged', 'options', 'points', 'pos', 'section', 'seq', 'stem', 'type'];

test('the demo exam is open for the candidate', async () => {
	assert.deepEqual(keyOf, { cand01: 'A', cand02: 'B', cand03: 'A', cand04: 'B', cand05: 'A' });
	const b = await c1.json('/my/exams');
	assert.equal(typeof b.now, 'number');
	assert.equal(b.exams.length, 1);
	const e = b.exams[0];
	assert.equal(e.id, DEMO_EXAM);
	assert.equal(e.state, 'open');
	assert.equal(e.level, 5);
	assert.equal(e.duration_min, 90);
	assert.equal(e.extra_min, 0);
	assert.equal(e.attempt_id, null);
	assert.ok(!('result' in e));
});

test('start creates the attempt; starting again resumes the same one', async () => {
	const r = await c1.post(`/my/exams/${DEMO_EXAM}/start`);
	const first = expectOk(r, 201);
	assert.equal(typeof first.attempt_id, 'number');
	assert.equal(first.resumed, false);
	att1 = first.attempt_id;
	const again = expectOk(await c1.post(`/my/exams/${DEMO_EXAM}/start`));
	assert.equal(again.attempt_id, att1);
	assert.equal(again.resumed, true);
	const e = (await c1.json('/my/exams')).exams[0];
	assert.equal(e.state, 'in_progress');
	assert.equal(e.attempt_id, att1);
	// Two tabs starting at the same moment still share one attempt.
	const both = await Promise.all([c2.post(`/my/exams/${DEMO_EXAM}/start`), c2.post(`/my/exams/${DEMO_EXAM}/start`)]);
	assert.deepEqual(both.map((x) => x.status).sort(), [200, 201]);
	assert.equal(both[0].body.attempt_id, both[1].body.attempt_id);
	att2 = both[0].body.attempt_id;
	assert.notEqual(att2, att1);
	expectError(await c1.post('/my/exams/99999/start'), 404, 'not_found');
});

test('the attempt shows the paper in shuffled order and never the key', async () => {
	const r = await c1.get(`/attempts/${att1}`);
	const a = expectOk(r);
	assert.equal(a.id, att1);
	assert.equal(a.exam_title, '五级理论知识考试（演示）');
	assert.equal(a.status, 'open');
	assert.ok(Math.abs(a.deadline - (a.now + 90 * 60)) <= 10, `deadline ${a.deadline} now ${a.now}`);
	assert.equal(a.items.length, 50);
	// No key, no explanation, nothing marked correct anywhere in the answer.
	assert.ok(!/explanation|correct|partial_credit|"key_|ext_id|item_id/.test(r.text), r.text.slice(0, 300));
	const form = forms.A;
	const seenPos = new Set();
	const order = [];
	for (const it of a.items) {
		assert.deepEqual(Object.keys(it).sort(), ITEM_KEYS);
		assert.equal(it.answer, null);
		assert.equal(it.flagged, false);
		assert.equal(it.seq, 0);
		assert.equal(it.section, it.type);
		seenPos.add(it.pos);
		order.push(it.type);
		const src = form[it.pos - 1];
		assert.equal(src.position, it.pos);
		assert.equal(it.stem, src.stem);
		assert.equal(it.type, src.type);
		assert.equal(it.points, src.points);
		for (const o of it.options) assert.deepEqual(Object.keys(o).sort(), ['key', 'text']);
		if (it.type === 'judge') assert.deepEqual(it.options, [{ key: 'T', text: '正确' }, { key: 'F', text: '错误' }]);
		else if (it.type === 'fill') assert.deepEqual(it.options, []);
		else {
			// Keys are the original letters; every option is there once.
			assert.deepEqual(it.options.map((o) => o.key).sort(), src.options.map((_, i) => String.fromCharCode(65 + i)));
			for (const o of it.options) assert.equal(o.text, src.options[o.key.charCodeAt(0) - 65]);
		}
	}
	assert.equal(seenPos.size, 50);
	// Sections come in the order judge, single, multi, fill; within a section the order is shuffled.
	const sections = order.filter((t, i) => i === 0 || order[i - 1] !== t);
	assert.deepEqual(sections, ['judge', 'single', 'multi', 'fill']);
	const singles = a.items.filter((i) => i.type === 'single').map((i) => i.pos);
	assert.notDeepEqual(singles, [...singles].sort((x, y) => x - y), 'single-choice questions are shuffled');
	const shuffledOpts = a.items.filter((i) => i.type === 'single' && i.options.map((o) => o.key).join('') !== 'ABCD'.slice(0, i.options.length));
	assert.ok(shuffledOpts.length > 0, 'options are shuffled');
	// English judge labels.
	const en = c1.withLang('en');
	const ae = await en.json(`/attempts/${att1}`);
	assert.deepEqual(ae.items[0].options, [{ key: 'T', text: 'True' }, { key: 'F', text: 'False' }]);
	// Reloading shows the same layout.
	assert.deepEqual((await c1.json(`/attempts/${att1}`)).items.map((i) => i.pos), a.items.map((i) => i.pos));
	// Someone else's attempt does not exist for this candidate; staff may not open attempts.
	expectError(await c2.get(`/attempts/${att1}`), 404, 'not_found');
	expectError(await c2.put(`/attempts/${att1}/responses/1`, { answer: 'T', seq: 1 }), 404, 'not_found');
	expectError(await c2.post(`/attempts/${att1}/submit`), 404, 'not_found');
	expectError(await mgr.get(`/attempts/${att1}`), 403, 'forbidden');
});

test('answers are saved with a sequence number; an older one never overwrites a newer one', async () => {
	const t0 = Date.now();
	const ack = expectOk(await c1.put(`/attempts/${att1}/responses/3`, { answer: 'T', flagged: true, seq: 1 }));
	assert.deepEqual(Object.keys(ack).sort(), ['pos', 'saved_at_ms', 'seq']);
	assert.equal(ack.pos, 3);
	assert.equal(ack.seq, 1);
	assert.ok(ack.saved_at_ms >= t0 - 2000 && ack.saved_at_ms <= Date.now() + 2000, `saved_at_ms ${ack.saved_at_ms}`);
	// Newer wins; an older or equal seq is acknowledged with the stored seq and ignored.
	assert.equal(expectOk(await c1.put(`/attempts/${att1}/responses/4`, { answer: 'AB', seq: 3 })).seq, 3);
	const old = expectOk(await c1.put(`/attempts/${att1}/responses/4`, { answer: 'CD', seq: 2 }));
	assert.equal(old.seq, 3);
	const equal = expectOk(await c1.put(`/attempts/${att1}/responses/4`, { answer: 'D', seq: 3 }));
	assert.equal(equal.seq, 3);
	assert.equal(expectOk(await c1.put(`/attempts/${att1}/responses/5`, { answer: 'B', seq: 1 })).seq, 1);
	assert.equal(expectOk(await c1.put(`/attempts/${att1}/responses/5`, { answer: null, flagged: true, seq: 2 })).seq, 2);
	const a = await c1.json(`/attempts/${att1}`);
	const by = Object.fromEntries(a.items.map((i) => [i.pos, i]));
	assert.deepEqual([by[3].answer, by[3].flagged, by[3].seq], ['T', true, 1]);
	assert.deepEqual([by[4].answer, by[4].flagged, by[4].seq], ['AB', false, 3]);
	assert.deepEqual([by[5].answer, by[5].flagged, by[5].seq], [null, true, 2]);
	assert.equal(a.items.filter((i) => i.seq > 0).length, 3);
	// A browser without local state resumes at the question saved last (pos 5, saved after 3 and 4).
	assert.equal(a.resume_pos, 5);
	const e = expectError(await c1.put(`/attempts/${att1}/responses/0`, { answer: 'A', seq: 1 }), 422, 'invalid_field');
	assert.deepEqual(e.details.map((d) => d.field), ['pos']);
	expectError(await c1.put(`/attempts/${att1}/responses/51`, { answer: 'A', seq: 1 }), 422, 'invalid_field');
	expectError(await c1.put(`/attempts/${att1}/responses/6`, { answer: 'A' }), 422, 'invalid_field');
});

/* Saves the right answer to every question for which pick(formItem) is true; blanks the ones saved before. */
async function answer(client, attemptId, form, pick, seq = 10) {
	const a = await client.json(`/attempts/${attemptId}`);
	for (const it of a.items) {
		const src = form[it.pos - 1];
		const ans = pick(src) ? correctAnswer(src) : null;
		if (ans === null && it.seq === 0) continue;
		expectOk(await client.put(`/attempts/${attemptId}/responses/${it.pos}`, { answer: ans, flagged: false, seq }));
	}
}

function expectedByFunction(form, pick) {
	const out = {};
	for (const i of form) {
		out[i.function] ??= { earned: 0, max: 0 };
		out[i.function].max += i.points;
		if (pick(i)) out[i.function].earned += i.points;
	}
	return out;
}
const judgeOnly = (i) => i.type === 'judge';
const byFn = (list) => Object.fromEntries(list.map((f) => [f.function, { earned: f.earned, max: f.max }]));

test('submit scores at once: only the judge items right gives 10 of 100', async () => {
	await answer(c1, att1, forms.A, judgeOnly);
	// One wrong single-choice answer scores nothing.
	const wrongSingle = forms.A.find((i) => i.type === 'single');
	const wrongKey = wrongSingle.answer === 'A' ? 'B' : 'A';
	expectOk(await c1.put(`/attempts/${att1}/responses/${wrongSingle.position}`, { answer: wrongKey, seq: 20 }));
	assert.deepEqual(expectOk(await c1.post(`/attempts/${att1}/submit`)), { status: 'submitted' });
	const a = await c1.json(`/attempts/${att1}`);
	assert.equal(a.status, 'submitted');
	expectError(await c1.post(`/attempts/${att1}/submit`), 409, 'already_submitted');
	const late = expectError(await c1.put(`/attempts/${att1}/responses/1`, { answer: 'T', seq: 99 }), 409, 'already_submitted');
	assert.equal(late.message, '答卷已提交。');
	// Start after submitting returns the same (closed) attempt.
	assert.equal(expectOk(await c1.post(`/my/exams/${DEMO_EXAM}/start`)).attempt_id, att1);
	assert.equal((await c1.json('/my/exams')).exams[0].state, 'submitted');
	const res = (await mgr.json(`/exams/${DEMO_EXAM}/results`)).results.find((x) => x.username === 'cand01');
	assert.equal(res.status, 'submitted');
	assert.equal(res.score, 10);
	assert.equal(res.earned, 10);
	assert.equal(res.total, 100);
	assert.ok(!res.passed);
	assert.deepEqual(byFn(res.by_function), expectedByFunction(forms.A, judgeOnly));
});

test('answering every item correctly (keys mapped by pos and original letter) gives 100 and passes', async () => {
	await answer(c2, att2, forms.B, () => true);
	const a = await c2.json(`/attempts/${att2}`);
	// What the candidate sees as their answers are the option keys of the right options.
	for (const it of a.items.filter((i) => i.type === 'single')) {
		const chosen = it.options.find((o) => o.key === it.answer);
		assert.equal(chosen.text, forms.B[it.pos - 1].options[forms.B[it.pos - 1].answer.charCodeAt(0) - 65]);
	}
	expectOk(await c2.post(`/attempts/${att2}/submit`));
	const res = (await mgr.json(`/exams/${DEMO_EXAM}/results`)).results.find((x) => x.username === 'cand02');
	assert.equal(res.score, 100);
	assert.ok(res.passed);
	for (const f of res.by_function) assert.equal(f.earned, f.max, `function ${f.function}`);
	assert.deepEqual(byFn(res.by_function), expectedByFunction(forms.B, () => true));
});

test('results are hidden from candidates until the manager releases them', async () => {
	const hidden = expectError(await c1.get(`/my/results/${DEMO_EXAM}`), 403, 'result_not_released');
	assert.equal(hidden.message, '成绩尚未发布。');
	assert.ok(!('result' in (await c1.json('/my/exams')).exams[0]));
	const r = await mgr.json(`/exams/${DEMO_EXAM}/results`);
	assert.equal(r.released, false);
	assert.equal(r.pass_mark, 60);
	assert.deepEqual(r.results.map((x) => [x.username, x.status]), [
		['cand01', 'submitted'], ['cand02', 'submitted'], ['cand03', 'not_started'], ['cand04', 'not_started'], ['cand05', 'not_started'],
	]);
	assert.equal(r.results[2].score, null);

	const csv = await mgr.get(`/exams/${DEMO_EXAM}/results.csv`);
	assert.equal(csv.status, 200);
	assert.match(csv.headers.get('content-type'), /^text\/csv/);
	assert.match(csv.headers.get('content-disposition'), /attachment; filename="exam-1-results\.csv"/);
	assert.ok(csv.text.startsWith('\uFEFF'), 'BOM for spreadsheets');
	const rows = csvObjects(csv.text);
	assert.equal(rows.length, 5);
	assert.deepEqual(
		rows.slice(0, 3).map((x) => [x.username, x.name, x.form, x.status, x.score, x.passed]),
		[['cand01', '演示考生1', 'A', 'submitted', '10.00', 'no'], ['cand02', '演示考生2', 'B', 'submitted', '100.00', 'yes'], ['cand03', '演示考生3', 'A', 'not_started', '', '']],
	);
	// One column per function with the points earned.
	const fnCols = Object.keys(rows[0]).slice(7);
	assert.equal(fnCols.length, r.results[0].by_function.length);
	for (const [k, f] of r.results[0].by_function.entries()) {
		assert.ok(fnCols[k].startsWith(`${f.function} `), fnCols[k]);
		assert.equal(Number(rows[0][fnCols[k]]), f.earned);
	}

	assert.deepEqual(expectOk(await mgr.post(`/exams/${DEMO_EXAM}/release`)), { released: true });
	assert.equal((await mgr.json(`/exams/${DEMO_EXAM}/results`)).released, true);
	const mine = expectOk(await c1.get(`/my/results/${DEMO_EXAM}`));
	assert.equal(mine.score, 10);
	assert.equal(mine.passed, false);
	assert.equal(mine.pass_mark, 60);
	assert.deepEqual(byFn(mine.by_function), expectedByFunction(forms.A, judgeOnly));
	for (const f of mine.by_function) assert.equal(typeof f.name, 'string');
	const two = expectOk(await c2.get(`/my/results/${DEMO_EXAM}`));
	assert.equal(two.score, 100);
	assert.equal(two.passed, true);
	const listed = (await c1.json('/my/exams')).exams[0];
	assert.equal(listed.result.score, 10);
	assert.equal(listed.result.passed, false);
	// A candidate of the exam who never took it has no result.
	expectError(await c3.get(`/my/results/${DEMO_EXAM}`), 404, 'not_found');
	expectError(await c1.get('/my/results/99999'), 404, 'not_found');
});

test('outside the exam window starting is refused (409 exam_not_open)', async () => {
	const t = Math.floor(Date.now() / 1000);
	const ids = { c3: c3.user.id };
	const later = expectOk(await mgr.post('/exams', { title: '明天的考试', level: 5, opens_at: t + 86400, closes_at: t + 2 * 86400, duration_min: 90, candidates: [{ user_id: ids.c3 }] }), 201).exam;
	const past = expectOk(await mgr.post('/exams', { title: '昨天的考试', level: 5, opens_at: t - 2 * 86400, closes_at: t - 86400, duration_min: 90, candidates: [{ user_id: ids.c3 }] }), 201).exam;
	const e = expectError(await c3.post(`/my/exams/${later.id}/start`), 409, 'exam_not_open');
	assert.equal(e.message, '考试当前不在开放时间内。');
	expectError(await c3.post(`/my/exams/${past.id}/start`), 409, 'exam_not_open');
	const states = Object.fromEntries((await c3.json('/my/exams')).exams.map((x) => [x.id, x.state]));
	assert.deepEqual(states, { [DEMO_EXAM]: 'open', [later.id]: 'upcoming', [past.id]: 'closed' });
	// A candidate who is not on an exam cannot start it.
	expectError(await c1.post(`/my/exams/${later.id}/start`), 404, 'not_found');
});

test('scoring rules: multi in any order, partial credit, fill answers normalised', async () => {
	const form = forms.A;
	const fullWidth = (s) => s.replace(/[!-~]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0));
	let expected = 0;
	const plan = new Map();
	for (const i of form) {
		let ans;
		let got = 0;
		if (i.type === 'multi' && i.partial_credit) {
			ans = i.answer[0]; // one right option of several: a share of the points
			got = i.points / i.answer.length;
		} else if (i.type === 'multi') {
			ans = [...i.answer].reverse().join(','); // order and separators do not matter
			got = i.points;
		} else if (i.type === 'fill') {
			const alt = i.answer.split('|')[0];
			ans = ` ${fullWidth(alt.toUpperCase()).split('').join('\u3000')} `;
			got = i.points;
		} else {
			ans = i.answer;
			got = i.points;
		}
		plan.set(i.position, ans);
		expected += got;
	}
	assert.ok(form.some((i) => i.type === 'multi' && i.partial_credit), 'form A has partial-credit items');
	const aid = expectOk(await c3.post(`/my/exams/${DEMO_EXAM}/start`), 201).attempt_id;
	for (const [pos, ans] of plan) expectOk(await c3.put(`/attempts/${aid}/responses/${pos}`, { answer: ans, seq: 1 }));
	expectOk(await c3.post(`/attempts/${aid}/submit`));
	const res = (await mgr.json(`/exams/${DEMO_EXAM}/results`)).results.find((x) => x.username === 'cand03');
	assert.ok(expected < 100 && expected > 60);
	assert.ok(Math.abs(res.earned - expected) < 1e-9, `earned ${res.earned}, expected ${expected}`);
	assert.ok(Math.abs(res.score - expected) < 1e-9);
	assert.ok(res.passed);
});

test('contract: the manager sees attempt_status not_started | in_progress | submitted', async () => {
	// docs: GET /exams/:id candidates[].attempt_status is "not_started|in_progress|submitted|expired".
	const c5 = await fx.srv.login('cand05');
	expectOk(await c5.post(`/my/exams/${DEMO_EXAM}/start`), 201);
	const st = Object.fromEntries((await mgr.json(`/exams/${DEMO_EXAM}`)).candidates.map((c) => [c.username, c.attempt_status]));
	assert.deepEqual(st, { cand01: 'submitted', cand02: 'submitted', cand03: 'submitted', cand04: 'not_started', cand05: 'in_progress' });
});
