// exam.test.mjs: one exam from end to end in a real browser (Debian's
// Chromium through playwright-core), in zh-CN, finding every control by its
// role and accessible name as a person (or a screen reader) would:
//   the manager creates a level-5 exam for cand02 with the 创建考试 form;
//   cand02, in a second browser context, answers questions with the keyboard
//   only, reloads and finds every answer, the flag and the current question;
//   answers one question offline and sees it saved once back online;
//   submits (the dialog lists the unanswered questions);
//   the manager sees the score and releases it; cand02 sees score and
//   pass/fail; the English switch relabels the page.
// The tests run in order and share one server, browser and state.
// Screenshots go to tests/browser/shots/ (git-ignored).

import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, newContext, login, shot, eventually } from './server.mjs';

const TITLE = '浏览器测试：五级理论知识（键盘作答）';
const CANDIDATE = 'cand02';
const CANDIDATE_LABEL = '演示考生2 (cand02)';

let srv;
let browser;
let mgr;       /* the manager's page */
let cand;      /* cand02's page (another browser context) */
let examId;
let attemptId;
let total;     /* questions in cand02's paper */
/* question number → what was chosen: {kind: 'radio'|'check', picks: [option index…]} or {kind: 'fill', text} */
const answers = new Map();
let flaggedQ = null;
let resumeQ = null;
let offlineQ = null;

/* Unix seconds as a datetime-local value in Beijing time (the contexts' time zone; no DST). */
function beijingLocal(sec) {
	return new Date((sec + 8 * 3600) * 1000).toISOString().slice(0, 16);
}

/* A number as the page shows it (fmtNum in web/js/i18n.js). */
function shown(n, lang = 'zh-CN') {
	return new Intl.NumberFormat(lang, { maximumFractionDigits: 1 }).format(Number(n));
}

before(async () => {
	srv = await startServer();
	browser = await launchBrowser();
});

afterEach(() => {
	srv.check();
	for (const p of [mgr, cand]) {
		const uncaught = (p ? p.context().problems : []).filter((x) => x.startsWith('uncaught'));
		assert.deepEqual(uncaught, [], 'no uncaught exceptions in the page');
	}
});

after(async () => {
	if (browser) await browser.close();
	if (srv) {
		const e = await srv.stop();
		assert.ok(e && e.code === 0, `the server did not stop cleanly: ${JSON.stringify(e)}\n${srv.stderr.slice(-2000)}`);
	}
});

/* ---- exam page helpers ---------------------------------------------------------- */

const questionHeading = (page) => page.getByRole('heading', { level: 2, name: /^第 \d+ 题 \/ 共 \d+ 题$/ });
const pane = (page) => page.getByRole('region', { name: /^第 \d+ 题 \/ 共 \d+ 题$/ });
const navigator = (page) => page.getByRole('navigation', { name: '答题卡' });
const saveStatus = (page) => page.locator('#save-status');

/* The number of the question on screen. */
async function currentQ(page) {
	const text = await questionHeading(page).textContent();
	return Number(/第 (\d+) 题/.exec(text)[1]);
}

/* Waits until question n is on screen. */
async function onQuestion(page, n) {
	await page.getByRole('heading', { level: 2, name: `第 ${n} 题 / 共 ${total} 题`, exact: true }).waitFor();
}

/* The type badge of the current question: 判断, 单选, 多选 or 填空. */
async function currentType(page) {
	return (await pane(page).locator('.q-head .badge').textContent()).trim();
}

/* Presses N and waits for the next question. */
async function next(page) {
	const n = await currentQ(page);
	await page.keyboard.press('n');
	await onQuestion(page, n + 1);
	return n + 1;
}

/* Checks that the options of the current question show exactly the picks (0-based option indices). */
async function expectPicks(page, kind, picks, where) {
	const boxes = pane(page).getByRole(kind === 'radio' ? 'radio' : 'checkbox');
	const n = await boxes.count();
	assert.ok(n >= 2, `${where}: expected ${kind} options, found ${n}`);
	const checked = [];
	for (let i = 0; i < n; i++) if (await boxes.nth(i).isChecked()) checked.push(i);
	assert.deepEqual(checked, [...picks].sort((a, b) => a - b), `${where}: checked options`);
}

