// workbench.test.mjs: the skill-exam workbenches in a real browser (Debian's
// Chromium through playwright-core), in zh-CN, one test per workbench, every
// control found by its role and accessible name; each test then reads the
// saved answer back through the API (GET /api/v1/attempts/:id as that
// candidate) and checks that it is exactly what was done:
//   label  (三级 exam): the keyboard only: number keys, N/P/PageUp/→/←, S, U,
//          Delete; a reload keeps every label, the skipped item and the item;
//   span   (五级 exam): two spans selected with Shift+arrows, two dragged with
//          the mouse, one relabelled, one deleted; offsets in code points;
//   box    (五级 exam): a box drawn by dragging, moved with the arrows, resized
//          with Ctrl+arrows, relabelled; zoom; x/y/w/h in image pixels;
//   table  (五级 exam): a cell edited, a duplicate marked, a row deleted, a
//          row added;
//   kb     (五级 exam): a similar question added, an entry added with an
//          approved answer, the bot asked in the 试一试 panel;
//   then the 五级 paper is submitted (确认提交) and the manager's results API
//   shows every automatic task graded, with the metrics the answers must give
//   (worked out from the demo tasks' gold);
//   tune   (三级 exam): 训练轮数 and 学习率, 开始训练, the progress bar to 100,
//          the loss curve, 使用第 1 次训练的参数;
//   then the 三级 paper is submitted: label and tune graded, the rubric
//   (upload) tasks pending.
// The exams are set up through the API (POST /exams, part "skill", a fixed
// seed, five forms for the five demo candidates; the test picks the
// candidate whose form holds the workbenches it needs). tune comes last, so
// that a failure there cannot take the other workbenches with it.
// Screenshots: tests/browser/shots/wb-*.png (git-ignored).

import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { startServer, launchBrowser, newContext, login, shot, eventually, REPO } from './server.mjs';

/* The two skill exams: level, seed and the kinds the form must hold (checked, not assumed). */
const EXAMS = {
	l5: { title: '浏览器测试：五级操作技能（工作台）', level: 5, duration: 90, seed: 4, needs: ['span', 'box', 'table', 'kb'] },
	l3: { title: '浏览器测试：三级操作技能（工作台）', level: 3, duration: 120, seed: 1, needs: ['label', 'tune'] },
};

let srv;
let browser;
let mgr;            /* the manager's page */
let csrf;           /* the manager's CSRF token, for the set-up POSTs */
const pages = {};   /* username → the candidate's page (one browser context each) */
const worked = { l5: new Set(), l3: new Set() }; /* kinds worked on, per exam */

before(async () => {
	srv = await startServer();
	browser = await launchBrowser();
	const ctx = await newContext(browser, srv);
	mgr = await ctx.newPage();
	await login(mgr, 'manager');
	csrf = (await (await mgr.request.get('/api/v1/session')).json()).csrf;
	assert.ok(csrf, 'the session carries a CSRF token');
	const users = (await (await mgr.request.get('/api/v1/users?role=candidate')).json()).users
		.filter((u) => u.role === 'candidate').sort((a, b) => a.username.localeCompare(b.username));
	assert.ok(users.length >= 2, `demo candidates: ${users.map((u) => u.username)}`);
	const now = Math.floor(Date.now() / 1000);
	for (const exam of Object.values(EXAMS)) {
		const res = await mgr.request.post('/api/v1/exams', {
			headers: { 'X-CSRF-Token': csrf },
			data: {
				title: exam.title, level: exam.level, part: 'skill', tasks_per_function: 2, forms: users.length,
				seed: exam.seed, opens_at: now - 600, closes_at: now + 4 * 3600, duration_min: exam.duration,
				candidates: users.map((u) => ({ user_id: u.id })),
			},
		});
		const body = await res.json();
		assert.equal(res.status(), 201, `POST /exams (level ${exam.level}): ${JSON.stringify(body)}`);
		exam.id = body.exam.id;
		/* candidates get forms round-robin: candidate i has form i */
		const f = body.forms.findIndex((form) => exam.needs.every((k) => form.stats.tasks.some((x) => x.kind === k)));
		assert.ok(f >= 0, `a level-${exam.level} form with ${exam.needs} (seed ${exam.seed}): `
			+ JSON.stringify(body.forms.map((form) => form.stats.tasks.map((x) => x.kind))));
		exam.user = users[f].username;
		exam.tasks = body.forms[f].stats.tasks.slice().sort((a, b) => a.position - b.position);
	}
});

afterEach(() => {
	srv.check();
	/* each test answers for the console errors, failed loads and uncaught exceptions of its own steps */
	const problems = [mgr, ...Object.values(pages)].flatMap((p) => p.context().problems.splice(0));
	assert.deepEqual(problems, [], 'no console errors or uncaught exceptions in the pages');
});

after(async () => {
	if (browser) await browser.close();
	if (srv) {
		const e = await srv.stop();
		assert.ok(e && e.code === 0, `the server did not stop cleanly: ${JSON.stringify(e)}\n${srv.stderr.slice(-2000)}`);
	}
});

/* ---- helpers ---------------------------------------------------------------------- */

const esc = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/* A value as a table cell shows it (cellText in web/js/workbench/common.js). */
function cellText(v) {
	if (v === null || v === undefined) return '';
	if (typeof v === 'object') return JSON.stringify(v);
	return String(v);
}

