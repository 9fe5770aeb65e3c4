// errors.test.mjs: the error format and language, malformed and mistyped
// bodies, size limits, unknown routes and methods, and a seeded fuzz loop
// (AITCERT_FUZZ_SEED, AITCERT_FUZZ_N) that must never get a 5xx or a dropped
// connection.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, expectError, expectOk, expectLoggedIn, errorTable, rawRequest, rng, STANDARD, DEMO_EXAM } from './lib.mjs';

let admin, cand, attemptId, table;
const fx = useServer(async (srv) => {
	table = await errorTable();
	admin = await srv.login('admin');
	cand = await srv.login('cand01');
	attemptId = expectOk(await cand.post(`/my/exams/${DEMO_EXAM}/start`), 201).attempt_id;
});

test('the error table (errors.def) has every code of the contract with its status', () => {
	const contract = {
		unauthenticated: 401, bad_credentials: 401, too_many_attempts: 429, forbidden: 403, csrf_failed: 403, not_found: 404,
		invalid_field: 422, import_rejected: 422, blueprint_infeasible: 422, duration_below_minimum: 422, exam_not_open: 409,
		deadline_passed: 409, already_submitted: 409, conflict: 409, result_not_released: 403, payload_too_large: 413, busy: 503,
		bad_json: 400, method_not_allowed: 405, standard_invalid: 422,
	};
	for (const [code, status] of Object.entries(contract)) {
		assert.ok(table[code], `errors.def lacks ${code}`);
		assert.equal(table[code].status, status, code);
		assert.ok(table[code].en.length > 0 && table[code].zh.length > 0, code);
	}
});

test('errors are JSON {error:{code,message}} in Chinese by default and English with Accept-Language: en', async () => {
	const cases = [
		[(c) => c.get('/standards'), 401, 'unauthenticated'],
		[(c) => c.get('/no-such-route'), 404, 'not_found'],
		[(c) => c.request('DELETE', '/health'), 405, 'method_not_allowed'],
		[(c) => c.get('/users'), 401, 'unauthenticated'],
	];
	for (const [call, status, code] of cases) {
		const zh = expectError(await call(fx.srv.client()), status, code);
		assert.equal(zh.message, table[code].zh);
		assert.deepEqual(Object.keys(zh).sort(), ['code', 'message']);
		for (const lang of ['en', 'en-US,en;q=0.9', 'EN-gb']) {
			const en = expectError(await call(fx.srv.client({ lang })), status, code);
			assert.equal(en.message, table[code].en, `Accept-Language: ${lang}`);
		}
		for (const lang of ['zh-CN', 'zh', 'fr-FR', 'de, en;q=0.5']) {
			const other = expectError(await call(fx.srv.client({ lang })), status, code);
			assert.equal(other.message, table[code].zh, `Accept-Language: ${lang}`);
		}
	}
	// Role and details messages follow the language too.
	const mgr = await fx.srv.login('manager', undefined, { lang: 'en' });
	assert.equal(expectError(await mgr.get('/audit'), 403, 'forbidden').message, table.forbidden.en);
	const e = expectError(await mgr.post('/users', {}), 403, 'forbidden');
	assert.equal(e.message, 'Your role may not do this.');
	const d = expectError(await admin.withLang('en').post('/users', { username: 'xy', role: 'candidate' }), 422, 'invalid_field');
	assert.equal(d.message, table.invalid_field.en);
	assert.equal(d.details.find((x) => x.field === 'password').reason, 'is required');
	const dz = expectError(await admin.post('/users', { username: 'xy', role: 'candidate' }), 422, 'invalid_field');
	assert.equal(dz.message, table.invalid_field.zh);
	assert.equal(dz.details.find((x) => x.field === 'password').reason, '为必填项');
});