async function waitSaved(page) {
	await eventually(async () => (await saveStatus(page).textContent()).includes('已保存'), '#save-status to say 已保存', 15000);
}

/* Presses Tab until the element matching check() has focus (keyboard only). */
async function tabTo(page, check, what) {
	for (let i = 0; i < 15; i++) {
		if (await page.evaluate(check)) return;
		await page.keyboard.press('Tab');
	}
	assert.fail(`Tab never reached ${what}`);
}

/* ---- the tests ---------------------------------------------------------------------- */

test('the manager creates a level-5 exam for cand02 with the 创建考试 form', async () => {
	const ctx = await newContext(browser, srv);
	mgr = await ctx.newPage();
	await login(mgr, 'manager');
	await mgr.getByRole('heading', { level: 1, name: '考试', exact: true }).waitFor();
	await mgr.getByRole('link', { name: '创建考试', exact: true }).click();
	await mgr.getByRole('heading', { level: 1, name: '创建考试', exact: true }).waitFor();

	const now = Math.floor(Date.now() / 1000);
	await mgr.getByLabel('标题', { exact: true }).fill(TITLE);
	await mgr.getByLabel('等级', { exact: true }).selectOption({ label: '五级／初级工' });
	const format = mgr.getByLabel('试卷格式', { exact: true });
	await eventually(async () => (await format.locator('option[value="demo"]').count()) === 1, 'the level-5 paper formats');
	await format.selectOption('demo');
	await mgr.getByLabel('开始时间', { exact: true }).fill(beijingLocal(now - 3600));
	await mgr.getByLabel('结束时间', { exact: true }).fill(beijingLocal(now + 4 * 3600));
	await mgr.getByLabel('时长（分钟）', { exact: true }).fill('90');
	await mgr.getByLabel('平行试卷数', { exact: true }).fill('1');
	const box = mgr.getByRole('checkbox', { name: CANDIDATE_LABEL, exact: true });
	await box.check();
	assert.equal(await box.isChecked(), true);
	const extra = mgr.getByRole('spinbutton', { name: '演示考生2 的延长时间（分钟）', exact: true });
	assert.equal(await extra.isEnabled(), true, 'ticking a candidate enables their extra time');
	assert.equal(await mgr.getByRole('spinbutton', { name: '演示考生1 的延长时间（分钟）', exact: true }).isDisabled(), true);
	await shot(mgr, '01-exam-new-filled');

	await mgr.getByRole('button', { name: '创建考试并组卷', exact: true }).click();
	await mgr.waitForURL(/#\/exams\/\d+$/, { timeout: 30000 });
	examId = Number(/#\/exams\/(\d+)$/.exec(mgr.url())[1]);
	await mgr.getByRole('heading', { level: 1 }).filter({ hasText: TITLE }).waitFor();
	await shot(mgr, '02-exam-detail');

	await mgr.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '考试', exact: true }).click();
	await mgr.getByRole('heading', { level: 1, name: '考试', exact: true }).waitFor();
	await mgr.getByRole('link', { name: TITLE, exact: true }).waitFor();
	await mgr.getByRole('link', { name: `${TITLE} 的成绩`, exact: true }).waitFor();
	const row = mgr.getByRole('row').filter({ has: mgr.getByRole('link', { name: TITLE, exact: true }) });
	assert.match(await row.textContent(), /五级／初级工/);
	assert.match(await row.textContent(), /90 分钟/);
	await shot(mgr, '03-exam-list');
});

