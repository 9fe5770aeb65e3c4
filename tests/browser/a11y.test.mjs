// a11y.test.mjs: every control has an accessible name, and no page logs a
// console error, on the login page, 我的考试, the exam page (with its submit
// dialog), the item bank, the exam creation form (with 高级选项 open) and the
// standard page (as admin, with an edit dialog open).
//
// Names are the browser's own: Chromium's accessibility tree, read through
// the DevTools protocol (Accessibility.getPartialAXTree), for every input,
// select, textarea, button, role=button/tab element and link in the page.
// Controls the browser leaves out of the tree (hidden, inside a closed
// <details> or dialog) are skipped; a minimum count per page makes sure the
// check looked at the page that was meant.

import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, newContext, login, shot } from './server.mjs';

const CONTROLS = 'input, select, textarea, button, [role="button"], [role="tab"], a[href]';

let srv;
let browser;
const contexts = [];

before(async () => {
	srv = await startServer();
	browser = await launchBrowser();
});

afterEach(() => srv.check());

after(async () => {
	if (browser) await browser.close();
	if (srv) {
		const e = await srv.stop();
		assert.ok(e && e.code === 0, `the server did not stop cleanly: ${JSON.stringify(e)}`);
	}
});

async function context() {
	const ctx = await newContext(browser, srv);
	contexts.push(ctx);
	return ctx;
}

/*
 * Returns {checked, unnamed}: how many controls the accessibility tree holds,
 * and a description of each one whose computed name is empty.
 */
async function auditNames(page) {
	const cdp = await page.context().newCDPSession(page);
	try {
		await cdp.send('DOM.enable');
		await cdp.send('Accessibility.enable');
		const { root } = await cdp.send('DOM.getDocument', { depth: -1 });
		const { nodeIds } = await cdp.send('DOM.querySelectorAll', { nodeId: root.nodeId, selector: CONTROLS });
		let checked = 0;
		const unnamed = [];
		const roles = {};
		for (const nodeId of nodeIds) {
			const { nodes } = await cdp.send('Accessibility.getPartialAXTree', { nodeId, fetchRelatives: false });
			const ax = nodes[0];
			if (!ax || ax.ignored) continue;
			checked += 1;
			const role = ax.role ? ax.role.value : '?';
			roles[role] = (roles[role] || 0) + 1;
			const name = ax.name && typeof ax.name.value === 'string' ? ax.name.value.trim() : '';
			if (!name) {
				const { outerHTML } = await cdp.send('DOM.getOuterHTML', { nodeId });
				unnamed.push(`${role}: ${outerHTML.slice(0, 200)}`);
			}
		}
		return { checked, unnamed, roles };
	} finally {
		await cdp.detach();
	}
}

/* Asserts names on the page as it is now, and at least min controls of the given roles. */
async function expectNamed(t, page, where, min) {
	const r = await auditNames(page);
	t.diagnostic(`${where}: ${r.checked} controls, all named: ${JSON.stringify(r.roles)}`);
	assert.deepEqual(r.unnamed, [], `${where}: controls without an accessible name`);
	for (const [role, n] of Object.entries(min)) {
		assert.ok((r.roles[role] || 0) >= n, `${where}: expected at least ${n} ${role} controls, found ${JSON.stringify(r.roles)}`);
	}
	return r;
}

function expectNoProblems(ctx, where) {
	assert.deepEqual(ctx.problems, [], `${where}: console errors or uncaught exceptions`);
}

test('the audit itself finds unnamed controls and skips hidden ones', async () => {
	const ctx = await context();
	const page = await ctx.newPage();
	await page.setContent(`<main>
		<label for="a">Named</label><input id="a">
		<input id="b">
		<button type="button"></button>
		<button type="button" aria-label="Icon"><svg aria-hidden="true"></svg></button>
		<select><option>x</option></select>
		<input type="checkbox" aria-labelledby="cap"><span id="cap">Tick</span>
		<a href="#x"><img src="data:," alt=""></a>
		<button type="button" hidden></button>
		<details><summary>More</summary><input id="inside"></details>
	</main>`);
	const r = await auditNames(page);
	assert.equal(r.checked, 7, JSON.stringify(r));
	assert.equal(r.unnamed.length, 4, JSON.stringify(r.unnamed));
	assert.match(r.unnamed.join('\n'), /id="b"/);
	assert.match(r.unnamed.join('\n'), /<select>/);
	assert.match(r.unnamed.join('\n'), /<a href="#x">/);
	await page.close();
});

