// durability.test.mjs: an acknowledged answer survives a crash. A storm of
// concurrent answer saves is cut by SIGKILL; after a restart on the same
// database every save that was acknowledged (200) is there with at least
// its acknowledged seq.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, expectOk, DEMO_EXAM } from './lib.mjs';

let c5;
const fx = useServer(async (srv) => {
	c5 = await srv.login('cand05');
});

const SAVES = 200;
const IN_FLIGHT = 8;
const KILL_AFTER = 90; // acknowledgements before the kill

test(`${SAVES} concurrent saves, SIGKILL mid-storm, restart: every acknowledged answer is on disk`, async (t) => {
	const aid = expectOk(await c5.post(`/my/exams/${DEMO_EXAM}/start`), 201).attempt_id;
	const paper = await c5.json(`/attempts/${aid}`);
	const items = paper.items;
	const letters = (it) => (it.type === 'judge' ? ['T', 'F'] : it.type === 'fill' ? null : it.options.map((o) => o.key));
	// Save k goes to question k mod 50 with seq = 1 + k div 50: later saves of a question carry higher seqs.
	const plan = Array.from({ length: SAVES }, (_, k) => {
		const it = items[k % items.length];
		const seq = 1 + Math.floor(k / items.length);
		const opts = letters(it);
		const answer = opts ? opts[(k * 7 + seq) % opts.length] : `答案${k}`;
		return { pos: it.pos, seq, answer, flagged: k % 3 === 0 };
	});
	const acked = [];
	const failed = [];
	let next = 0;
	let killed = null;
	const lane = async () => {
		while (next < plan.length) {
			const p = plan[next++];
			try {
				const r = await c5.put(`/attempts/${aid}/responses/${p.pos}`, { answer: p.answer, flagged: p.flagged, seq: p.seq });
				if (r.status === 200) {
					assert.equal(r.body.pos, p.pos);
					assert.ok(r.body.seq >= p.seq, `ack seq ${r.body.seq} for sent ${p.seq}`);
					acked.push({ ...p, ackSeq: r.body.seq });
					if (acked.length === KILL_AFTER && !killed) killed = fx.srv.kill();
				} else failed.push(`${r.status} ${r.text.slice(0, 200)}`);
			} catch (e) {
				failed.push(e.message.split('\n')[0]); // cut by the kill: not acknowledged
			}
		}
	};
	await Promise.all(Array.from({ length: IN_FLIGHT }, lane));
	if (!killed) killed = fx.srv.kill();
	const exit = await killed;
	assert.equal(exit.signal, 'SIGKILL');
	t.diagnostic(`acknowledged ${acked.length}, refused or cut ${failed.length}`);
	assert.ok(acked.length >= KILL_AFTER, `only ${acked.length} acknowledged before the kill: ${failed.slice(0, 3)}`);
	assert.ok(acked.length < SAVES, 'the kill came in the middle of the storm');
	// Non-200 answers before the kill would be a bug (busy, 5xx...).
	const http = failed.filter((f) => /^\d{3} /.test(f));
	assert.deepEqual(http, [], 'no refused saves');

	await fx.srv.start();
	const after = await c5.json(`/attempts/${aid}`); // the session survives the restart too
	assert.equal(after.status, 'open');
	const stored = Object.fromEntries(after.items.map((i) => [i.pos, i]));
	const lost = [];
	for (const a of acked) {
		const s = stored[a.pos];
		if (s.seq < a.ackSeq) lost.push(`pos ${a.pos}: acknowledged seq ${a.ackSeq}, stored ${s.seq}`);
		else if (s.seq === a.seq && (s.answer !== a.answer || s.flagged !== a.flagged))
			lost.push(`pos ${a.pos} seq ${a.seq}: acknowledged ${a.answer}/${a.flagged}, stored ${s.answer}/${s.flagged}`);
	}
	assert.deepEqual(lost, []);
	// The highest acknowledged seq of each question is what is stored, or something newer from the plan.
	for (const [pos, s] of Object.entries(stored)) {
		if (s.seq === 0) continue;
		const p = plan.find((x) => x.pos === Number(pos) && x.seq === s.seq);
		assert.ok(p, `pos ${pos} has seq ${s.seq} that was never sent`);
		assert.equal(s.answer, p.answer);
	}
	// The restarted server keeps working.
	expectOk(await c5.put(`/attempts/${aid}/responses/${items[0].pos}`, { answer: 'T', seq: 1000 }));
	const final = expectOk(await c5.post(`/attempts/${aid}/submit`));
	assert.equal(final.status, 'submitted');
});