test('cand02 answers with the keyboard only; a reload keeps every answer, the flag and the question', async (t) => {
	assert.ok(examId, 'needs the exam of the first test');
	const ctx = await newContext(browser, srv);
	cand = await ctx.newPage();
	await login(cand, CANDIDATE);
	await cand.getByRole('heading', { level: 1, name: '我的考试', exact: true }).waitFor();
	const card = cand.getByRole('listitem').filter({ has: cand.getByRole('heading', { level: 2, name: TITLE, exact: true }) });
	const start = card.getByRole('button', { name: '开始考试', exact: true });
	/* the button is described by its exam's title */
	const describedBy = await start.getAttribute('aria-describedby');
	assert.equal(await cand.locator(`[id="${describedBy}"]`).textContent(), TITLE);
	await shot(cand, '04-my-exams');
	await start.click();
	await cand.waitForURL(/#\/attempt\/\d+$/);
	attemptId = Number(/#\/attempt\/(\d+)$/.exec(cand.url())[1]);
	await cand.getByRole('timer', { name: '剩余时间' }).waitFor();
	const headText = await questionHeading(cand).textContent();
	total = Number(/共 (\d+) 题/.exec(headText)[1]);
	assert.ok(total >= 20, `a level-5 demo paper has many questions (${total})`);
	assert.equal(await currentQ(cand), 1, 'a fresh attempt starts at question 1');
	assert.equal(await navigator(cand).getByRole('button', { name: '第 1 题，未作答', exact: true }).getAttribute('aria-current'), 'step');

	/* how many questions of each type to answer, and which keys to press for each */
	const plan = {
		判断: [['2'], ['a']],
		单选: [['c'], ['4', 'f'], ['b']],
		多选: [['1', 'c'], ['a', 'c', 'd', 'c']],
		填空: [['type']],
	};
	const done = { 判断: 0, 单选: 0, 多选: 0, 填空: 0 };
	const fillText = '英文逗号 np';
	let q = 1;
	for (;;) {
		const type = await currentType(cand);
		const todo = plan[type] && plan[type][done[type]];
		if (todo) {
			done[type] += 1;
			if (type === '填空') {
				await tabTo(cand, () => document.activeElement && document.activeElement.classList.contains('fill-input'), 'the 答案 field');
				assert.equal(await cand.evaluate(() => document.activeElement.labels[0].textContent), '答案');
				await cand.keyboard.type(fillText);
				/* n and p typed into the field are text, not navigation */
				assert.equal(await currentQ(cand), q);
				await cand.keyboard.press('Tab');
				answers.set(q, { kind: 'fill', text: fillText });
			} else {
				const multi = type === '多选';
				const picks = new Set();
				for (const key of todo) {
					await cand.keyboard.press(key);
					if (key === 'f') {
						flaggedQ = q;
						await pane(cand).getByRole('button', { name: '取消标记', exact: true }).waitFor();
						continue;
					}
					const idx = /[1-9]/.test(key) ? Number(key) - 1 : 'abcdefgh'.indexOf(key);
					if (multi && picks.has(idx)) picks.delete(idx);
					else {
						if (!multi) picks.clear();
						picks.add(idx);
					}
				}
				const kind = multi ? 'check' : 'radio';
				answers.set(q, { kind, picks: [...picks] });
				await expectPicks(cand, kind, answers.get(q).picks, `question ${q} right after the keys`);
			}
		}
		if (done['填空'] > 0 || q === total) break;
		q = await next(cand);
	}
	assert.ok(answers.size >= 8, `answered ${answers.size} questions with the keyboard`);
	assert.equal(done['填空'], 1, 'the paper has a fill-in question');
	assert.ok(flaggedQ, 'one question flagged with F');

	/* back two questions with P (focus is on a button now, not in the text field) */
	await cand.keyboard.press('p');
	await onQuestion(cand, q - 1);
	await cand.keyboard.press('p');
	await onQuestion(cand, q - 2);
	resumeQ = q - 2;

	t.diagnostic(`answered by keyboard: ${[...answers].map(([n, a]) => `${n}=${a.kind === 'fill' ? JSON.stringify(a.text) : a.picks.join('+')}`).join(' ')}; flagged ${flaggedQ}; on ${resumeQ} of ${total}`);
	await waitSaved(cand);
	assert.equal(await pane(cand).locator('.q-save').textContent(), '已保存');
	await shot(cand, '05-attempt-answered');
	await cand.reload();
	await cand.getByRole('timer', { name: '剩余时间' }).waitFor();
	await onQuestion(cand, resumeQ);
	await shot(cand, '06-attempt-after-reload');
	await checkNavigator(cand, 'after the reload');
	await checkAnswersOnPage(cand, 'after the reload');
	await checkServerCopy(cand);
});

/* Every navigator button says 已作答 / 未作答 and 已标记 as it should; the current one has aria-current. */
async function checkNavigator(page, where) {
	const names = await navigator(page).getByRole('button').evaluateAll((bs) => bs.map((b) => [b.getAttribute('aria-label'), b.getAttribute('aria-current')]));
	assert.equal(names.length, total, `${where}: one navigator button per question`);
	const cur = await currentQ(page);
	names.forEach(([name, current], i) => {
		const n = i + 1;
		let want = `第 ${n} 题，${answers.has(n) ? '已作答' : '未作答'}`;
		if (n === flaggedQ) want += '，已标记';
		assert.equal(name, want, `${where}: navigator button ${n}`);
		assert.equal(current, n === cur ? 'step' : null, `${where}: aria-current of button ${n}`);
	});
	/* and they are found by those names */
	for (const n of answers.keys()) {
		await navigator(page).getByRole('button', { name: `第 ${n} 题，已作答${n === flaggedQ ? '，已标记' : ''}`, exact: true }).waitFor();
	}
}

/* Visits each answered question (navigator buttons) and checks the options or the fill text. */
async function checkAnswersOnPage(page, where) {
	for (const [n, a] of answers) {
		await navigator(page).getByRole('button', { name: new RegExp(`^第 ${n} 题，`) }).click();
		await onQuestion(page, n);
		if (a.kind === 'fill') {
			assert.equal(await pane(page).getByRole('textbox', { name: '答案', exact: true }).inputValue(), a.text, `${where}: question ${n}`);
		} else {
			await expectPicks(page, a.kind, a.picks, `${where}: question ${n}`);
		}
		const flagButton = pane(page).getByRole('button', { name: n === flaggedQ ? '取消标记' : '标记', exact: true });
		assert.equal(await flagButton.count(), 1, `${where}: question ${n} flag button`);
	}
}

/* The server's copy (GET /attempts/:id with cand02's cookie) holds the same answers. */
async function checkServerCopy(page) {
	const res = await page.request.get(`/api/v1/attempts/${attemptId}`);
	assert.equal(res.status(), 200);
	const data = await res.json();
	assert.equal(data.items.length, total);
	data.items.forEach((it, i) => {
		const n = i + 1;
		const a = answers.get(n);
		assert.equal(Boolean(it.flagged), n === flaggedQ, `server: flag of question ${n}`);
		if (!a) {
			assert.ok(it.answer === null || it.answer === undefined || it.answer === '', `server: question ${n} unanswered, has ${it.answer}`);
			return;
		}
		let want;
		if (a.kind === 'fill') want = a.text;
		else want = a.picks.map((k) => String(it.options[k].key)).sort().join('');
		assert.equal(it.answer, want, `server: answer of question ${n}`);
	});
	const local = await page.evaluate((id) => localStorage.getItem(`aitcert.attempt.${id}`), attemptId);
	assert.deepEqual(JSON.parse(local).pending, {}, 'nothing left unsent in localStorage');
}

test('offline: an answer waits in the browser and is saved once the network is back', async () => {
	assert.ok(attemptId, 'needs the attempt of the previous test');
	/* the first unanswered question that has options */
	for (let n = 1; n <= total && !offlineQ; n++) {
		if (answers.has(n)) continue;
		await navigator(cand).getByRole('button', { name: `第 ${n} 题，未作答`, exact: true }).click();
		await onQuestion(cand, n);
		if ((await pane(cand).getByRole('radio').count()) > 0) offlineQ = n;
	}
	assert.ok(offlineQ, 'an unanswered choice question');
	const banner = cand.locator('.offline-banner');
	assert.equal(await banner.isVisible(), false, 'no offline banner while online');

	await cand.context().setOffline(true);
	await cand.keyboard.press('1');
	answers.set(offlineQ, { kind: 'radio', picks: [0] });
	await expectPicks(cand, 'radio', [0], 'offline answer');
	await eventually(async () => (await saveStatus(cand).textContent()).includes('未保存（离线）'), '未保存（离线） in #save-status');
	await banner.waitFor({ state: 'visible' });
	assert.equal(await banner.getAttribute('role'), 'status');
	await eventually(async () => /网络已断开/.test(await banner.textContent()) && /有 1 个答案尚未保存/.test(await banner.textContent()),
		'the banner to count 1 unsent answer');
	assert.equal(await pane(cand).locator('.q-save').textContent(), '未保存（离线）');
	/* the answer is in localStorage meanwhile */
	const local = JSON.parse(await cand.evaluate((id) => localStorage.getItem(`aitcert.attempt.${id}`), attemptId));
	assert.equal(Object.keys(local.pending).length, 1, 'the unsent answer is kept in localStorage');
	await shot(cand, '07-attempt-offline');

	await cand.context().setOffline(false);
	await waitSaved(cand);
	await banner.waitFor({ state: 'hidden' });
	await cand.reload();
	await cand.getByRole('timer', { name: '剩余时间' }).waitFor();
	await onQuestion(cand, offlineQ);
	await expectPicks(cand, 'radio', [0], 'the offline answer after the reload');
	await checkNavigator(cand, 'after the offline answer');
	await checkServerCopy(cand);
});

test('submitting: the dialog lists the unanswered questions; 确认提交 closes the paper', async () => {
	assert.ok(attemptId);
	await cand.getByRole('button', { name: '提交试卷', exact: true }).click();
	const dialog = cand.getByRole('dialog', { name: '确认提交试卷' });
	await dialog.waitFor();
	const unanswered = [];
	for (let n = 1; n <= total; n++) if (!answers.has(n)) unanswered.push(n);
	const text = await dialog.textContent();
	assert.ok(text.includes(`共 ${total} 题，已作答 ${answers.size} 题。`), `summary line in: ${text}`);
	const lists = await dialog.locator('dl.submit-lists > div').evaluateAll((ds) => ds.map((d) => [d.querySelector('dt').textContent, d.querySelector('dd').textContent]));
	assert.deepEqual(lists, [
		[`未作答的题目（${unanswered.length}）`, unanswered.join('、')],
		['已标记的题目（1）', String(flaggedQ)],
	]);
	/* focus is inside the dialog (on 取消) */
	assert.equal(await cand.evaluate(() => document.activeElement.textContent), '取消');
	await shot(cand, '08-submit-dialog');
	await dialog.getByRole('button', { name: '确认提交', exact: true }).click();
	await dialog.waitFor({ state: 'detached' });
	await cand.getByRole('alert').filter({ hasText: '试卷已提交' }).waitFor();
	assert.match(await saveStatus(cand).textContent(), /答卷已关闭/);
	assert.equal(await cand.getByRole('button', { name: '提交试卷', exact: true }).isDisabled(), true);
	assert.equal(await pane(cand).getByRole('radio').first().isDisabled(), true, 'the options are locked');
	await shot(cand, '09-submitted');
});

let result; /* cand02's row of GET /exams/:id/results */

test('the manager sees cand02\'s score and releases the results', async (t) => {
	assert.ok(examId);
	await mgr.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '考试', exact: true }).click();
	await mgr.getByRole('link', { name: `${TITLE} 的成绩`, exact: true }).click();
	await mgr.getByRole('heading', { level: 1, name: `成绩：${TITLE}`, exact: true }).waitFor();

	const res = await mgr.request.get(`/api/v1/exams/${examId}/results`);
	assert.equal(res.status(), 200);
	const data = await res.json();
	result = data.results.find((r) => r.username === CANDIDATE);
	assert.ok(result && typeof result.score === 'number', `cand02 is scored: ${JSON.stringify(result)}`);
	assert.equal(data.released, false);
	t.diagnostic(`cand02 scored ${result.score} (passed: ${result.passed}, pass mark ${data.pass_mark})`);

	const row = mgr.getByRole('row').filter({ has: mgr.getByRole('cell', { name: CANDIDATE, exact: true }) });
	assert.equal(await row.count(), 1);
	const cells = await row.locator('th, td').allTextContents();
	assert.equal(cells[0], '演示考生2');
	assert.equal(cells[2], shown(result.score), 'the score column');
	assert.equal(cells[3], result.passed ? '✓ 合格' : '✗ 不合格', 'the result column');
	assert.equal(cells[5], '已提交');
	/* the sortable head: 成绩 is sorted (descending) */
	assert.equal(await mgr.getByRole('columnheader', { name: /^成绩/ }).getAttribute('aria-sort'), 'descending');
	await shot(mgr, '10-results');

	await mgr.getByRole('button', { name: '发布成绩', exact: true }).click();
	const dialog = mgr.getByRole('dialog', { name: '发布成绩' });
	await dialog.waitFor();
	await dialog.getByRole('button', { name: '确认发布', exact: true }).click();
	await dialog.waitFor({ state: 'detached' });
	await mgr.getByRole('status').filter({ hasText: '成绩已发布，考生现在可以查看。' }).waitFor();
	assert.equal(await mgr.getByRole('button', { name: '发布成绩', exact: true }).count(), 0, 'no release button once released');
	const after = await (await mgr.request.get(`/api/v1/exams/${examId}/results`)).json();
	assert.equal(after.released, true);
	await shot(mgr, '11-results-released');
});

