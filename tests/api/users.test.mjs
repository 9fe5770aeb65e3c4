// users.test.mjs: accounts: admin creates and changes users, managers see
// candidates only and import them from CSV (all or nothing, generated passwords).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, expectError, expectOk, expectLoggedOut, PASSWORD } from './lib.mjs';

let admin, mgr;
const fx = useServer(async (srv) => {
	admin = await srv.login('admin');
	mgr = await srv.login('manager');
});

async function usernames(client, q = '') {
	return (await client.json(`/users${q}`)).users.map((u) => u.username);
}

test('the demo users are there', async () => {
	const list = (await admin.json('/users')).users;
	assert.deepEqual(list.map((u) => [u.username, u.role]), [
		['admin', 'admin'], ['manager', 'manager'], ['cand01', 'candidate'], ['cand02', 'candidate'],
		['cand03', 'candidate'], ['cand04', 'candidate'], ['cand05', 'candidate'],
	]);
	for (const u of list) {
		assert.equal(u.active, 1);
		assert.ok(!('pw_hash' in u), 'no password hashes in the list');
	}
	assert.deepEqual(await usernames(admin, '?role=manager'), ['manager']);
	assert.deepEqual(await usernames(admin, '?q=cand0'), ['cand01', 'cand02', 'cand03', 'cand04', 'cand05']);
	assert.deepEqual(await usernames(admin, `?q=${encodeURIComponent('演示考生3')}`), ['cand03']);
});

test('admin creates a user, who can then log in; bad and taken names are refused', async () => {
	const r = await admin.post('/users', { username: 'proctor.li', name: '李监考', role: 'proctor', password: 'proctor-pass-1', id_number: '110101199001011234', email: 'li@example.org' });
	const u = expectOk(r, 201).user;
	assert.equal(u.username, 'proctor.li');
	assert.equal(u.name, '李监考');
	assert.equal(u.role, 'proctor');
	assert.equal(u.active, 1);
	assert.equal(u.id_number, '110101199001011234');
	assert.equal(u.email, 'li@example.org');
	assert.ok(!('pw_hash' in u));
	const c = fx.srv.client();
	const login = expectOk(await c.login('proctor.li', 'proctor-pass-1'));
	assert.equal(login.user.role, 'proctor');
	assert.equal(login.user.id, u.id);

	const dup = expectError(await admin.post('/users', { username: 'proctor.li', name: 'x', role: 'candidate', password: 'another-pass-1' }), 409, 'conflict');
	assert.ok(dup.details.some((d) => d.field === 'username'));
	const e = expectError(await admin.post('/users', { username: 'has space', name: 'x', role: 'wizard', password: 'short' }), 422, 'invalid_field');
	assert.deepEqual(e.details.map((d) => d.field).sort(), ['password', 'role', 'username']);
	const rec = (await admin.json('/audit?limit=1')).records[0];
	assert.equal(rec.action, 'user.create');
	assert.equal(rec.entity_id, String(u.id));
	assert.deepEqual(rec.detail, { username: 'proctor.li', name: '李监考', role: 'proctor' });
	assert.ok(!JSON.stringify(rec).includes('proctor-pass-1'), 'no password in the audit log');
});

test('a manager cannot create users and sees candidates only', async () => {
	expectError(await mgr.post('/users', { username: 'sneaky', name: 'x', role: 'admin', password: 'sneaky-pass-1' }), 403, 'forbidden');
	expectError(await mgr.patch('/users/3', { active: false }), 403, 'forbidden');
	const seen = (await mgr.json('/users')).users;
	assert.ok(seen.length >= 5);
	assert.ok(seen.every((u) => u.role === 'candidate'), JSON.stringify(seen.map((u) => u.role)));
	assert.deepEqual(await usernames(mgr, '?role=admin'), await usernames(mgr, '?role=candidate'));
	assert.ok(!(await usernames(admin)).includes('sneaky'));
});