test('login page', async (t) => {
	const ctx = await context();
	const page = await ctx.newPage();
	await page.goto('/#/login');
	await page.getByRole('heading', { level: 1, name: '登录', exact: true }).waitFor();
	await page.getByLabel('用户名', { exact: true }).waitFor();
	await expectNamed(t, page, 'login', { textbox: 2, button: 3 });
	await page.waitForLoadState('networkidle');
	/* a first visit (no session yet) logs nothing */
	const visit = ctx.problems.splice(0);
	/* a failed login shows the server's message and keeps every control named */
	await page.getByLabel('用户名', { exact: true }).fill('cand05');
	await page.getByLabel('密码', { exact: true }).fill('wrong-password');
	await page.getByRole('button', { name: '登录', exact: true }).click();
	await page.getByRole('alert').filter({ hasText: '用户名或密码错误' }).waitFor();
	await expectNamed(t, page, 'login after a failure', { textbox: 2 });
	await shot(page, 'a11y-login');
	/* the browser logs the refused POST /login (401) itself; nothing else may appear */
	const refused = (p) => /Failed to load resource: the server responded with a status of 401/.test(p) && /\/api\/v1\/login\]$/.test(p);
	assert.deepEqual(ctx.problems.filter((p) => !refused(p)), [], 'login: console errors after a failed login');
	assert.deepEqual(visit, [], 'login: console errors on a first visit to the login page '
		+ '(the start-up probe GET /api/v1/session answers 401 to a visitor without a session, and Chromium logs every 4xx as a console error)');
});

/* One logged-in page per user, shared by the tests that follow (made on first use). */
const pages = {};
async function pageAs(username) {
	if (!pages[username]) {
		const ctx = await context();
		const page = await ctx.newPage();
		await login(page, username);
		ctx.problems.length = 0; /* the login page's own messages are the login test's business */
		pages[username] = page;
	}
	return pages[username];
}

test('我的考试 (candidate)', async (t) => {
	const candPage = await pageAs('cand01');
	const ctx = candPage.context();
	await candPage.goto('/#/exams');
	await candPage.getByRole('heading', { level: 1, name: '我的考试', exact: true }).waitFor();
	await candPage.getByRole('button', { name: '开始考试', exact: true }).waitFor();
	await expectNamed(t, candPage, '我的考试', { button: 4, link: 3 });
	expectNoProblems(ctx, '我的考试');
});

test('the exam page and its submit dialog', async (t) => {
	const page = await pageAs('cand01');
	await page.goto('/#/exams');
	await page.getByRole('button', { name: '开始考试', exact: true }).click();
	await page.getByRole('timer', { name: '剩余时间' }).waitFor();
	await page.getByRole('navigation', { name: '答题卡' }).getByRole('button').first().waitFor();
	const r = await expectNamed(t, page, 'exam page', { button: 50, radio: 2 });
	/* the navigator buttons' names are more than their digits */
	const navNames = await page.getByRole('navigation', { name: '答题卡' }).getByRole('button', { name: /^第 \d+ 题，未作答$/ }).count();
	assert.ok(navNames >= 20, `navigator buttons named 第 N 题，未作答 (${navNames}; ${JSON.stringify(r.roles)})`);
	/* open the 键盘操作 help and a fill-in question: still all named */
	await page.getByText('键盘操作', { exact: true }).click();
	const fillButton = page.getByRole('navigation', { name: '答题卡' }).getByRole('button').last();
	await fillButton.click();
	await page.getByRole('textbox', { name: '答案', exact: true }).waitFor();
	await expectNamed(t, page, 'exam page, fill-in question', { textbox: 1 });
	await page.getByRole('button', { name: '提交试卷', exact: true }).click();
	const dialog = page.getByRole('dialog', { name: '确认提交试卷' });
	await dialog.waitFor();
	await expectNamed(t, page, 'submit dialog', { button: 2 });
	await dialog.getByRole('button', { name: '取消', exact: true }).click();
	await dialog.waitFor({ state: 'detached' });
	await shot(page, 'a11y-exam-page');
	expectNoProblems(page.context(), 'exam page');
});