test('malformed JSON is 400 bad_json with the position', async () => {
	for (const body of ['{"username":', '{username:"a"}', "{'a':1}", '', '{"a":1}}', '{"a":1,"a":2}', '[1,2]', '"text"', '\u00ff\u00fe', 'nul']) {
		const r = await admin.request('POST', '/users', { body, type: 'application/json' });
		const e = expectError(r, 400, 'bad_json');
		assert.ok(Array.isArray(e.details) && e.details[0].reason.length > 0, `details for ${JSON.stringify(body)}: ${r.text}`);
	}
	const e = expectError(await admin.request('POST', '/users', { body: '{\n"a": 1,\n"b": }', type: 'application/json' }), 400, 'bad_json');
	assert.equal(e.details[0].line, 3, JSON.stringify(e));
	// Nothing was created on the way.
	const u = await admin.json('/users');
	assert.equal(u.users.length, 7);
});

test('wrong types are 422 invalid_field with details naming each field', async () => {
	const e = expectError(
		await admin.post('/users', { username: 'type-test', name: 5, role: 'candidate', password: 12345678, email: [] }),
		422,
		'invalid_field',
	);
	const fields = e.details.map((d) => d.field).sort();
	assert.deepEqual(fields, ['email', 'name', 'password']);
	const now = Math.floor(Date.now() / 1000);
	const ex = expectError(
		await admin.post('/exams', { title: 'x', level: '4', opens_at: now, closes_at: now + 3600, duration_min: 90.5, forms: true }),
		422,
		'invalid_field',
	);
	assert.deepEqual(ex.details.map((d) => d.field).sort(), ['duration_min', 'forms', 'level']);
	const it = expectError(await admin.post('/items', { ext_id: 'T-1', level: 9, type: 'essay', function: '1', content: '1.1', difficulty: 3, stem: 's', answer: 'A' }), 422, 'invalid_field');
	assert.ok(it.details.some((d) => d.field === 'level'), JSON.stringify(it));
	assert.ok(it.details.some((d) => d.field === 'type'), JSON.stringify(it));
	const sv = expectError(await cand.put(`/attempts/${attemptId}/responses/1`, { answer: 7, seq: 'one', flagged: 'yes' }), 422, 'invalid_field');
	assert.deepEqual(sv.details.map((d) => d.field).sort(), ['answer', 'flagged', 'seq']);
	const bad = expectError(await cand.put(`/attempts/${attemptId}/responses/999`, { answer: 'A', seq: 1 }), 422, 'invalid_field');
	assert.deepEqual(bad.details.map((d) => d.field), ['pos']);
});

test('a JSON route refuses other content types (415)', async () => {
	const r = await admin.request('POST', '/users', { body: '{"username":"ct-test"}', type: 'text/plain' });
	expectError(r, 415, 'unsupported_media_type');
});

test('a body over 1 MiB is refused with 413; import routes take more', async () => {
	const big = JSON.stringify({ ext_id: 'BIG-1', stem: 'x'.repeat(1 << 20) });
	assert.ok(big.length > 1 << 20);
	expectError(await admin.request('POST', '/items', { body: big, type: 'application/json' }), 413, 'payload_too_large');
	const en = admin.withLang('en');
	assert.equal(expectError(await en.request('POST', '/items', { body: big, type: 'application/json' }), 413, 'payload_too_large').message, table.payload_too_large.en);
	// Exactly 1 MiB is read and parsed (then refused for what it says, not for its size).
	const exact = `{"stem":"${'y'.repeat((1 << 20) - 11)}"}`;
	assert.equal(Buffer.byteLength(exact), 1 << 20);
	expectError(await admin.request('POST', '/items', { body: exact, type: 'application/json' }), 422, 'invalid_field');
	// An import of 2 MiB is not too large (it is rejected for its content).
	const csv = 'id,level\n' + 'A,1\n'.repeat((2 << 20) / 4);
	const imp = await admin.request('POST', '/items/import?format=csv', { body: csv, type: 'text/csv' });
	expectError(imp, 422, 'import_rejected');
	// Still alive, and nothing was stored.
	expectError(await admin.get('/items/999999'), 404, 'not_found');
});