test('candidates CSV import: generated passwords are returned once and work', async () => {
	const csv = [
		'username,name,id_number,email,password',
		'zhang.san,张三,110101200001010011,zs@example.org,',
		'li.si,李四,,,own-password-9',
		'"wang.wu","王五, 二班",110101200001010033,,',
	].join('\r\n') + '\r\n';
	const r = await mgr.request('POST', '/candidates/import', { body: csv, type: 'text/csv' });
	const created = expectOk(r, 201).created;
	assert.deepEqual(created.map((c) => c.username), ['zhang.san', 'li.si', 'wang.wu']);
	assert.equal(created[1].password, 'own-password-9');
	for (const c of [created[0], created[2]]) assert.ok(typeof c.password === 'string' && c.password.length >= 8, JSON.stringify(c));
	assert.notEqual(created[0].password, created[2].password);
	const all = (await admin.json('/users?role=candidate')).users;
	const ww = all.find((u) => u.username === 'wang.wu');
	assert.equal(ww.name, '王五, 二班');
	assert.equal(ww.id_number, '110101200001010033');
	assert.equal(ww.role, 'candidate');
	const zs = fx.srv.client();
	const b = expectOk(await zs.login('zhang.san', created[0].password));
	assert.equal(b.user.role, 'candidate');
	assert.equal(b.user.name, '张三');
	expectOk(await zs.get('/my/exams'));
	expectOk(await fx.srv.client().login('li.si', 'own-password-9'));
});

test('a duplicate username in the CSV is rejected with its line; nothing is created', async () => {
	const before = (await admin.json('/users')).users.length;
	const csv = ['username,name,id_number', 'new.one,新一,', 'new.one,新一重复,', 'new.two,新二,'].join('\n');
	const e = expectError(await mgr.request('POST', '/candidates/import', { body: csv, type: 'text/csv' }), 422, 'import_rejected');
	assert.deepEqual(e.details.map((d) => [d.line, d.field]), [[3, 'username']]);
	assert.match(e.details[0].reason, /2/, 'names the first line');
	// A name taken by an existing account is refused too, with its line.
	const csv2 = ['username,name', 'fresh.user,新用户', 'cand01,撞名'].join('\n');
	const e2 = expectError(await mgr.request('POST', '/candidates/import', { body: csv2, type: 'text/csv' }), 422, 'import_rejected');
	assert.deepEqual(e2.details.map((d) => [d.line, d.field]), [[3, 'username']]);
	// Other bad rows.
	const csv3 = ['username,name,password', 'x,短名,', 'ok.name,,', 'ok.name2,名字,short'].join('\n');
	const e3 = expectError(await mgr.request('POST', '/candidates/import', { body: csv3, type: 'text/csv' }), 422, 'import_rejected');
	assert.deepEqual(e3.details.map((d) => [d.line, d.field]), [[2, 'username'], [3, 'name'], [4, 'password']]);
	expectError(await mgr.request('POST', '/candidates/import', { body: 'name,email\n张三,a@b\n', type: 'text/csv' }), 422, 'import_rejected');
	expectError(await mgr.request('POST', '/candidates/import', { body: '', type: 'text/csv' }), 422, 'import_rejected');
	assert.equal((await admin.json('/users')).users.length, before);
	assert.deepEqual(await usernames(admin, '?q=new.'), []);
	assert.deepEqual(await usernames(admin, '?q=fresh.user'), []);
});

test('admin deactivates a user: the session ends and login fails; reactivation restores it', async () => {
	const c = await fx.srv.login('cand04');
	const id = c.user.id;
	const r = expectOk(await admin.patch(`/users/${id}`, { active: false, name: '演示考生4（停用）' }));
	assert.equal(r.user.active, 0);
	assert.equal(r.user.name, '演示考生4（停用）');
	await expectLoggedOut(c);
	expectError(await fx.srv.client().login('cand04'), 401, 'bad_credentials');
	expectOk(await admin.patch(`/users/${id}`, { active: true }));
	expectOk(await fx.srv.client().login('cand04'));
	// An admin cannot lock themselves out.
	const self = expectError(await admin.patch(`/users/${admin.user.id}`, { active: false }), 422, 'invalid_field');
	assert.ok(self.details.length === 1);
	expectError(await admin.patch(`/users/${admin.user.id}`, { role: 'candidate' }), 422, 'invalid_field');
	expectError(await admin.patch('/users/99999', { name: 'x' }), 404, 'not_found');
	// A password reset by the admin ends the user's sessions and sets the new password.
	const c5 = await fx.srv.login('cand05');
	expectOk(await admin.patch(`/users/${c5.user.id}`, { password: 'reset-by-admin-1' }));
	await expectLoggedOut(c5);
	expectError(await fx.srv.client().login('cand05', PASSWORD), 401, 'bad_credentials');
	expectOk(await fx.srv.client().login('cand05', 'reset-by-admin-1'));
});