/* The gold of a demo task (data/tasks/<ext_id>/task.json, as `aitcert init` imported it). */
async function goldOf(extId) {
	return JSON.parse(await readFile(path.join(REPO, 'data/tasks', extId, 'task.json'), 'utf8')).gold;
}

/* The candidate of an exam, logged in (a browser context per user), on that exam's skill page. */
async function candidatePage(exam) {
	if (!pages[exam.user]) {
		const ctx = await newContext(browser, srv);
		const page = await ctx.newPage();
		await login(page, exam.user);
		pages[exam.user] = page;
	}
	const page = pages[exam.user];
	if (!exam.attemptId) {
		await page.goto('/#/exams');
		await page.getByRole('heading', { level: 1, name: '我的考试', exact: true }).waitFor();
		const card = page.getByRole('listitem').filter({ has: page.getByRole('heading', { level: 2, name: exam.title, exact: true }) });
		await card.getByRole('button', { name: '开始考试', exact: true }).click();
		await page.waitForURL(/#\/skill\/\d+$/);
		exam.attemptId = Number(/#\/skill\/(\d+)$/.exec(page.url())[1]);
		await page.getByRole('timer', { name: '剩余时间' }).waitFor();
	} else if (!page.url().endsWith(`#/skill/${exam.attemptId}`)) {
		await page.goto(`/#/skill/${exam.attemptId}`);
		await page.getByRole('timer', { name: '剩余时间' }).waitFor();
	}
	return page;
}

/* Opens the exam's task of that kind with its button in the 任务列表; returns {task, pane, heading}. */
async function openTask(page, exam, kind) {
	const task = exam.tasks.find((x) => x.kind === kind);
	const n = exam.tasks.indexOf(task) + 1;
	const nav = page.getByRole('navigation', { name: '任务列表', exact: true });
	await nav.getByRole('button', { name: new RegExp(`^任务 ${n}：${esc(task.title_zh)}，`) }).click();
	const heading = `任务 ${n} / 共 ${exam.tasks.length} 个：${task.title_zh}`;
	await page.getByRole('heading', { level: 2, name: heading, exact: true }).waitFor();
	return { task, n, heading, pane: page.getByRole('region', { name: heading, exact: true }) };
}

/* The accessible name of the task's button in the 任务列表. */
async function taskButtonName(page, n) {
	return page.getByRole('navigation', { name: '任务列表', exact: true }).getByRole('button', { name: new RegExp(`^任务 ${n}：`) }).getAttribute('aria-label');
}

/* Waits until the page says 已保存 and nothing is left unsent in localStorage. */
async function waitSaved(page, exam) {
	await eventually(async () => (await page.locator('#save-status').textContent()).includes('已保存'), '#save-status to say 已保存', 15000);
	const local = await page.evaluate((id) => localStorage.getItem(`aitcert.attempt.${id}`), exam.attemptId);
	assert.deepEqual(local ? JSON.parse(local).pending : {}, {}, 'nothing left unsent in localStorage');
}

/* The server's copy of one task (GET /attempts/:id as the candidate). */
async function serverTask(page, exam, position) {
	const res = await page.request.get(`/api/v1/attempts/${exam.attemptId}`);
	assert.equal(res.status(), 200);
	const data = await res.json();
	assert.equal(data.part, 'skill');
	const t = data.tasks.find((x) => x.pos === position);
	assert.ok(t, `task ${position} in GET /attempts/${exam.attemptId}`);
	return t;
}

/* Presses Tab until check() holds in the page (keyboard only). */
async function tabTo(page, check, what, max = 30) {
	for (let i = 0; i < max; i++) {
		if (await page.evaluate(check)) return;
		await page.keyboard.press('Tab');
	}
	assert.fail(`Tab never reached ${what}`);
}

async function press(page, key, times = 1) {
	for (let i = 0; i < times; i++) await page.keyboard.press(key);
}

/* ---- label ------------------------------------------------------------------------ */

test('label: the keyboard only (number keys, N/P, S, U, Delete); a reload keeps it all', async () => {
	const exam = EXAMS.l3;
	const page = await candidatePage(exam);
	const { task, n, pane } = await openTask(page, exam, 'label');
	const items = (await serverTask(page, exam, task.position)).items;
	const total = items.length;
	const group = pane.getByRole('group', { name: '标签', exact: true });
	/* one button per label, named by the label, with its number key as the shortcut */
	const label = ['正确', '边界错误', '类型错误', '不是实体'];
	assert.equal(await group.getByRole('button').count(), label.length);
	for (const [i, l] of label.entries()) {
		const b = group.getByRole('button', { name: l, exact: true });
		assert.equal(await b.getAttribute('aria-keyshortcuts'), String(i + 1), `the key of ${l}`);
		assert.equal(await b.getAttribute('aria-pressed'), 'false');
	}
	assert.equal(await pane.getByRole('checkbox', { name: '标注后自动跳到下一条', exact: true }).isChecked(), true, 'auto-next is on by default');
	const itemHeading = (i) => pane.getByRole('heading', { level: 3, name: `第 ${i + 1} 条 / 共 ${total} 条`, exact: true });
	await itemHeading(0).waitFor();

	/* the focus is on the task's heading (not a text field): keys go to the workbench */
	const want = {};           /* item index → label */
	const steps = [      /* [key, on item, then on item] (0-based) */
		['1', 0, 1], ['2', 1, 2], ['s', 2, 3], ['3', 3, 4], ['4', 4, 5], ['1', 5, 6],
		['p', 6, 5], ['PageUp', 5, 4], ['2', 4, 5],     /* back two, relabel item 5 */
		['Delete', 5, 5], ['3', 5, 6],                   /* clear item 6, then label it again */
		['PageUp', 6, 5], ['p', 5, 4], ['u', 4, 6],      /* U: from item 5 past the labelled item 6 to item 7 */
		['n', 6, 7], ['4', 7, 8], ['ArrowLeft', 8, 7], ['ArrowRight', 7, 8], ['ArrowLeft', 8, 7],
	];
	const skipped = new Set();
	for (const [key, from, to] of steps) {
		await itemHeading(from).waitFor();
		await page.keyboard.press(key);
		if (/^[1-9]$/.test(key)) want[from] = label[Number(key) - 1];
		if (key === 'Delete') delete want[from];
		if (key === 's') skipped.add(from);
		await itemHeading(to).waitFor();
	}
	assert.deepEqual(want, { 0: '正确', 1: '边界错误', 3: '类型错误', 4: '边界错误', 5: '类型错误', 7: '不是实体' });
	const current = 7;

	async function checkPage(where) {
		await itemHeading(current).waitFor();
		assert.equal(await pane.getByText(/^已标注 \d+ \/ \d+$/).textContent(), `已标注 ${Object.keys(want).length} / ${total}`, `${where}: progress`);
		const list = pane.getByRole('navigation', { name: '条目列表', exact: true }).getByRole('button');
		const got = await list.evaluateAll((bs) => bs.map((b) => [b.getAttribute('aria-label'), b.getAttribute('aria-current')]));
		assert.equal(got.length, total, `${where}: one 条目列表 button per item`);
		got.forEach(([name, cur], i) => {
			let state = '未标注';
			if (want[i]) state = `已标注：${want[i]}`;
			else if (skipped.has(i)) state = '已跳过';
			assert.equal(name, `第 ${i + 1} 条，${state}`, `${where}: 条目列表 button ${i + 1}`);
			assert.equal(cur, i === current ? 'step' : null, `${where}: aria-current of item ${i + 1}`);
		});
		/* the current item (8, labelled 不是实体): its button is pressed, the others not */
		const pressed = await group.getByRole('button').evaluateAll((bs) => bs.map((b) => b.getAttribute('aria-pressed')));
		assert.deepEqual(pressed, label.map((l) => String(l === want[current])), `${where}: aria-pressed of the label buttons`);
		assert.equal(await taskButtonName(page, n), `任务 ${n}：${task.title_zh}，已作答，进度 ${Object.keys(want).length} / ${total}`, `${where}: the task's button`);
	}
	await waitSaved(page, exam);
	await checkPage('before the reload');
	await shot(page, 'wb-label');

	await page.reload();
	await page.getByRole('timer', { name: '剩余时间' }).waitFor();
	await page.getByRole('heading', { level: 2, name: new RegExp(`^任务 ${n} / `) }).waitFor();
	await checkPage('after the reload');

	const saved = await serverTask(page, exam, task.position);
	const expect = {};
	for (const [i, l] of Object.entries(want)) expect[items[i].id] = l;
	assert.deepEqual(saved.answer, expect, 'the saved answer is {item_id: label} for exactly the labelled items');
	worked.l3.add('label');
	exam.labelAnswer = expect;
});

/* ---- span ------------------------------------------------------------------------- */

/* Drags the mouse over the characters [a, b) of the span workbench's text. */
async function dragChars(page, pane, a, b) {
	const first = await pane.locator(`.span-text .ch[data-i="${a}"]`).boundingBox();
	const last = await pane.locator(`.span-text .ch[data-i="${b - 1}"]`).boundingBox();
	await page.mouse.move(first.x + 1, first.y + first.height / 2);
	await page.mouse.down();
	await page.mouse.move((first.x + last.x) / 2, last.y + last.height / 2, { steps: 3 });
	await page.mouse.move(last.x + last.width - 1, last.y + last.height / 2, { steps: 3 });
	await page.mouse.up();
}

test('span: select with Shift+arrows and with the mouse, tag, relabel, delete; offsets in code points', async () => {
	const exam = EXAMS.l5;
	const page = await candidatePage(exam);
	const { task, n, pane } = await openTask(page, exam, 'span');
	const server = await serverTask(page, exam, task.position);
	const item = server.items[0];
	const chars = Array.from(item.text);
	const text = pane.getByRole('textbox', { name: '待标注文本', exact: true });
	assert.equal(await text.getAttribute('aria-readonly'), 'true');
	const selLine = pane.getByText(/^(已选择“|未选择文字)/);
	const group = pane.getByRole('group', { name: '标签', exact: true });
	const labels = (await group.getByRole('button').allTextContents()).map((s) => s.replace(/^\d/, ''));
	assert.deepEqual(labels, ['人名', '地名', '机构名', '日期']);
	/* the spans this test makes, found in the text itself (code points, end exclusive) */
	const find = (word, from = 0) => {
		const w = Array.from(word);
		for (let i = from; i + w.length <= chars.length; i++) if (chars.slice(i, i + w.length).join('') === word) return [i, i + w.length];
		return assert.fail(`${word} in ${item.text}`);
	};
	const org = find('上海市市场监督管理局');
	const date = find('2025年7月23日');
	const person = find('叶国平');
	const place = find('上海市', org[1]);
	assert.deepEqual([org, date], [[1, 11], [12, 22]], 'the first text starts 请上海市市场监督管理局于2025年7月23日');

	/* keyboard: Tab into the text, Home, → to the start, Shift+→ to the end, then the label's number key */
	await tabTo(page, () => document.activeElement && document.activeElement.getAttribute('aria-label') === '待标注文本', 'the text');
	await press(page, 'Home');
	await press(page, 'ArrowRight', org[0]);
	await selLine.filter({ hasText: `未选择文字，光标在第 ${org[0]} 个字符前` }).waitFor();
	await press(page, 'Shift+ArrowRight', org[1] - org[0]);
	assert.equal(await selLine.textContent(), `已选择“上海市市场监督管理局”（第 ${org[0]}–${org[1]} 个字符，不含 ${org[1]}）`);
	await press(page, '3');
	await pane.getByRole('button', { name: '删除“上海市市场监督管理局”（机构名）', exact: true }).waitFor();
	/* the caret is at the end of the tagged span and the text keeps the focus */
	assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-label')), '待标注文本');
	await press(page, 'ArrowRight', date[0] - org[1]);
	await press(page, 'Shift+ArrowRight', date[1] - date[0]);
	/* Esc clears the selection; Shift+← from the end makes it again */
	await press(page, 'Escape');
	await selLine.filter({ hasText: `未选择文字，光标在第 ${date[1]} 个字符前` }).waitFor();
	await press(page, 'Shift+ArrowLeft', date[1] - date[0]);
	assert.equal(await selLine.textContent(), `已选择“2025年7月23日”（第 ${date[0]}–${date[1]} 个字符，不含 ${date[1]}）`);
	await press(page, '4');
	await pane.getByRole('button', { name: '删除“2025年7月23日”（日期）', exact: true }).waitFor();

	/* mouse: drag over 叶国平, click 地名 (wrong), then relabel it with its select */
	await dragChars(page, pane, person[0], person[1]);
	assert.equal(await selLine.textContent(), `已选择“叶国平”（第 ${person[0]}–${person[1]} 个字符，不含 ${person[1]}）`);
	await group.getByRole('button', { name: '地名', exact: true }).click();
	await pane.getByRole('combobox', { name: '“叶国平”的标签', exact: true }).selectOption({ label: '人名' });
	await pane.getByRole('button', { name: '删除“叶国平”（人名）', exact: true }).waitFor();
	/* mouse: drag over the second 上海市, tag it, then delete it with its button */
	await dragChars(page, pane, place[0], place[1]);
	assert.equal(await selLine.textContent(), `已选择“上海市”（第 ${place[0]}–${place[1]} 个字符，不含 ${place[1]}）`);
	await group.getByRole('button', { name: '地名', exact: true }).click();
	const table = pane.getByRole('table', { name: /^本段的标注/ });
	assert.equal(await table.getByRole('button', { name: /^选中“/ }).count(), 4);
	await shot(page, 'wb-span');
	await pane.getByRole('button', { name: '删除“上海市”（地名）', exact: true }).click();
	await eventually(async () => (await table.getByRole('button', { name: /^选中“/ }).count()) === 3, 'three spans left');
	/* the list: 选中“…” selects a span in the text */
	await pane.getByRole('button', { name: '选中“叶国平”', exact: true }).click();
	assert.equal(await selLine.textContent(), `已选择“叶国平”（第 ${person[0]}–${person[1]} 个字符，不含 ${person[1]}）`);
	assert.equal(await table.locator('caption').textContent(), '本段的标注（3 个）');
	await pane.getByText('已标注文本 1 / ', { exact: false }).waitFor();
	await waitSaved(page, exam);
	assert.equal(await taskButtonName(page, n), `任务 ${n}：${task.title_zh}，已作答，进度 1 / ${server.items.length}`);

	const saved = await serverTask(page, exam, task.position);
	const spans = [
		{ start: org[0], end: org[1], label: '机构名' },
		{ start: date[0], end: date[1], label: '日期' },
		{ start: person[0], end: person[1], label: '人名' },
	];
	assert.deepEqual(saved.answer, { [item.id]: spans }, 'the saved spans (code points, end exclusive)');
	/* the offsets cut exactly the words out of the text, counted in code points */
	assert.deepEqual(saved.answer[item.id].map((sp) => chars.slice(sp.start, sp.end).join('')), ['上海市市场监督管理局', '2025年7月23日', '叶国平']);
	worked.l5.add('span');
	exam.spanAnswer = saved.answer;
});

/* ---- box -------------------------------------------------------------------------- */

test('box: draw by dragging, move with the arrows, resize with Ctrl+arrows, relabel; image pixels', async () => {
	const exam = EXAMS.l5;
	const page = await candidatePage(exam);
	const { task, n, pane } = await openTask(page, exam, 'box');
	const server = await serverTask(page, exam, task.position);
	const item = server.items[0];
	const gold = (await goldOf(task.ext_id))[item.id];
	/* the box to end up with: the first image's banana */
	const target = gold.find((b) => b.label === '香蕉');
	assert.ok(target && target.x >= 12 && target.y >= 5 && target.h > 12, `a banana in ${item.id}: ${JSON.stringify(gold)}`);
	const stage = pane.getByRole('group', { name: '标注画布', exact: true });
	const image = stage.getByRole('group', { name: '第 1 张图片', exact: true });
	const tools = pane.getByRole('toolbar', { name: '框选工具', exact: true });
	const zoomText = tools.getByText(/^\d+%$/);
	const newLabel = tools.getByRole('combobox', { name: '新框的标签', exact: true });
	assert.equal(await newLabel.inputValue(), '苹果', 'new boxes start with the first label');
	assert.equal(await tools.getByRole('button', { name: '删除所选框', exact: true }).isDisabled(), true);
	/* wait for the fit to the stage (the zoom settles) */
	let last = '';
	await eventually(async () => {
		const now = `${await zoomText.textContent()} ${await image.getAttribute('width')}`;
		const same = now === last && !now.startsWith('100%');
		last = now;
		return same;
	}, 'the image to be fitted to the stage');
	/* zoom in and out again with the toolbar: the zoom text follows */
	const fitted = await zoomText.textContent();
	await tools.getByRole('button', { name: '放大', exact: true }).click();
	assert.notEqual(await zoomText.textContent(), fitted);
	await tools.getByRole('button', { name: '适合窗口', exact: true }).click();
	assert.equal(await zoomText.textContent(), fitted);

	/* drag from (x-10, y-3) to (x-10+w-4, y-3+h-9) in image pixels */
	const bb = await image.boundingBox();
	const at = (x, y) => [bb.x + (x * bb.width) / item.width, bb.y + (y * bb.height) / item.height];
	const drawn = { x: target.x - 10, y: target.y - 3, w: target.w - 4, h: target.h - 9 };
	const [x0, y0] = at(drawn.x, drawn.y);
	const [x1, y1] = at(drawn.x + drawn.w, drawn.y + drawn.h);
	await page.mouse.move(x0, y0);
	await page.mouse.down();
	await page.mouse.move((x0 + x1) / 2, (y0 + y1) / 2, { steps: 4 });
	await page.mouse.move(x1, y1, { steps: 4 });
	await page.mouse.up();
	const boxName = (b, label) => `框 1：${label}，x ${b.x}，y ${b.y}，宽 ${b.w}，高 ${b.h}`;
	const box = stage.getByRole('button', { name: /^框 1：/ });
	assert.equal(await box.getAttribute('aria-label'), boxName(drawn, '苹果'), 'the drawn box, in image pixels');
	assert.equal(await box.getAttribute('aria-pressed'), 'true', 'the new box is selected');
	/* the new box has the focus: the keys move and resize it */
	assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-label')), boxName(drawn, '苹果'));
	await press(page, 'Shift+ArrowRight');                 /* x + 10 */
	await press(page, 'ArrowDown', 3);                     /* y + 3 */
	await press(page, 'ArrowLeft');                        /* x - 1 */
	await press(page, 'ArrowRight');                       /* x + 1 */
	await press(page, 'Control+ArrowRight', 4);            /* w + 4 */
	await press(page, 'Control+Shift+ArrowDown');          /* h + 10 */
	await press(page, 'Control+ArrowUp');                  /* h - 1 */
	const moved = { x: target.x, y: target.y, w: target.w, h: target.h };
	assert.equal(await box.getAttribute('aria-label'), boxName(moved, '苹果'), 'moved and resized by the keys');
	/* + zooms in (the box keeps its image pixels and its focus), 0 fits again */
	await press(page, '+');
	assert.notEqual(await zoomText.textContent(), fitted);
	assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-label')), boxName(moved, '苹果'));
	await press(page, '0');
	assert.equal(await zoomText.textContent(), fitted);
	/* the table's fields say the same */
	for (const [field, v] of [['x', moved.x], ['y', moved.y], ['宽', moved.w], ['高', moved.h]]) {
		assert.equal(await pane.getByRole('spinbutton', { name: `框 1 的 ${field}`, exact: true }).inputValue(), String(v), `框 1 的 ${field}`);
	}
	await pane.getByRole('combobox', { name: '框 1 的标签', exact: true }).selectOption({ label: '香蕉' });
	assert.equal(await box.getAttribute('aria-label'), boxName(moved, '香蕉'));
	await pane.getByRole('button', { name: '删除框 1', exact: true }).waitFor();
	await pane.getByText(`已框选图片 1 / ${server.items.length}`, { exact: true }).waitFor();
	await shot(page, 'wb-box');
	await waitSaved(page, exam);
	assert.equal(await taskButtonName(page, n), `任务 ${n}：${task.title_zh}，已作答，进度 1 / ${server.items.length}`);

	const saved = await serverTask(page, exam, task.position);
	assert.deepEqual(saved.answer, { [item.id]: [{ ...moved, label: '香蕉' }] }, 'the saved box in image pixels');
	worked.l5.add('box');
});

/* ---- table ------------------------------------------------------------------------ */

test('table: edit a cell, mark a duplicate, delete a row, add a row', async () => {
	const exam = EXAMS.l5;
	const page = await candidatePage(exam);
	const { task, pane } = await openTask(page, exam, 'table');
	const server = await serverTask(page, exam, task.position);
	const orig = server.items[0];
	const columns = orig.columns.map(String);
	const rows = orig.rows.map((r) => r.map(cellText));
	const key = columns.indexOf(server.params.key);
	assert.ok(key >= 0, `the key column ${server.params.key}`);
	/* a row whose key repeats an earlier one, and a test row, both on the first page (50 rows) */
	const dupAt = rows.findIndex((r, i) => i < 50 && rows.slice(0, i).some((q) => q[key] !== '' && q[key].trim() === r[key].trim()));
	const testAt = rows.findIndex((r, i) => i < 50 && i > dupAt && /^TEST/.test(r[key]));
	assert.ok(dupAt > 0 && testAt > dupAt, `a duplicate (${dupAt}) and a test row (${testAt}) on page 1`);
	const cell = (r, c) => pane.getByRole('textbox', { name: `第 ${r} 行 ${columns[c]}`, exact: true });
	await pane.getByRole('table', { name: `表格（第 1–50 行，共 ${rows.length} 行）`, exact: true }).waitFor();
	for (let c = 0; c < columns.length; c++) {
		assert.equal(await pane.getByRole('textbox', { name: `第 ${c + 1} 列的列名`, exact: true }).inputValue(), columns[c]);
		await pane.getByRole('button', { name: `删除列 ${columns[c]}`, exact: true }).waitFor();
	}

	/* edit: the customer of row 1 without its trailing space; Enter moves down a row */
	const cust = columns.indexOf('客户');
	await cell(1, cust).fill(rows[0][cust].trim());
	await page.keyboard.press('Enter');
	assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-label')), `第 2 行 ${columns[cust]}`);
	/* ↑ back, → at the end of the text to the next column */
	await page.keyboard.press('ArrowUp');
	await page.keyboard.press('ArrowRight');
	assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-label')), `第 1 行 ${columns[cust + 1]}`);
	const edited = rows.map((r) => r.slice());
	edited[0][cust] = rows[0][cust].trim();

	/* mark the duplicate; delete the test row */
	await pane.getByRole('checkbox', { name: `第 ${dupAt + 1} 行是重复行`, exact: true }).check();
	await pane.getByRole('button', { name: `删除第 ${testAt + 1} 行`, exact: true }).click();
	await pane.getByRole('table', { name: `表格（第 1–50 行，共 ${rows.length - 1} 行）`, exact: true }).waitFor();
	assert.equal(await cell(testAt + 1, key).inputValue(), rows[testAt + 1][key], 'the rows after the deleted one move up');
	assert.equal(await pane.getByRole('checkbox', { name: `第 ${dupAt + 1} 行是重复行`, exact: true }).isChecked(), true);

	/* add a row at the end (the last page opens, the new row's first cell has the focus) */
	await pane.getByRole('toolbar', { name: '表格工具', exact: true }).getByRole('button', { name: '添加行', exact: true }).click();
	const last = rows.length;   /* one deleted, one added */
	assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-label')), `第 ${last} 行 ${columns[0]}`);
	const added = columns.map(() => '');
	added[0] = 'DD20249999';
	added[cust] = '王小明';
	await page.keyboard.type(added[0]);
	await cell(last, cust).fill(added[cust]);
	await cell(last, cust).blur();
	const status = `${last - 1} 行（另有 1 行标记为重复，不计入答案），${columns.length} 列`;
	await pane.getByText(status, { exact: true }).waitFor();
	await shot(page, 'wb-table', { full: false });
	await waitSaved(page, exam);

	const expectRows = edited.filter((_, i) => i !== dupAt && i !== testAt);
	expectRows.push(added);
	const saved = await serverTask(page, exam, task.position);
	assert.deepEqual(saved.answer, { table: { columns, rows: expectRows } }, 'the saved table');
	/* other toolbar controls are there */
	for (const name of ['按关键列查找重复', '恢复原始表格', '下载当前表格（CSV）']) await pane.getByRole('button', { name, exact: true }).waitFor();
	await pane.getByLabel('上传清洗后的 CSV 文件', { exact: true }).waitFor();
	worked.l5.add('table');
});

/* ---- kb --------------------------------------------------------------------------- */

test('kb: add a similar question and an entry with an approved answer, ask the bot', async () => {
	const exam = EXAMS.l5;
	const page = await candidatePage(exam);
	const { task, pane } = await openTask(page, exam, 'kb');
	const server = await serverTask(page, exam, task.position);
	const entries = server.items.map((e) => ({ id: String(e.id), question: String(e.question), similar: (e.similar || []).map(String), answer: String(e.answer) }));
	const approved = server.params.answers[0];
	const entry = (i) => pane.getByRole('group', { name: new RegExp(`^条目 ${i} \\(`) });
	assert.equal(await entry(1).getByRole('textbox', { name: '标准问题', exact: true }).inputValue(), entries[0].question);

	/* a similar question on its own line, typed at the end of entry 1's list */
	const similar = entry(1).getByRole('textbox', { name: '相似问题（每行一个）', exact: true });
	await similar.click();
	await page.keyboard.press('Control+End');
	await page.keyboard.type('\n几天能发出去');
	entries[0].similar.push('几天能发出去');

	/* a new entry: 添加条目 focuses its 标准问题; the approved answer comes from the select */
	await pane.getByRole('button', { name: '添加条目', exact: true }).click();
	const k = entries.length + 1;
	const fresh = entry(k);
	assert.equal(await page.evaluate(() => document.activeElement.labels[0].textContent), '标准问题');
	await page.keyboard.type('可以开增值税专用发票吗');
	await fresh.getByRole('combobox', { name: '选用已审核的答案', exact: true }).selectOption(approved.key);
	assert.equal(await fresh.getByRole('textbox', { name: '答案', exact: true }).inputValue(), approved.text);
	entries.push({ id: `new-${k}`, question: '可以开增值税专用发票吗', similar: [], answer: approved.text, answer_key: approved.key });
	await pane.getByRole('button', { name: `把条目 ${k} 合并到其他条目`, exact: true }).waitFor();
	await pane.getByRole('button', { name: `删除条目 ${k}`, exact: true }).waitFor();

	/* the filter shows the matching entries only */
	const filter = pane.getByRole('searchbox', { name: '筛选条目', exact: true });
	await filter.fill('发票');
	await pane.getByText(/^共 \d+ 条，显示 \d+ 条$/).waitFor();
	assert.equal(await fresh.isVisible(), true);
	assert.equal(await entry(1).isVisible(), false, 'entry 1 does not mention 发票');
	await filter.fill('');

	/* 试一试: the bot answers from the knowledge base as it is now */
	await pane.getByRole('textbox', { name: '用户问题', exact: true }).fill('几天能发出去');
	await pane.getByRole('button', { name: '提问', exact: true }).click();
	const results = pane.getByRole('list', { name: '“几天能发出去”的检索结果', exact: true });
	const top = results.getByRole('listitem').first();
	await top.waitFor();
	const topText = await top.textContent();
	assert.ok(topText.startsWith(`✓ 机器人回答： 条目 1：${entries[0].question}`), `the bot's answer: ${topText}`);
	assert.ok(topText.includes(entries[0].answer), 'with the entry\'s answer');
	assert.match(topText, /得分 [\d.]+$/);
	assert.ok(await results.getByRole('listitem').count() <= 5, 'at most five entries');
	await similar.scrollIntoViewIfNeeded();
	await shot(page, 'wb-kb', { full: false });
	await waitSaved(page, exam);

	const saved = await serverTask(page, exam, task.position);
	assert.deepEqual(saved.answer, { kb: entries }, 'the saved knowledge base');
	worked.l5.add('kb');
});

/* ---- submit and grading ------------------------------------------------------------- */

/*
 * Submits the exam's paper with 提交答卷 → 确认提交 (the dialog lists the tasks
 * not worked on), then checks the manager's results API: every automatic
 * task graded, with the metrics the answers must give; rubric tasks pending.
 */
async function submitAndCheck(t, name) {
	const exam = EXAMS[name];
	srv.check();
	assert.ok(exam.attemptId, `the ${name} attempt was started`);
	const page = await candidatePage(exam);
	await page.getByRole('button', { name: '提交答卷', exact: true }).click();
	const dialog = page.getByRole('dialog', { name: '确认提交答卷', exact: true });
	await dialog.waitFor();
	const open = exam.tasks.map((x, i) => [x, i + 1]).filter(([x]) => !worked[name].has(x.kind));
	assert.equal(await dialog.getByText(/^尚未作答的任务/).textContent(), `尚未作答的任务（${open.length}）`);
	assert.deepEqual(await dialog.getByRole('listitem').allTextContents(), open.map(([x, i]) => `任务 ${i}：${x.title_zh}`));
	assert.equal(await page.evaluate(() => document.activeElement.textContent), '取消', 'the focus starts on 取消');
	await shot(page, `wb-submit-${name}`, { full: false });
	await dialog.getByRole('button', { name: '确认提交', exact: true }).click();
	await dialog.waitFor({ state: 'detached' });
	await page.getByRole('alert').filter({ hasText: '答卷已提交' }).waitFor();
	assert.equal(await page.getByRole('button', { name: '提交答卷', exact: true }).isDisabled(), true);

	const res = await mgr.request.get(`/api/v1/exams/${exam.id}/results`);
	assert.equal(res.status(), 200);
	const row = (await res.json()).results.find((r) => r.username === exam.user);
	assert.ok(row && typeof row.score === 'number', `${exam.user} is scored: ${JSON.stringify(row)}`);
	const byPos = new Map(row.tasks.map((x) => [x.position, x]));
	const rubric = [];
	for (const [i, x] of exam.tasks.entries()) {
		const r = byPos.get(x.position);
		assert.ok(r, `task ${i + 1} has a result`);
		if (x.kind === 'upload') {
			assert.equal(r.status, 'pending', `${x.ext_id} waits for raters`);
			assert.equal(r.score, null);
			rubric.push(x.ext_id);
			continue;
		}
		assert.equal(r.status, 'graded', `${x.ext_id} is graded: ${JSON.stringify(r)}`);
		assert.ok(r.score >= 0 && r.score <= r.points + 1e-9, `${x.ext_id}: ${r.score} of ${r.points}`);
		const nums = Object.fromEntries(Object.entries(r.metrics).filter(([, v]) => typeof v === 'number'));
		t.diagnostic(`${x.ext_id} (${x.kind}): ${r.score} / ${r.points} ${JSON.stringify(nums)}`);
		if (worked[name].has(x.kind)) await checkMetrics(x, r.metrics, exam);
	}
	assert.equal(row.pending, rubric.length > 0, `pending while ${rubric} wait for raters`);
	if (rubric.length) assert.equal(row.passed, null, 'no verdict while a part waits for raters');
	else assert.equal(typeof row.passed, 'boolean');

	/* the manager's 成绩 page of the exam */
	await mgr.goto(`/#/exams/${exam.id}/results`);
	await mgr.getByRole('heading', { level: 1, name: `成绩：${exam.title}`, exact: true }).waitFor();
	await mgr.getByRole('cell', { name: exam.user, exact: true }).waitFor();
	await shot(mgr, `wb-results-${name}`);
}

test('the 五级 paper is submitted; the manager\'s results show span, box, table and kb graded', async (t) => {
	await submitAndCheck(t, 'l5');
});

/* ---- tune ------------------------------------------------------------------------- */

test('tune: set epochs and learning rate, train, watch the progress bar and the loss curve', async (t) => {
	const exam = EXAMS.l3;
	const page = await candidatePage(exam);
	const { task, pane } = await openTask(page, exam, 'tune');
	const epochs = pane.getByRole('spinbutton', { name: '训练轮数', exact: true });
	const rate = pane.getByRole('spinbutton', { name: '学习率', exact: true });
	/* the other fields are there, by their names; 判定阈值 only for two labels (this task has eight) */
	for (const name of ['L2 正则化系数', '特征哈希位数']) await pane.getByRole('spinbutton', { name, exact: true }).waitFor();
	for (const name of ['最小 n-gram 长度', '最大 n-gram 长度', '类别权重']) await pane.getByRole('combobox', { name, exact: true }).waitFor();
	assert.equal(await pane.getByLabel('判定阈值', { exact: true }).count(), 0, 'no threshold for an eight-label task');
	const bar = pane.getByRole('progressbar', { name: '训练进度', exact: true });
	assert.equal(await bar.getAttribute('aria-valuenow'), '0');

	/* an out-of-range value is marked on its field and not saved */
	await epochs.fill('500');
	assert.equal(await epochs.getAttribute('aria-invalid'), 'true');
	await pane.getByText('有参数超出允许范围，修改未保存。', { exact: true }).waitFor();
	await epochs.fill('6');
	await rate.fill('0.5');
	assert.equal(await epochs.getAttribute('aria-invalid'), null);
	worked.l3.add('tune');

	await pane.getByRole('button', { name: '开始训练', exact: true }).click();
	const training = pane.getByRole('region', { name: '训练与验证', exact: true });
	const seen = [];
	for (const end = Date.now() + 30000; ;) {
		srv.check(); /* fails at once, with its report, when the server died */
		const refused = training.getByRole('alert');
		if (await refused.count()) assert.fail(`the training was refused: ${await refused.first().textContent()}`);
		const v = Number(await bar.getAttribute('aria-valuenow'));
		if (seen[seen.length - 1] !== v) seen.push(v);
		if (v === 100) break;
		if (Date.now() > end) assert.fail(`the progress bar did not reach 100 in 30 s: ${seen}`);
		await sleep(50);
	}
	t.diagnostic(`progress seen: ${seen.join(' → ')}`);
	assert.deepEqual(seen, seen.slice().sort((a, b) => a - b), `the progress only grows: ${seen}`);
	assert.match(await bar.getAttribute('aria-valuetext'), /^100% 训练完成$/);
	const done = pane.getByRole('status').filter({ hasText: /^训练完成：验证集 macro-F1 为 [\d.]+。$/ });
	await done.waitFor();
	const loss = pane.getByRole('img', { name: /^训练损失曲线/ });
	const desc = await loss.locator('desc').textContent();
	const points = /^训练损失: (.*)$/.exec(desc);
	assert.ok(points, `the loss curve lists its values: ${desc}`);
	assert.equal(points[1].split(', ').length, 6, `one loss value per epoch: ${desc}`);
	assert.ok(await loss.locator('polyline').count() >= 1, 'the loss curve is drawn');
	await pane.getByRole('img', { name: /^每轮的验证集 macro-F1/ }).waitFor();

	/* the run is in 训练记录; its button takes its settings back after an edit */
	await epochs.fill('9');
	await pane.getByRole('button', { name: '使用第 1 次训练的参数', exact: true }).click();
	assert.equal(await epochs.inputValue(), '6');
	assert.equal(await rate.inputValue(), '0.5');
	await loss.scrollIntoViewIfNeeded();
	await shot(page, 'wb-tune', { full: false });
	await waitSaved(page, exam);

	const saved = await serverTask(page, exam, task.position);
	/* every field of the form: the task's defaults, with the two that were set */
	const hyper = { ...saved.params.defaults, learning_rate: 0.5, epochs: 6 };
	delete hyper.threshold;
	assert.deepEqual(saved.answer, { hyper }, 'the saved hyper-parameters');
});

test('the 三级 paper is submitted; label and tune are graded, the rubric tasks wait for raters', async (t) => {
	await submitAndCheck(t, 'l3');
});

/* The grader's metrics for the answers the tests made, worked out from the demo task's gold. */
async function checkMetrics(x, m, exam) {
	const gold = await goldOf(x.ext_id);
	const near = (a, b, what) => assert.ok(Math.abs(a - b) < 1e-9, `${x.ext_id} ${what}: ${a}, expected ${b}`);
	if (x.kind === 'label') {
		const ids = Object.keys(gold);
		const right = ids.filter((id) => exam.labelAnswer[id] === gold[id]).length;
		near(m.accuracy, right / ids.length, 'accuracy');
	} else if (x.kind === 'span') {
		const all = Object.values(gold).flat();
		const hit = Object.entries(exam.spanAnswer).flatMap(([id, list]) => list.filter((s) => (gold[id] || []).some((g) => g.start === s.start && g.end === s.end && g.label === s.label)));
		near(m.precision, hit.length / 3, 'precision');
		near(m.recall, hit.length / all.length, 'recall');
	} else if (x.kind === 'box') {
		const all = Object.values(gold).flat();
		near(m.precision, 1, 'precision (the box is the gold banana)');
		near(m.recall, 1 / all.length, 'recall');
		near(m.mean_iou, 1, 'mean IoU');
	} else if (x.kind === 'table') {
		assert.equal(typeof m.cell_accuracy, 'number', `${x.ext_id}: cell_accuracy`);
	} else if (x.kind === 'kb') {
		assert.equal(typeof m.top1_accuracy, 'number', `${x.ext_id}: top1_accuracy`);
	} else if (x.kind === 'tune') {
		assert.equal(typeof m.macro_f1, 'number', `${x.ext_id}: macro_f1`);
	}
}
