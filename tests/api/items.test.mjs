// items.test.mjs: the question bank: list and filters, Chinese full-text
// search, create, versioned edits, CSV and GIFT import (all or nothing),
// export and re-import.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { useServer, expectError, expectOk, REPO, parseCsv } from './lib.mjs';

let mgr, admin, all, demoCount;
const fx = useServer(async (srv) => {
	mgr = await srv.login('manager');
	admin = await srv.login('admin');
	demoCount = 0;
	for (let l = 1; l <= 5; l++) demoCount += parseCsv(await readFile(path.join(REPO, `data/demo/items-l${l}.csv`), 'utf8')).length - 1;
	all = await fetchAll();
});

/* Every current item, through the paged list. */
async function fetchAll() {
	const out = [];
	for (let page = 1; ; page++) {
		const b = await mgr.json(`/items?per_page=500&page=${page}`);
		out.push(...b.items);
		if (out.length >= b.total || b.items.length === 0) break;
	}
	return out;
}

async function total(q = '') {
	return (await mgr.json(`/items?per_page=1${q}`)).total;
}

const HEADER = 'id,level,type,function,content,knowledge,difficulty,stem,option_a,option_b,option_c,option_d,option_e,option_f,answer,partial_credit,explanation,enemies,status';
const cell = (v) => (/[",\r\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));
function csvRow({ id, level = 5, type, fn = '1', content = '1.1', knowledge = '', difficulty = 3, stem, options = [], answer, partial = 0, explanation = '', enemies = '', status = 'active' }) {
	const opts = [...options, '', '', '', '', '', ''].slice(0, 6);
	return [id, level, type, fn, content, knowledge, difficulty, stem, ...opts, answer, partial, explanation, enemies, status].map(cell).join(',');
}

const ITEM = {
	ext_id: 'API-0001',
	level: 4,
	type: 'single',
	function: '2',
	content: '2.1',
	knowledge: '标注规范',
	difficulty: 3,
	stem: '图像标注项目开始前，标注员首先应当阅读的文件是（ ）。',
	options: ['标注规范', '财务报表', '员工手册', '采购合同'],
	answer: 'A',
	explanation: '标注规范规定了类别定义和操作要求。',
};

test('the demo bank is listed in full, ordered by ext_id, with all fields', async () => {
	assert.equal(all.length, demoCount);
	assert.ok(demoCount > 750, `demo bank has ${demoCount} items`);
	const ids = all.map((i) => i.ext_id);
	assert.deepEqual(ids, [...ids].sort());
	for (const k of ['id', 'ext_id', 'version', 'level', 'type', 'function', 'content', 'knowledge', 'difficulty', 'stem', 'options', 'answer', 'partial_credit', 'explanation', 'enemies', 'status', 'updated_at']) {
		assert.ok(k in all[0], `field ${k}`);
	}
	const page = await mgr.json('/items?page=3&per_page=7');
	assert.equal(page.page, 3);
	assert.equal(page.per_page, 7);
	assert.deepEqual(page.items.map((i) => i.ext_id), ids.slice(14, 21));
});

test('filters by level, function, type and status', async () => {
	const cases = [
		['level=4', (i) => i.level === 4],
		['level=3&type=multi', (i) => i.level === 3 && i.type === 'multi'],
		['level=5&function=B2&type=judge', (i) => i.level === 5 && i.function === 'B2' && i.type === 'judge'],
		['function=4', (i) => i.function === '4'],
		['type=fill&status=active', (i) => i.type === 'fill' && i.status === 'active'],
	];
	for (const [q, pred] of cases) {
		const want = all.filter(pred).map((i) => i.id).sort((a, b) => a - b);
		assert.ok(want.length > 0, q);
		const b = await mgr.json(`/items?${q}&per_page=500`);
		assert.equal(b.total, want.length, q);
		assert.deepEqual(b.items.map((i) => i.id).sort((a, b) => a - b), want, q);
	}
	assert.equal(await total('&level=5&function=9'), 0);
});

/* What a substring search over stem, options, knowledge, explanation and ext_id should find. */
function matching(q) {
	return all
		.filter((i) => [i.stem, i.knowledge, i.explanation, i.ext_id, ...i.options].some((t) => t.includes(q)))
		.map((i) => i.id)
		.sort((a, b) => a - b);
}

test('Chinese full-text search with three or more characters (trigram index)', async () => {
	for (const q of ['数据标注', '职业道德', '标注员', '人工智能训练', '隐私']) {
		const want = matching(q);
		const b = await mgr.json(`/items?q=${encodeURIComponent(q)}&per_page=500`);
		if (q.length >= 3) assert.ok(want.length > 0, `demo bank has items with ${q}`);
		assert.equal(b.total, want.length, q);
		assert.deepEqual(b.items.map((i) => i.id).sort((a, b) => a - b), want, q);
	}
	// Combined with a filter.
	const q = '数据标注';
	const want = all.filter((i) => i.level === 3 && matching(q).includes(i.id)).length;
	assert.equal(await total(`&level=3&q=${encodeURIComponent(q)}`), want);
	// Search syntax is not interpreted: quotes, operators and stars are plain text.
	for (const weird of ['AND OR NOT', '标注*', 'NEAR(数据 标注)', "';--", '数据 AND 标注', '“数据”']) {
		const b = await mgr.json(`/items?q=${encodeURIComponent(weird)}`);
		assert.equal(b.total, matching(weird).length, weird);
	}
	// A double quote cannot break out of the phrase.
	const quoted = await mgr.json(`/items?q=${encodeURIComponent('标注" OR "数据')}`);
	assert.equal(quoted.total, 0);
});

test('Chinese search with one or two characters (no trigram possible)', async () => {
	for (const q of ['标注', '数据', '伦理', '签']) {
		const want = matching(q);
		assert.ok(want.length > 0, q);
		const b = await mgr.json(`/items?q=${encodeURIComponent(q)}&per_page=500`);
		assert.equal(b.total, want.length, q);
		assert.deepEqual(b.items.map((i) => i.id).sort((a, b) => a - b), want, q);
	}
});

test('a search term only matches item text, not the JSON the options are stored in', async () => {
	// Options are stored as JSON text (["甲","乙"]): searching for '","' or '"数据' must not match
	// that syntax. (Item texts in the demo bank contain no ASCII double quote.)
	for (const q of ['","', '["', '"]', '"数据', '数据"]']) {
		const want = matching(q);
		const b = await mgr.json(`/items?q=${encodeURIComponent(q)}`);
		assert.equal(b.total, want.length, `q=${q}: ${b.total} results, ${want.length} items contain it`);
	}
});

test('create: 201 with version 1; a bad answer is 422 naming answer; a taken ext_id is 409', async () => {
	const r = await mgr.post('/items', ITEM);
	const it = expectOk(r, 201).item;
	assert.equal(it.ext_id, 'API-0001');
	assert.equal(it.version, 1);
	assert.equal(it.status, 'active');
	assert.deepEqual(it.options, ITEM.options);
	assert.equal(it.answer, 'A');
	const got = await mgr.json(`/items/${it.id}`);
	assert.deepEqual(got.item, it);
	assert.equal(got.versions.length, 1);
	assert.equal(got.versions[0].version, 1);
	assert.equal(got.versions[0].updated_by, 'manager');
	assert.equal(await total(), demoCount + 1);

	for (const [answer, type, options] of [['E', 'single', ITEM.options], ['AB', 'single', ITEM.options], ['A', 'multi', ITEM.options], ['X', 'judge', []], ['', 'single', ITEM.options]]) {
		const e = expectError(await mgr.post('/items', { ...ITEM, ext_id: 'API-BAD', type, options, answer }), 422, 'invalid_field');
		assert.ok(e.details.some((d) => d.field === 'answer'), `${type} ${answer}: ${JSON.stringify(e.details)}`);
	}
	const e2 = expectError(await mgr.post('/items', { ...ITEM, ext_id: 'API-BAD', type: 'fill', options: [], stem: 'no blank here', answer: 'x' }), 422, 'invalid_field');
	assert.ok(e2.details.some((d) => d.field === 'stem'), JSON.stringify(e2));
	const e3 = expectError(await mgr.post('/items', { ...ITEM, ext_id: 'API-BAD', function: '2', content: '3.1' }), 422, 'invalid_field');
	assert.ok(e3.details.some((d) => d.field === 'content'), JSON.stringify(e3));
	const dup = expectError(await mgr.post('/items', { ...ITEM, stem: 'another stem' }), 409, 'conflict');
	assert.ok(dup.details.some((d) => d.field === 'ext_id'));
	assert.equal(await total(), demoCount + 1, 'nothing else was created');
	expectError(await mgr.get('/items/API-0001'), 404, 'not_found');
});

test('an edit makes version 2; version 1 stays readable; search follows the current text', async () => {
	const id = (await mgr.json('/items?q=API-0001')).items[0].id;
	const newStem = '图像标注项目启动前，质检员首先应当阅读的文件是（ ）。';
	const r = await mgr.put(`/items/${id}`, { ...ITEM, ext_id: 'IGNORED', stem: newStem, answer: 'a', difficulty: 4 });
	const it = expectOk(r).item;
	assert.equal(it.id, id);
	assert.equal(it.ext_id, 'API-0001', 'the ext_id cannot change');
	assert.equal(it.version, 2);
	assert.equal(it.stem, newStem);
	assert.equal(it.difficulty, 4);
	const got = await mgr.json(`/items/${id}`);
	assert.equal(got.item.version, 2);
	assert.deepEqual(got.versions.map((v) => v.version), [2, 1]);
	const v1 = await mgr.json(`/items/${id}?version=1`);
	assert.equal(v1.item.version, 1);
	assert.equal(v1.item.stem, ITEM.stem);
	assert.equal(v1.item.difficulty, 3);
	expectError(await mgr.get(`/items/${id}?version=3`), 404, 'not_found');
	// The list holds one row per item (the current version), and search sees only the new text.
	assert.equal(await total(), demoCount + 1);
	assert.equal(await total(`&q=${encodeURIComponent('质检员首先')}`), 1);
	assert.equal(await total(`&q=${encodeURIComponent('标注员首先')}`), 0);
	// Saving the same content again makes no new version.
	const same = expectOk(await mgr.put(`/items/${id}`, { ...ITEM, stem: newStem, difficulty: 4 })).item;
	assert.equal(same.version, 2);
	// A bad edit is refused and changes nothing.
	const e = expectError(await mgr.put(`/items/${id}`, { ...ITEM, answer: 'Q' }), 422, 'invalid_field');
	assert.ok(e.details.some((d) => d.field === 'answer'));
	assert.equal((await mgr.json(`/items/${id}`)).item.version, 2);
	expectError(await mgr.put('/items/999999', ITEM), 404, 'not_found');
});

test('editing an item used in an exam does not change the frozen paper', async () => {
	const exam = await mgr.json('/exams/1');
	const formId = exam.forms[0].id;
	const before = (await mgr.json(`/exams/1/forms/${formId}`)).items;
	const first = before[0];
	const cur = (await mgr.json(`/items/${first.item_id}`)).item;
	const edited = { ...cur, stem: `${cur.stem}（已修订）` };
	for (const k of ['id', 'version', 'version_id', 'updated_at']) delete edited[k];
	const it = expectOk(await mgr.put(`/items/${first.item_id}`, edited)).item;
	assert.equal(it.version, cur.version + 1);
	const after = (await mgr.json(`/exams/1/forms/${formId}`)).items;
	assert.deepEqual(after, before, 'the paper keeps the version it was frozen with');
	assert.equal(after[0].version, cur.version);
});

test('CSV import of a good file reports counts; a changed row makes a new version', async () => {
	const rows = [
		{ id: 'CSV-0001', type: 'judge', stem: '数据清洗可以提高数据质量。', answer: 'T', knowledge: '数据清洗' },
		{ id: 'CSV-0002', type: 'single', fn: '2', content: '2.1', stem: '下列属于文本标注任务的是（ ）。', options: ['命名实体标注', '图像分割', '语音切分', '点云标注'], answer: 'A', explanation: '命名实体标注，是文本任务。' },
		{ id: 'CSV-0003', type: 'multi', fn: '3', content: '3.1', stem: '以下属于数据安全措施的有（ ）。', options: ['加密存储', '权限控制', '公开密码', '定期备份'], answer: 'ABD', partial: 1 },
		{ id: 'CSV-0004', type: 'fill', stem: '图像中框出目标位置的标注方式称为____标注。', answer: '矩形框|拉框', difficulty: 2 },
	];
	const csv = [HEADER, ...rows.map(csvRow)].join('\n') + '\n';
	const before = await total();
	const r = await mgr.request('POST', '/items/import?format=csv', { body: csv, type: 'text/csv' });
	assert.deepEqual(expectOk(r), { imported: 4, created: 4, updated: 0, unchanged: 0 });
	assert.equal(await total(), before + 4);
	const got = (await mgr.json('/items?q=CSV-000&per_page=10')).items;
	assert.deepEqual(got.map((i) => i.ext_id), ['CSV-0001', 'CSV-0002', 'CSV-0003', 'CSV-0004']);
	assert.deepEqual(got[1].options, rows[1].options);
	assert.equal(got[1].explanation, '命名实体标注，是文本任务。');
	assert.equal(got[2].answer, 'ABD');
	assert.equal(got[2].partial_credit, 1);
	assert.equal(got[3].answer, '矩形框|拉框');
	assert.equal(got[3].difficulty, 2);
	assert.equal(got[0].knowledge, '数据清洗');

	rows[1].stem = '下列属于文本类标注任务的是（ ）。';
	const again = await mgr.request('POST', '/items/import?format=csv', { body: [HEADER, ...rows.map(csvRow)].join('\r\n'), type: 'text/csv' });
	assert.deepEqual(expectOk(again), { imported: 4, created: 0, updated: 1, unchanged: 3 });
	const v = await mgr.json(`/items/${got[1].id}`);
	assert.equal(v.item.version, 2);
	assert.equal((await mgr.json(`/items/${got[1].id}?version=1`)).item.stem, '下列属于文本标注任务的是（ ）。');
});

test('CSV import with a bad row on line 3 is rejected whole, naming line 3', async () => {
	const before = await total();
	const csv = [
		HEADER,
		csvRow({ id: 'BAD-0001', type: 'judge', stem: '这一行本身没有问题。', answer: 'T' }),
		csvRow({ id: 'BAD-0002', type: 'single', stem: '这一行的答案不在选项中。', options: ['甲', '乙', '丙'], answer: 'E' }),
		csvRow({ id: 'BAD-0003', type: 'judge', stem: '这一行也没有问题。', answer: 'F' }),
	].join('\n');
	const e = expectError(await mgr.request('POST', '/items/import?format=csv', { body: csv, type: 'text/csv' }), 422, 'import_rejected');
	assert.equal(e.details.length, 1, JSON.stringify(e.details));
	assert.equal(e.details[0].line, 3);
	assert.equal(e.details[0].field, 'answer');
	assert.equal(await total(), before, 'nothing imported');
	assert.equal(await total('&q=BAD-000'), 0);

	// Line numbers count physical lines, also after a quoted field that spans lines.
	const multi = [
		HEADER,
		csvRow({ id: 'BAD-0011', type: 'judge', stem: '第一行\n第二行的题干。', answer: 'T' }),
		csvRow({ id: 'BAD-0012', type: 'judge', level: 7, stem: '等级不对。', answer: 'T' }),
		csvRow({ id: 'BAD-0011', type: 'judge', stem: '编号重复。', answer: 'T' }),
	].join('\n');
	const e2 = expectError(await mgr.request('POST', '/items/import?format=csv', { body: multi, type: 'text/csv' }), 422, 'import_rejected');
	const lines = e2.details.map((d) => [d.line, d.field]);
	assert.ok(lines.some(([l, f]) => l === 4 && f === 'level'), JSON.stringify(e2.details));
	assert.ok(lines.some(([l]) => l === 5), JSON.stringify(e2.details));
	assert.ok(!lines.some(([l]) => l === 2 || l === 3), JSON.stringify(e2.details));
	assert.equal(await total(), before);

	// Not a CSV of items at all.
	const e3 = expectError(await mgr.request('POST', '/items/import?format=csv', { body: 'hello,world\n1,2\n', type: 'text/csv' }), 422, 'import_rejected');
	assert.ok(e3.details.length >= 1);
	const e4 = expectError(await mgr.request('POST', '/items/import?format=xml', { body: '<a/>', type: 'text/plain' }), 422, 'import_rejected');
	assert.ok(e4.details.some((d) => d.field === 'format'));
	assert.equal(await total(), before);
});

test('GIFT import: metadata lines, query defaults and generated ids', async () => {
	const before = await total();
	const gift = [
		'// aitcert: level=5 function=1 content=1.2 difficulty=2 knowledge=数据采集',
		'::GIFT-A1:: 网络爬虫采集数据时应遵守网站的使用协议。 {T}',
		'',
		'// aitcert: level=5 function=2 content=2.2 difficulty=4',
		'::GIFT-A2:: 下列属于语音标注任务的是（ ）。 {=语音转写 ~图像分类 ~目标检测 ~表格录入#这是解释}',
		'',
		'下列属于结构化数据的有（ ）。 {~%50%关系数据库表 ~%50%电子表格 ~%-100%监控视频}',
		'',
		'数据标注中常用的图像标注工具是{=LabelImg =labelimg}。',
	].join('\n');
	const r = await mgr.request('POST', '/items/import?format=gift&level=4&function=3&content=3.1&difficulty=3&id_prefix=GQ-', { body: gift, type: 'text/plain' });
	assert.deepEqual(expectOk(r), { imported: 4, created: 4, updated: 0, unchanged: 0 });
	assert.equal(await total(), before + 4);
	const a1 = (await mgr.json('/items?q=GIFT-A1')).items[0];
	assert.equal(a1.type, 'judge');
	assert.equal(a1.answer, 'T');
	assert.equal(a1.level, 5);
	assert.equal(a1.content, '1.2');
	assert.equal(a1.knowledge, '数据采集');
	const a2 = (await mgr.json('/items?q=GIFT-A2')).items[0];
	assert.equal(a2.type, 'single');
	assert.deepEqual(a2.options, ['语音转写', '图像分类', '目标检测', '表格录入']);
	assert.equal(a2.answer, 'A');
	assert.equal(a2.difficulty, 4);
	const gen = (await mgr.json('/items?q=GQ-&per_page=10')).items;
	assert.deepEqual(gen.map((i) => i.ext_id), ['GQ-0001', 'GQ-0002']);
	assert.deepEqual(gen.map((i) => [i.type, i.level, i.function, i.content, i.difficulty]), [
		['multi', 4, '3', '3.1', 3],
		['fill', 4, '3', '3.1', 3],
	]);
	assert.equal(gen[0].answer, 'AB');
	assert.deepEqual(gen[0].options, ['关系数据库表', '电子表格', '监控视频']);
	assert.equal(gen[1].stem, '数据标注中常用的图像标注工具是____。');
	assert.equal(gen[1].answer, 'LabelImg|labelimg');

	// Without defaults, a question without metadata is refused, with its line; nothing is stored.
	const bad = ['::GIFT-B1:: 有元数据的题。 {T}', '', '::GIFT-B2:: 没有元数据。 {F}'].join('\n');
	const e = expectError(
		await mgr.request('POST', '/items/import?format=gift&id_prefix=GB-', { body: `// aitcert: level=5 function=1 content=1.1 difficulty=2\n${bad}`, type: 'text/plain' }),
		422,
		'import_rejected',
	);
	assert.ok(e.details.every((d) => d.line === 4), JSON.stringify(e.details));
	assert.ok(e.details.some((d) => d.field === 'level'), JSON.stringify(e.details));
	assert.equal(await total(), before + 4);
});

test('export CSV and GIFT, then re-import: every item is unchanged', async () => {
	const n = await total();
	const csv = await mgr.get('/items/export?format=csv');
	assert.equal(csv.status, 200);
	assert.match(csv.headers.get('content-type'), /^text\/csv/);
	assert.match(csv.headers.get('content-disposition'), /attachment; filename="items\.csv"/);
	const rows = parseCsv(csv.text);
	assert.equal(rows[0].join(','), HEADER);
	assert.equal(rows.length - 1, n);
	const r = await mgr.request('POST', '/items/import?format=csv', { body: csv.text, type: 'text/csv' });
	assert.deepEqual(expectOk(r), { imported: n, created: 0, updated: 0, unchanged: n });

	const gift = await mgr.get('/items/export?format=gift&level=5');
	assert.match(gift.headers.get('content-type'), /^text\/plain/);
	const n5 = await total('&level=5');
	const g = await mgr.request('POST', '/items/import?format=gift', { body: gift.text, type: 'text/plain' });
	assert.deepEqual(expectOk(g), { imported: n5, created: 0, updated: 0, unchanged: n5 });
	assert.equal(await total(), n);
	expectError(await mgr.get('/items/export?format=pdf'), 422, 'invalid_field');
});

test('imports and edits are audited', async () => {
	const recs = (await admin.json('/audit?limit=1000')).records;
	const mine = recs.filter((x) => x.actor === 'manager');
	const actions = new Set(mine.map((x) => x.action));
	for (const a of ['item.create', 'item.update', 'item.import']) assert.ok(actions.has(a), `audit has ${a}`);
	const imp = mine.filter((x) => x.action === 'item.import');
	assert.deepEqual(imp.map((x) => x.detail.summary.created).reverse(), [4, 0, 4, 0, 0]);
	const upd = mine.find((x) => x.action === 'item.update' && x.detail.ext_id === 'API-0001');
	assert.equal(upd.detail.version, 2);
});
