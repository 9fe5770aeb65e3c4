// auth.test.mjs: health, login, throttling, logout, session cookie, CSRF, password change.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, expectError, expectOk, expectLoggedOut, expectLoggedIn, PASSWORD } from './lib.mjs';

const fx = useServer();

test('health answers without login', async () => {
	const c = fx.srv.client();
	const r = await c.get('/health');
	const b = expectOk(r);
	assert.equal(b.status, 'ok');
	assert.equal(b.version, '0.1.0');
	assert.equal(b.store, 'sqlite');
	assert.equal(r.headers.get('cache-control'), 'no-store');
	assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
});

test('login succeeds, sets a strict HttpOnly session cookie and returns user and csrf', async () => {
	const c = fx.srv.client();
	const r = await c.login('manager');
	const b = expectOk(r);
	assert.deepEqual(Object.keys(b).sort(), ['csrf', 'user']);
	assert.equal(b.user.username, 'manager');
	assert.equal(b.user.role, 'manager');
	assert.equal(b.user.name, '考务管理员（演示）');
	assert.equal(typeof b.user.id, 'number');
	assert.ok(!('pw_hash' in b.user) && !('password' in b.user), 'no password hash in the answer');
	assert.match(b.csrf, /^[A-Za-z0-9_-]{20,}$/);

	assert.equal(r.setCookies.length, 1, `one Set-Cookie: ${r.setCookies}`);
	const [pair, ...attrs] = r.setCookies[0].split(';').map((s) => s.trim());
	assert.match(pair, /^aitcert_session=[A-Za-z0-9_-]{20,}$/);
	const lower = attrs.map((a) => a.toLowerCase());
	assert.ok(lower.includes('httponly'), `HttpOnly in ${r.setCookies[0]}`);
	assert.ok(lower.includes('samesite=strict'), `SameSite=Strict in ${r.setCookies[0]}`);
	assert.ok(lower.includes('path=/'), `Path=/ in ${r.setCookies[0]}`);
	assert.ok(!lower.includes('secure'), 'no Secure flag on plain http');
	const maxAge = attrs.find((a) => /^max-age=/i.test(a));
	assert.ok(maxAge && Number(maxAge.split('=')[1]) > 0, `a positive Max-Age: ${r.setCookies[0]}`);

	// The session recovers the same user and CSRF token.
	const s = await c.json('/session');
	assert.deepEqual(s.user, b.user);
	assert.equal(s.csrf, b.csrf);
});

test('behind an https proxy the cookie is Secure', async () => {
	const c = fx.srv.client();
	const r = await c.post('/login', { username: 'cand05', password: PASSWORD }, { headers: { 'X-Forwarded-Proto': 'https' } });
	expectOk(r);
	assert.match(r.setCookies[0], /;\s*Secure(;|$)/i);
});

test('wrong password and unknown user both give bad_credentials, in Chinese by default', async () => {
	const c = fx.srv.client();
	const e1 = expectError(await c.login('cand02', 'wrong-password'), 401, 'bad_credentials');
	assert.equal(e1.message, '用户名或密码错误。');
	const e2 = expectError(await c.login('no-such-user', 'wrong-password'), 401, 'bad_credentials');
	assert.equal(e2.message, e1.message, 'unknown users are not told apart');
	const en = fx.srv.client({ lang: 'en' });
	assert.equal(expectError(await en.login('cand02', 'wrong-again'), 401, 'bad_credentials').message, 'Wrong user name or password.');
	assert.equal(c.cookies.size, 0, 'no cookie after a failed login');
	await expectLoggedOut(c);
});

test('login validates its fields', async () => {
	const c = fx.srv.client();
	const e = expectError(await c.post('/login', { username: 'admin' }), 422, 'invalid_field');
	assert.ok(e.details.some((d) => d.field === 'password'), JSON.stringify(e));
	const e2 = expectError(await c.post('/login', { username: 17, password: 'x' }), 422, 'invalid_field');
	assert.ok(e2.details.some((d) => d.field === 'username'), JSON.stringify(e2));
});

test('after 5 failed logins the account is throttled (429) until the window passes', async () => {
	const c = fx.srv.client();
	for (let i = 1; i <= 5; i++) expectError(await c.login('cand03', `bad-${i}`), 401, 'bad_credentials');
	// Even the right password is refused now.
	const e = expectError(await c.login('cand03', PASSWORD), 429, 'too_many_attempts');
	assert.equal(e.message, '登录失败次数过多，请稍后再试。');
	expectError(await c.login('cand03', 'bad-6'), 429, 'too_many_attempts');
	assert.equal(c.cookies.size, 0);
	// Another account from the same address is not affected.
	const other = fx.srv.client();
	expectOk(await other.login('cand04'));
	// 15 minutes later the account may log in again.
	expectOk(await fx.srv.client().post('/test/clock', { shift_s: 15 * 60 + 5 }));
	expectOk(await c.login('cand03'));
	assert.equal(c.user.username, 'cand03');
});