test('unknown routes are 404 not_found, wrong methods 405 method_not_allowed', async () => {
	for (const p of ['/api/v1/nope', '/api/v2/health', '/api/v1/items/1/extra', '/api/v1/exams/1/forms', '/api/v1/', '/api/v1/items/', '/api/v1/health/']) {
		expectError(await admin.get(p), 404, 'not_found');
	}
	expectError(await admin.get('!/no-such-file.html'), 404, 'not_found');
	expectError(await admin.get('!/css/../../../etc/passwd'), 404, 'not_found');
	for (const [m, p] of [['DELETE', '/items/1'], ['POST', '/health'], ['PUT', '/session'], ['GET', '/logout'], ['PATCH', '/exams/1'], ['DELETE', '/users/1'], ['GET', '/test/clock']]) {
		const r = await admin.request(m, p, m === 'GET' ? {} : { json: {} });
		expectError(r, 405, 'method_not_allowed');
	}
	expectError(await admin.request('POST', '!/index.html', { body: 'x' }), 405, 'method_not_allowed');
});

test('static files: the web root is served, nothing outside it', async () => {
	const index = await rawRequest(fx.srv.url, 'GET', '/');
	assert.equal(index.status, 200);
	assert.match(index.headers['content-type'], /^text\/html/);
	for (const p of ['/%2e%2e/%2e%2e/etc/passwd', '/..%2f..%2fetc/passwd', '/css/%2e%2e/index.html', '/%2fetc%2fpasswd', '//etc/passwd', '/.git/config', '/web/index.html', '/css/..%5c..%5cetc/passwd']) {
		const r = await rawRequest(fx.srv.url, 'GET', p);
		assert.equal(r.status, 404, `${p}: ${r.status} ${String(r.text).slice(0, 80)}`);
		assert.equal(JSON.parse(r.text).error.code, 'not_found');
	}
});

/* ---- fuzz ------------------------------------------------------------------ */

const SEED = Number(process.env.AITCERT_FUZZ_SEED || 20260501);
const N = Number(process.env.AITCERT_FUZZ_N || 200);

