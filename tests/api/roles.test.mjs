// roles.test.mjs: the role matrix. Every route of src/http/routes.def (parsed
// here, so a new route is covered without editing this file) is called
// anonymously and as every role: anonymous gets 401 unless the route is
// R_PUBLIC, a role outside the route's mask gets 403 forbidden, and a role
// inside it gets neither (nor a 5xx, nor 405 = route missing in the server).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, routeTable, expectError, expectOk, STANDARD, DEMO_EXAM, PASSWORD } from './lib.mjs';

const fx = useServer(setup);
const { routes, bits } = await routeTable();

// Single-bit role names from http.h: R_ADMIN → "admin", ... (R_PUBLIC is not a role).
const ROLES = Object.entries(bits)
	.filter(([name, v]) => name !== 'R_PUBLIC' && v > 0 && (v & (v - 1)) === 0)
	.map(([name, bit]) => ({ name: name.slice(2).toLowerCase(), bit }));

const sessions = {}; // role → logged-in client
const users = {}; // role → [username, password]
let ids = {};

async function ensureSession(role) {
	const c = sessions[role];
	const r = await c.get('/session');
	if (r.status === 401 || (r.status === 200 && r.body.user === null)) {
		// The route just called ended the session (logout): log in again for the next route.
		expectOk(await c.login(...users[role]));
	}
}

async function setup() {
	const admin = await fx.srv.login('admin');
	sessions.admin = admin;
	users.admin = ['admin', PASSWORD];
	sessions.manager = await fx.srv.login('manager');
	users.manager = ['manager', PASSWORD];
	sessions.candidate = await fx.srv.login('cand01');
	users.candidate = ['cand01', PASSWORD];
	for (const { name } of ROLES) {
		if (sessions[name]) continue;
		const username = `role-${name}`;
		expectOk(await admin.post('/users', { username, name: `${name} user`, role: name, password: 'role-password-1' }), 201);
		sessions[name] = await fx.srv.login(username, 'role-password-1');
		users[name] = [username, 'role-password-1'];
	}
	for (const { name } of ROLES) assert.equal(sessions[name].user.role, name);
	// Ids that exist: the demo exam, its first form, an attempt of cand01, an item, a candidate user.
	const start = expectOk(await sessions.candidate.post(`/my/exams/${DEMO_EXAM}/start`), 201);
	const exam = await sessions.manager.json(`/exams/${DEMO_EXAM}`);
	const cand05 = exam.candidates.find((c) => c.username === 'cand05');
	const items = await sessions.manager.json('/items?per_page=1');
	ids = {
		standards: STANDARD,
		exams: String(DEMO_EXAM),
		'my/exams': String(DEMO_EXAM),
		'my/results': String(DEMO_EXAM),
		forms: String(exam.forms[0].id),
		attempts: String(start.attempt_id),
		responses: '1',
		items: String(items.items[0].id),
		users: String(cand05.user_id),
	};
}

/* The route's pattern with each ":param" replaced by an existing id (chosen by the segment before it). */
function concrete(pattern) {
	const segs = pattern.split('/');
	return segs
		.map((s, i) => {
			if (!s.startsWith(':')) return s;
			const prev = segs[i - 1];
			const prev2 = `${segs[i - 2]}/${prev}`;
			return ids[prev2] ?? ids[prev] ?? '1';
		})
		.join('/');
}

function call(client, route) {
	const p = concrete(route.pattern);
	if (route.method === 'GET' || route.method === 'HEAD') return client.request(route.method, p);
	return client.request(route.method, p, { json: {} });
}

test('the route table parses and names only known roles', () => {
	assert.ok(routes.length >= 30, `only ${routes.length} routes parsed`);
	assert.ok(ROLES.length >= 3);
	for (const r of routes) {
		assert.ok(r.pattern.startsWith('/api/v1/'), r.pattern);
		assert.ok(r.roles > 0, `${r.method} ${r.pattern}: roles ${r.rolesExpr}`);
	}
	const keys = routes.map((r) => `${r.method} ${r.pattern}`);
	assert.equal(new Set(keys).size, keys.length, 'no route twice');
});

for (const route of routes) {
	const isPublic = (route.roles & bits.R_PUBLIC) !== 0;
	test(`${route.method} ${route.pattern} (${route.rolesExpr})`, async () => {
		const anon = await call(fx.srv.client(), route);
		if (isPublic) {
			assert.ok(![401, 403].includes(anon.status), `anonymous on a public route: ${anon.status} ${anon.text}`);
			assert.ok(anon.status < 500, `anonymous: ${anon.status} ${anon.text}`);
		} else {
			expectError(anon, 401, 'unauthenticated');
		}
		for (const { name, bit } of ROLES) {
			const r = await call(sessions[name], route);
			const allowed = isPublic || (route.roles & bit) !== 0;
			if (!allowed) {
				const e = expectError(r, 403, 'forbidden');
				assert.equal(e.message, '您的角色无权执行此操作。');
				continue;
			}
			const code = r.body?.error?.code;
			const why = `${name} on ${route.method} ${concrete(route.pattern)}: ${r.status} ${r.text.slice(0, 300)}`;
			assert.notEqual(r.status, 401, why);
			assert.ok(!(r.status === 403 && (code === 'forbidden' || code === 'csrf_failed')), why);
			assert.notEqual(r.status, 405, `route missing in the server: ${why}`);
			assert.ok(r.status < 500, why);
			await ensureSession(name);
		}
	});
}
