// deadline.test.mjs: the attempt deadline, with the server's test clock moved
// forward (POST /test/clock): saves after the deadline are refused, and the
// attempt is closed and scored as "expired" with the answers saved in time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, expectError, expectOk, correctAnswer, DEMO_EXAM } from './lib.mjs';

let mgr, c1, c3, form;
const fx = useServer(async (srv) => {
	[mgr, c1, c3] = await Promise.all(['manager', 'cand01', 'cand03'].map((u) => srv.login(u)));
	const exam = await mgr.json(`/exams/${DEMO_EXAM}`);
	const formA = exam.forms.find((f) => f.code === 'A');
	form = (await mgr.json(`/exams/${DEMO_EXAM}/forms/${formA.id}`)).items;
});

async function shift(seconds) {
	return expectOk(await fx.srv.client().post('/test/clock', { shift_s: seconds })).now;
}

test('a save after the deadline is 409 deadline_passed; the attempt is closed and scored as expired', async () => {
	const aid = expectOk(await c1.post(`/my/exams/${DEMO_EXAM}/start`), 201).attempt_id;
	const a = await c1.json(`/attempts/${aid}`);
	// Two right answers in time: the first two judge items (1 point each).
	const judges = a.items.filter((i) => i.type === 'judge').slice(0, 2);
	for (const it of judges) expectOk(await c1.put(`/attempts/${aid}/responses/${it.pos}`, { answer: correctAnswer(form[it.pos - 1]), seq: 1 }));
	// Just before the deadline a save still works.
	const before = await shift(a.deadline - a.now - 30);
	assert.ok(before < a.deadline);
	const single = a.items.find((i) => i.type === 'single');
	expectOk(await c1.put(`/attempts/${aid}/responses/${single.pos}`, { answer: correctAnswer(form[single.pos - 1]), seq: 1 }));
	// Past the deadline: refused.
	const after = await shift(60);
	assert.ok(after >= a.deadline);
	const late = a.items.find((i) => i.type === 'multi');
	const e = expectError(await c1.put(`/attempts/${aid}/responses/${late.pos}`, { answer: correctAnswer(form[late.pos - 1]), seq: 1 }), 409, 'deadline_passed');
	assert.equal(e.message, '考试时间已到，答卷已关闭。');
	const en = c1.withLang('en');
	assert.equal(expectError(await en.put(`/attempts/${aid}/responses/${late.pos}`, { answer: 'A', seq: 2 }), 409, 'deadline_passed').message, 'Time is up; the attempt is closed.');
	// Closed and scored with what was saved in time (2 judge points + 2 for the single).
	const got = await c1.json(`/attempts/${aid}`);
	assert.equal(got.status, 'expired');
	assert.equal(got.items.find((i) => i.pos === late.pos).answer, null, 'the late answer was not stored');
	const res = (await mgr.json(`/exams/${DEMO_EXAM}/results`)).results.find((x) => x.username === 'cand01');
	assert.equal(res.status, 'expired');
	assert.equal(res.earned, 4);
	assert.equal(res.score, 4);
	assert.ok(!res.passed);
	assert.ok(res.submitted_at >= a.deadline - 1 && res.submitted_at <= a.deadline + 1, `closed at the deadline: ${res.submitted_at} vs ${a.deadline}`);
	expectError(await c1.post(`/attempts/${aid}/submit`), 409, 'deadline_passed');
	assert.equal((await c1.json('/my/exams')).exams[0].state, 'submitted');
	assert.equal((await mgr.json(`/exams/${DEMO_EXAM}`)).candidates.find((c) => c.username === 'cand01').attempt_status, 'expired');
});

test('the sweeper closes an abandoned attempt after its deadline without any request', async () => {
	const aid = expectOk(await c3.post(`/my/exams/${DEMO_EXAM}/start`), 201).attempt_id;
	const a = await c3.json(`/attempts/${aid}`);
	const it = a.items[0];
	expectOk(await c3.put(`/attempts/${aid}/responses/${it.pos}`, { answer: correctAnswer(form[it.pos - 1]), seq: 1 }));
	await shift(a.deadline - a.now + 5);
	// The sweeper runs every 2 s; wait for it through the manager's view only.
	let status;
	for (let i = 0; i < 50; i++) {
		status = (await mgr.json(`/exams/${DEMO_EXAM}`)).candidates.find((c) => c.username === 'cand03').attempt_status;
		if (status !== 'in_progress' && status !== 'open') break;
		await new Promise((r) => setTimeout(r, 200));
	}
	assert.equal(status, 'expired');
	const res = (await mgr.json(`/exams/${DEMO_EXAM}/results`)).results.find((x) => x.username === 'cand03');
	assert.equal(res.earned, form[it.pos - 1].points);
	const rec = (await (await fx.srv.login('admin')).json('/audit?limit=20')).records.find((r) => r.action === 'attempt.expire' && r.entity_id === String(aid));
	assert.ok(rec, 'the expiry is audited');
	assert.equal(rec.actor, 'system');
});

test('extra time lengthens the deadline; nobody works past the window end plus their extra time', async () => {
	const t = expectOk(await fx.srv.client().get('/health')).time; // the server's (shifted) clock
	const ids = Object.fromEntries((await mgr.json('/users?role=candidate')).users.map((u) => [u.username, u.id]));
	const long = expectOk(await mgr.post('/exams', { title: '加时', level: 5, opens_at: t - 60, closes_at: t + 86400, duration_min: 90, candidates: [{ user_id: ids.cand02, extra_min: 30 }, { user_id: ids.cand04 }] }), 201).exam;
	const short = expectOk(await mgr.post('/exams', { title: '窗口将关', level: 5, opens_at: t - 3600, closes_at: t + 1800, duration_min: 90, candidates: [{ user_id: ids.cand02, extra_min: 10 }, { user_id: ids.cand04 }] }), 201).exam;
	const [c2, c4] = await Promise.all([fx.srv.login('cand02'), fx.srv.login('cand04')]);
	const deadline = async (c, examId) => {
		const aid = expectOk(await c.post(`/my/exams/${examId}/start`), 201).attempt_id;
		const a = await c.json(`/attempts/${aid}`);
		return { d: a.deadline, now: a.now, aid };
	};
	const l2 = await deadline(c2, long.id);
	assert.ok(Math.abs(l2.d - (l2.now + 120 * 60)) <= 5, `90 + 30 min: ${l2.d - l2.now} s`);
	const l4 = await deadline(c4, long.id);
	assert.ok(Math.abs(l4.d - (l4.now + 90 * 60)) <= 5, `90 min: ${l4.d - l4.now} s`);
	const s2 = await deadline(c2, short.id);
	assert.equal(s2.d, short.closes_at + 10 * 60);
	const s4 = await deadline(c4, short.id);
	assert.equal(s4.d, short.closes_at);
	// The candidate with extra time may still save after the window closed, until their own deadline.
	await shift(short.closes_at - s4.now + 60);
	expectError(await c4.put(`/attempts/${s4.aid}/responses/1`, { answer: 'T', seq: 1 }), 409, 'deadline_passed');
	expectOk(await c2.put(`/attempts/${s2.aid}/responses/1`, { answer: 'T', seq: 1 }));
});
