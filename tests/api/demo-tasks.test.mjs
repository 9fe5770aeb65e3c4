// demo-tasks.test.mjs: the demo practical tasks in data/tasks (written by
// tools/gen-demo-tasks.py) grade as intended through `aitcert grade`: for every
// task directory, the perfect submission (submission-gold.json) scores 100 and
// the plausible imperfect one (submission-weak.json) scores from 0 to below 100.
// Upload tasks are scored by raters: their score is null, and when they have an
// automatic check its auto_score follows the same rule. Also checks that every
// work function of every level has at least two tasks, that the manifests'
// assets are present with their sizes, and that the README lists every task.
//
// Environment: AITCERT_BIN (default build/san/aitcert); the CLI runs with
// ASAN_OPTIONS=detect_leaks=0 (lib.mjs).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { REPO, runCli, assertNoSanitizer } from './lib.mjs';

const TASKS = path.join(REPO, 'data', 'tasks');
const ids = existsSync(TASKS)
	? readdirSync(TASKS).filter((d) => existsSync(path.join(TASKS, d, 'task.json'))).sort()
	: [];
const manifest = (id) => JSON.parse(readFileSync(path.join(TASKS, id, 'task.json'), 'utf8'));

/* Grades one submission file of a task; returns the parsed {score, metrics}. */
async function grade(id, which) {
	const task = path.join(TASKS, id, 'task.json');
	const sub = path.join(TASKS, id, `submission-${which}.json`);
	assert.ok(existsSync(sub), `${id}: submission-${which}.json exists`);
	const r = await runCli(['grade', '--task', task, '--submission', sub], { timeout: 170000 });
	assertNoSanitizer(r.stderr, `${id} ${which}`);
	assert.equal(r.code, 0, `${id} ${which}: exit status 0, stderr: ${r.stderr.slice(0, 2000)}`);
	let out;
	try {
		out = JSON.parse(r.stdout);
	} catch (e) {
		assert.fail(`${id} ${which}: stdout is not one JSON object: ${r.stdout.slice(0, 500)}`);
	}
	assert.deepEqual(Object.keys(out).sort(), ['metrics', 'score'], `${id} ${which}: prints {score, metrics}`);
	assert.equal(typeof out.metrics, 'object');
	assert.ok(out.metrics && !Array.isArray(out.metrics), `${id} ${which}: metrics is an object`);
	return out;
}

const close = (x, y) => Math.abs(x - y) <= 1e-9;

test('data/tasks holds the demo tasks', () => {
	assert.ok(ids.length >= 36, `at least two tasks for each of the 18 work functions (found ${ids.length})`);
});

test('every work function of every level has at least two demo tasks, with real content codes', () => {
	const std = JSON.parse(readFileSync(path.join(REPO, 'data', 'standard', 'ai-trainer-4-04-05-05.json'), 'utf8'));
	const count = new Map();
	for (const id of ids) {
		const m = manifest(id);
		const lv = std.levels.find((l) => l.code === m.level);
		assert.ok(lv, `${id}: level ${m.level} is in the standard`);
		const fn = lv.functions.find((f) => f.code === m.function);
		assert.ok(fn, `${id}: function ${m.function} is a work function of level ${m.level}`);
		assert.ok(fn.contents.some((c) => c.code === m.content), `${id}: content ${m.content} belongs to function ${m.function}`);
		assert.equal(m.id, id, `${id}: the directory is named after the task id`);
		assert.match(id, new RegExp(`^L${m.level}-F${m.function}-${m.kind}-`), `${id}: id is L<level>-F<function>-<kind>-<short>`);
		count.set(`${m.level}/${m.function}`, (count.get(`${m.level}/${m.function}`) || 0) + 1);
	}
	for (const lv of std.levels) {
		for (const fn of lv.functions) {
			const n = count.get(`${lv.code}/${fn.code}`) || 0;
			assert.ok(n >= 2, `level ${lv.code} function ${fn.code} (${fn.name.zh}) has ${n} demo tasks`);
		}
	}
});

test('manifests are complete: both languages, time limits, scoring, assets present with their sizes', () => {
	for (const id of ids) {
		const m = manifest(id);
		assert.equal(m.format, 'aitcert-task/1', id);
		for (const k of ['title', 'instructions']) {
			assert.ok(m[k].zh && m[k].en, `${id}: ${k} in zh and en`);
		}
		assert.ok(m.time_limit_min >= 10 && m.time_limit_min <= 40, `${id}: time limit ${m.time_limit_min} min`);
		const sc = m.scoring;
		assert.ok(sc.metric || sc.rubric, `${id}: a metric or a rubric`);
		if (sc.metric) assert.notEqual(sc.zero_at, sc.full_at, `${id}: zero_at differs from full_at`);
		if (sc.rubric) assert.equal(sc.rubric.reduce((s, c) => s + c.points, 0), 100, `${id}: rubric points add up to 100`);
		for (const a of m.assets || []) {
			const p = path.join(TASKS, id, a.name);
			assert.ok(existsSync(p), `${id}: asset ${a.name} exists`);
			assert.equal(statSync(p).size, a.size, `${id}: asset ${a.name} has its listed size`);
		}
		const itemIds = new Set(m.items.map((it) => it.id));
		assert.equal(itemIds.size, m.items.length, `${id}: item ids are unique`);
	}
});

test('the README lists every demo task', () => {
	const readme = readFileSync(path.join(TASKS, 'README.md'), 'utf8');
	for (const id of ids) assert.ok(readme.includes(`\`${id}\``), `README lists ${id}`);
});

for (const id of ids) {
	const m = manifest(id);
	const rubric = Boolean(m.scoring.rubric);
	const check = Boolean(m.scoring.metric) && rubric;

	test(`${id} (${m.kind}): the perfect submission scores 100`, async () => {
		const out = await grade(id, 'gold');
		if (rubric) {
			assert.equal(out.score, null, `${id}: raters decide, so the score is null`);
			if (check) assert.ok(close(out.metrics.auto_score, 100), `${id}: the automatic check gives 100, got ${out.metrics.auto_score}`);
			if ('files_ok' in out.metrics) assert.equal(out.metrics.files_ok, true, `${id}: every required file is there`);
		} else {
			assert.equal(typeof out.score, 'number', `${id}: a numeric score`);
			assert.ok(close(out.score, 100), `${id}: perfect submission scores 100, got ${out.score}`);
		}
	});

	test(`${id} (${m.kind}): the weak submission scores from 0 to below 100`, async () => {
		const out = await grade(id, 'weak');
		if (rubric) {
			assert.equal(out.score, null, `${id}: raters decide, so the score is null`);
			if (check) {
				const s = out.metrics.auto_score;
				assert.ok(typeof s === 'number' && s >= 0 && s < 100, `${id}: the automatic check gives 0 <= score < 100, got ${s}`);
			}
		} else {
			assert.equal(typeof out.score, 'number', `${id}: a numeric score`);
			assert.ok(out.score >= 0 && out.score < 100 && !close(out.score, 100), `${id}: weak submission scores 0 <= score < 100, got ${out.score}`);
		}
	});
}