test('a successful login resets the failure count', async () => {
	const c = fx.srv.client();
	for (let i = 0; i < 4; i++) expectError(await c.login('admin', 'nope'), 401, 'bad_credentials');
	expectOk(await c.login('admin'));
	// Without the reset this would be the fifth failure and the next login would be refused.
	expectError(await fx.srv.client().login('admin', 'nope'), 401, 'bad_credentials');
	expectOk(await fx.srv.client().login('admin'));
});

test('logout ends the session on the server, not only in the browser', async () => {
	const c = await fx.srv.login('cand01');
	const token = c.cookies.get('aitcert_session');
	assert.ok(token);
	await expectLoggedIn(c);
	const r = await c.logout();
	assert.deepEqual(expectOk(r), { ok: true });
	assert.equal(r.setCookies.length, 1);
	assert.match(r.setCookies[0], /^aitcert_session=;/);
	assert.match(r.setCookies[0], /Max-Age=0/i);
	await expectLoggedOut(c);
	// Replaying the old cookie does not work either.
	const replay = fx.srv.client();
	replay.cookies.set('aitcert_session', token);
	await expectLoggedOut(replay);
	expectError(await replay.get('/my/exams'), 401, 'unauthenticated');
});

test('a forged or garbage session cookie is anonymous', async () => {
	const c = fx.srv.client();
	for (const v of ['x', 'A'.repeat(43), 'A'.repeat(200), '%00%01', 'a"b']) {
		c.cookies.set('aitcert_session', v);
		await expectLoggedOut(c);
	}
});

test('state-changing requests need the X-CSRF-Token of the session', async () => {
	const c = await fx.srv.login('admin');
	const other = await fx.srv.login('manager');
	const body = { username: 'csrf-victim', name: 'x', role: 'candidate', password: 'long-enough-1' };
	const none = expectError(await c.post('/users', body, { csrf: false }), 403, 'csrf_failed');
	assert.equal(none.message, 'CSRF 令牌缺失或错误，请刷新页面。');
	expectError(await c.post('/users', body, { csrf: 'wrong-token-wrong-token-1234' }), 403, 'csrf_failed');
	expectError(await c.post('/users', body, { csrf: '' }), 403, 'csrf_failed');
	// Another user's valid token is still the wrong token.
	expectError(await c.post('/users', body, { csrf: other.csrf }), 403, 'csrf_failed');
	expectError(await c.patch(`/standards/4-04-05-05`, { pointer: '/levels/0/training_hours', value: 1 }, { csrf: false }), 403, 'csrf_failed');
	expectError(await c.request('PUT', '/me/password', { json: { old_password: PASSWORD, new_password: 'whatever-123' }, csrf: false }), 403, 'csrf_failed');
	expectError(await c.post('/logout', undefined, { csrf: false }), 403, 'csrf_failed');
	// None of that happened.
	const users = await c.json('/users?q=csrf-victim');
	assert.deepEqual(users.users, []);
	await expectLoggedIn(c);
	// With the token it works.
	const created = expectOk(await c.post('/users', body), 201);
	assert.equal(created.user.username, 'csrf-victim');
	// GET needs no token.
	expectOk(await c.get('/users', { headers: {} }));
});

test('password change: old password checked, new one works, old one no longer does', async () => {
	const c = await fx.srv.login('cand02');
	const e = expectError(await c.put('/me/password', { old_password: 'not-it', new_password: 'new-password-1' }), 422, 'invalid_field');
	assert.ok(e.details.some((d) => d.field === 'old_password'));
	const short = expectError(await c.put('/me/password', { old_password: PASSWORD, new_password: 'short' }), 422, 'invalid_field');
	assert.ok(short.details.some((d) => d.field === 'new_password'));
	assert.deepEqual(expectOk(await c.put('/me/password', { old_password: PASSWORD, new_password: 'new-password-1' })), { ok: true });
	expectError(await fx.srv.client().login('cand02', PASSWORD), 401, 'bad_credentials');
	expectOk(await fx.srv.client().login('cand02', 'new-password-1'));
});

test('a session expires after its Max-Age (12 h) on the server', async () => {
	const c = await fx.srv.login('cand04');
	const maxAge = 43200;
	await expectLoggedIn(c);
	expectOk(await fx.srv.client().post('/test/clock', { shift_s: maxAge - 120 }));
	await expectLoggedIn(c);
	expectOk(await fx.srv.client().post('/test/clock', { shift_s: 240 }));
	await expectLoggedOut(c);
	expectError(await c.get('/my/exams'), 401, 'unauthenticated');
});