function fuzzCases(rand) {
	const words = ['ext_id', 'level', 'type', 'function', 'content', 'difficulty', 'stem', 'options', 'answer', 'title',
		'opens_at', 'closes_at', 'duration_min', 'forms', 'seed', 'candidates', 'user_id', 'extra_min', 'pointer', 'value',
		'provenance', 'seq', 'flagged', 'username', 'password', 'role', 'name', 'enemies', 'partial_credit', 'max_overlap'];
	const strings = ['', 'A', 'AC', 'T', '对', '职业道德', '\u0000', 'x'.repeat(3000), '\ud83d\ude00', '____', '/levels/0/training_hours',
		'/levels/99/x', '/', '~1~0', '../../', '%00', '<script>', "' OR 1=1 --", '"', '\\', 'B1', 'B1.1', '1.1', 'judge', 'fill', 'multi',
		'candidate', 'admin', 'draft', 'retired', 'confirmed', 'demo', 'typical', '\n\r\t', 'a\u202eb', '\uffff'];
	const num = () => rand.pick([0, -1, 1, 2, 5, 9, 90, 2 ** 31, 2 ** 53, -(2 ** 63), 1e308, 0.5, -0, 3.5, 1e-9, 123456789012345]);
	const value = (depth) => {
		const k = rand.int(depth > 3 ? 4 : 7);
		if (k === 0) return rand.pick(strings);
		if (k === 1) return num();
		if (k === 2) return rand.pick([true, false, null]);
		if (k === 3) return rand.pick(strings) + rand.int(1000);
		if (k === 4) return Array.from({ length: rand.int(5) }, () => value(depth + 1));
		const o = {};
		for (let i = rand.int(6); i > 0; i--) o[rand.pick(words)] = value(depth + 1);
		return o;
	};
	const now = Math.floor(Date.now() / 1000);
	const templates = [
		{ ext_id: 'FZ-1', level: 5, type: 'single', function: '1', content: '1.1', difficulty: 3, stem: 'stem', options: ['a', 'b'], answer: 'A' },
		{ title: 'fz', level: 5, format: 'demo', opens_at: now, closes_at: now + 9999, duration_min: 90, forms: 1, seed: 1 },
		{ pointer: '/levels/0/training_hours', value: 60, provenance: 'confirmed', note: 'fz' },
		{ answer: 'A', flagged: false, seq: 5 },
		{ username: 'fz', name: 'fz', role: 'candidate', password: 'fuzz-password' },
		{ candidates: [{ user_id: 3, extra_min: 0 }] },
	];
	const randomBytes = () => Buffer.from(Array.from({ length: rand.int(400) }, () => rand.int(256)));
	const body = () => {
		const k = rand.int(8);
		if (k === 0) return randomBytes();
		if (k === 1) return JSON.stringify(value(0));
		if (k === 2) {
			const t = structuredClone(rand.pick(templates));
			const keys = Object.keys(t);
			for (let i = 1 + rand.int(3); i > 0; i--) {
				const key = rand.pick(keys);
				if (rand.int(4) === 0) delete t[key];
				else t[key] = value(1);
			}
			return JSON.stringify(t);
		}
		if (k === 3) {
			const s = JSON.stringify(rand.pick(templates));
			return s.slice(0, rand.int(s.length));
		}
		if (k === 4) {
			const d = 1 + rand.int(3000);
			return rand.pick(['[', '{"a":']).repeat(d) + rand.pick([']'.repeat(d), '1', '']);
		}
		if (k === 5) {
			// CSV- and GIFT-like garbage
			const rows = Array.from({ length: rand.int(8) }, () =>
				Array.from({ length: rand.int(20) }, () => rand.pick(['"', '""', ',', 'x', '职业', '\r', '\n', '::', '{', '}', '=', '~', '#', '\\', rand.pick(strings)])).join(''));
			return rand.pick(['id,level,type,function,content,difficulty,stem,answer\n', 'username,name,id_number,email,password\n', '// aitcert: level=5\n', '']) + rows.join('\n');
		}
		if (k === 6) return Buffer.concat([Buffer.from(JSON.stringify(rand.pick(templates))), randomBytes()]);
		return '';
	};
	const seg = () => {
		const k = rand.int(6);
		if (k === 0) return String(rand.pick([0, 1, 2, -1, 999999999, '99999999999999999999', '1e3', '0x10', '01']));
		if (k === 1) return encodeURIComponent(rand.pick(strings)).slice(0, 200);
		if (k === 2) return Array.from({ length: 1 + rand.int(4) }, () => '%' + rand.int(256).toString(16).padStart(2, '0')).join('');
		if (k === 3) return rand.pick(['..', '.', '', '~', ':id', 'results.csv', 'forms', 'export', 'import', 'verify']);
		return Array.from({ length: 1 + rand.int(12) }, () => rand.pick([..."abcXYZ019-._~!$&'()*+,;=:@"])).join('');
	};
	const query = () =>
		Array.from({ length: rand.int(5) }, () => `${rand.pick(['q', 'level', 'page', 'per_page', 'format', 'type', 'status', 'function', 'limit', 'before', 'version', 'role', 'standard', 'id_prefix', 'difficulty', seg()])}=${seg()}`).join('&');
	// Mostly JSON, so that bodies reach the handlers; sometimes something else.
	const types = ['application/json', 'application/json', 'application/json', 'application/json; charset=utf-8', 'text/csv', 'text/plain', undefined, 'multipart/form-data; boundary=x', 'x/y'];
	const routes = [
		() => ['POST', '/api/v1/items', 'admin'],
		() => ['PUT', `/api/v1/items/${seg()}`, 'admin'],
		() => ['POST', '/api/v1/exams', 'admin'],
		() => ['PUT', `/api/v1/exams/${rand.pick(['1', seg()])}/candidates`, 'admin'],
		() => ['PATCH', `/api/v1/standards/${rand.pick([STANDARD, seg()])}`, 'admin'],
		() => ['POST', `/api/v1/items/import?format=${rand.pick(['csv', 'gift', seg()])}&${query()}`, 'admin'],
		() => ['POST', '/api/v1/candidates/import', 'admin'],
		() => ['POST', '/api/v1/users', 'admin'],
		() => ['POST', '/api/v1/login', 'anon'],
		() => {
			// Not users 1 and 3: a password reset there would end the sessions this test uses.
			const id = rand.pick(['7', seg()]);
			return ['PATCH', `/api/v1/users/${id === '1' || id === '3' ? '7' : id}`, 'admin'];
		},
		() => ['PUT', `/api/v1/attempts/${rand.pick([String(attemptId), seg()])}/responses/${rand.pick(['1', '50', seg()])}`, 'cand'],
		() => ['POST', `/api/v1/attempts/${seg()}/submit`, 'cand'],
		() => ['GET', `/api/v1/items?${query()}`, 'admin'],
		() => ['GET', `/api/v1/blueprint?${query()}`, 'admin'],
		() => ['GET', `/api/v1/audit?${query()}`, 'admin'],
		() => ['GET', `/api/v1/items/export?${query()}`, 'admin'],
		() => ['GET', `/api/v1/items/${seg()}?${query()}`, 'admin'],
		() => ['GET', `/api/v1/exams/${seg()}/forms/${seg()}`, 'admin'],
		() => ['GET', `/api/v1/${Array.from({ length: 1 + rand.int(4) }, seg).join('/')}`, rand.pick(['admin', 'cand', 'anon'])],
		() => [rand.pick(['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD']), `/${Array.from({ length: 1 + rand.int(3) }, seg).join('/')}`, 'anon'],
		() => ['GET', `/api/v1/attempts/${seg()}`, 'cand'],
		() => ['GET', `/api/v1/my/results/${seg()}`, 'cand'],
	];
	const out = [];
	for (let i = 0; i < N; i++) {
		const [method, p, who] = rand.pick(routes)();
		const b = method === 'GET' || method === 'HEAD' ? undefined : body();
		out.push({ method, path: p, who, body: b, type: rand.pick(types), lang: rand.pick(['en', 'zh-CN', undefined]) });
	}
	return out;
}