test('cand02 sees the score and pass/fail on 我的考试', async () => {
	assert.ok(result);
	await cand.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '我的考试', exact: true }).click();
	await cand.getByRole('heading', { level: 1, name: '我的考试', exact: true }).waitFor();
	const card = cand.getByRole('listitem').filter({ has: cand.getByRole('heading', { level: 2, name: TITLE, exact: true }) });
	await card.getByText(`得分 ${shown(result.score)}`, { exact: true }).waitFor();
	await card.getByText(result.passed ? '✓ 合格' : '✗ 不合格', { exact: true }).waitFor();
	await card.getByText('已提交', { exact: true }).waitFor();
	assert.equal(await card.getByRole('button').count(), 0, 'no start button on a submitted exam');
	/* the per-function chart is an image with a name */
	assert.ok(await card.getByRole('img').count() >= 1, 'the per-function bar chart');
	await shot(cand, '12-my-exams-result');
});

test('the English button relabels the page', async () => {
	const group = cand.getByRole('group', { name: '语言 / Language' });
	const en = group.getByRole('button', { name: 'English', exact: true });
	assert.equal(await en.getAttribute('aria-pressed'), 'false');
	await en.click();
	await cand.getByRole('button', { name: 'Log out', exact: true }).waitFor();
	assert.equal(await cand.getByRole('button', { name: '退出登录' }).count(), 0);
	await cand.getByRole('heading', { level: 1, name: 'My exams', exact: true }).waitFor();
	await cand.getByRole('link', { name: 'Change password', exact: true }).waitFor();
	assert.equal(await cand.evaluate(() => document.documentElement.lang), 'en');
	const group2 = cand.getByRole('group', { name: 'Language / 语言' });
	assert.equal(await group2.getByRole('button', { name: 'English', exact: true }).getAttribute('aria-pressed'), 'true');
	const card = cand.getByRole('listitem').filter({ has: cand.getByRole('heading', { level: 2, name: TITLE, exact: true }) });
	await card.getByText(`Score ${shown(result.score, 'en')}`, { exact: true }).waitFor();
	await card.getByText(result.passed ? '✓ Passed' : '✗ Failed', { exact: true }).waitFor();
	await shot(cand, '13-english');
	/* the choice is remembered across a reload */
	await cand.reload();
	await cand.getByRole('button', { name: 'Log out', exact: true }).waitFor();
});