test('item bank (manager)', async (t) => {
	const mgrPage = await pageAs('manager');
	const ctx = mgrPage.context();
	await mgrPage.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '题库', exact: true }).click();
	await mgrPage.getByRole('heading', { level: 1, name: '题库', exact: true }).waitFor();
	await mgrPage.getByRole('table').filter({ has: mgrPage.getByText(/^试题（共 \d+ 题）$/) }).waitFor();
	await expectNamed(t, mgrPage, 'item bank', { combobox: 3, button: 3, link: 20 });
	/* a filtered page is just as good */
	await mgrPage.getByLabel('题型', { exact: true }).selectOption({ label: '多选' });
	await mgrPage.getByRole('button', { name: '查询', exact: true }).click();
	await mgrPage.waitForURL(/type=multi/);
	await mgrPage.getByRole('table').waitFor();
	await expectNamed(t, mgrPage, 'item bank, filtered', { combobox: 3 });
	await shot(mgrPage, 'a11y-items');
	expectNoProblems(ctx, 'item bank');
});

test('exam creation form (manager)', async (t) => {
	const page = await pageAs('manager');
	await page.goto('/#/exams/new');
	await page.getByRole('heading', { level: 1, name: '创建考试', exact: true }).waitFor();
	await page.getByRole('checkbox', { name: '演示考生1 (cand01)', exact: true }).waitFor();
	await page.getByText('高级选项', { exact: true }).click();
	await page.getByLabel('平均难度上限', { exact: true }).waitFor();
	const r = await expectNamed(t, page, 'exam creation form', { checkbox: 5, spinbutton: 10, combobox: 2, button: 3 });
	/* the fields the docs name are found by those names */
	for (const label of ['标题', '等级', '试卷格式', '开始时间', '结束时间', '时长（分钟）', '平行试卷数', '最大重叠题数', '随机种子', '搜索考生']) {
		assert.equal(await page.getByLabel(label, { exact: true }).count(), 1, `the field ${label} (${JSON.stringify(r.roles)})`);
	}
	/* a refused form (no title) still has every control named, and says why */
	await page.getByRole('button', { name: '创建考试并组卷', exact: true }).click();
	await page.getByText('请填写标题。', { exact: true }).waitFor();
	assert.equal(await page.getByLabel('标题', { exact: true }).getAttribute('aria-invalid'), 'true');
	await expectNamed(t, page, 'exam creation form with an error', { checkbox: 5 });
	await shot(page, 'a11y-exam-new');
	expectNoProblems(page.context(), 'exam creation form');
});

test('standard page (admin, with an edit dialog)', async (t) => {
	const page = await pageAs('admin');
	const ctx = page.context();
	await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '职业标准', exact: true }).click();
	await page.getByRole('heading', { level: 1, name: '职业标准', exact: true }).waitFor();
	await page.getByRole('tablist').getByRole('tab').first().waitFor();
	await expectNamed(t, page, 'standard page', { tab: 5, button: 5 });
	/* another level's tab */
	await page.getByRole('tab').nth(2).click();
	await page.getByRole('tabpanel').waitFor();
	await expectNamed(t, page, 'standard page, third tab', { tab: 5 });
	/* an edit dialog (icon button 修改 …) */
	await page.getByRole('button', { name: /^修改 / }).first().click();
	const dialog = page.getByRole('dialog');
	await dialog.waitFor();
	await expectNamed(t, page, 'standard edit dialog', { button: 2 });
	await shot(page, 'a11y-standard-dialog', { full: false });
	await dialog.getByRole('button', { name: '取消', exact: true }).click();
	await dialog.waitFor({ state: 'detached' });
	await shot(page, 'a11y-standard', { full: false });
	expectNoProblems(ctx, 'standard page');
});

test('standard page (manager, read only)', async (t) => {
	const mgrPage = await pageAs('manager');
	await mgrPage.goto('/#/standard');
	await mgrPage.getByRole('heading', { level: 1, name: '职业标准', exact: true }).waitFor();
	await mgrPage.getByRole('tablist').getByRole('tab').first().waitFor();
	await expectNamed(t, mgrPage, 'standard page (manager)', { tab: 5 });
	assert.equal(await mgrPage.getByRole('button', { name: /^修改 / }).count(), 0, 'no edit buttons for a manager');
	expectNoProblems(mgrPage.context(), 'standard page (manager)');
});