test(`fuzz: ${N} garbage requests never get a 5xx or a dropped connection (seed ${SEED})`, async (t) => {
	const cases = fuzzCases(rng(SEED));
	const failures = [];
	const seen = {};
	let next = 0;
	const lane = async () => {
		while (next < cases.length) {
			const i = next++;
			const c = cases[i];
			const session = c.who === 'admin' ? admin : c.who === 'cand' ? cand : null;
			const headers = {};
			if (session) {
				headers.Cookie = session.cookieHeader();
				headers['X-CSRF-Token'] = session.csrf;
			}
			if (c.type && c.body !== undefined) headers['Content-Type'] = c.type;
			if (c.lang) headers['Accept-Language'] = c.lang;
			const r = await rawRequest(fx.srv.url, c.method, c.path, { headers, body: c.body });
			const what = `#${i} ${c.method} ${c.path} body=${JSON.stringify(String(c.body ?? '')).slice(0, 200)}`;
			if (r.invalid) continue; // node would not send this path: not a server matter
			if (r.error) {
				failures.push(`${what}: connection dropped (${r.error.code || r.error.message})`);
				continue;
			}
			seen[r.status] = (seen[r.status] || 0) + 1;
			if (r.status >= 500) failures.push(`${what}: ${r.status} ${r.text.slice(0, 300)}`);
			else if (r.status >= 400 && c.method !== 'HEAD') {
				let ok = false;
				try {
					const j = JSON.parse(r.text);
					ok = typeof j.error?.code === 'string' && typeof j.error?.message === 'string';
				} catch {}
				if (!ok) failures.push(`${what}: ${r.status} without a JSON error: ${r.text.slice(0, 200)}`);
			}
		}
	};
	await Promise.all([lane(), lane(), lane(), lane()]);
	t.diagnostic(`statuses: ${JSON.stringify(seen)}`);
	assert.deepEqual(failures, [], `seed ${SEED}: ${failures.length} bad answers\n${failures.slice(0, 20).join('\n')}\n${fx.srv.stderrTail(2000)}`);
	// The server is still alive and sessions still work.
	expectOk(await fx.srv.client().get('/health'));
	await expectLoggedIn(admin);
	expectOk(await cand.get(`/attempts/${attemptId}`));
});
