// Users (användare), password resets and API tokens; role checks.
// Contract: docs/API.md "Users" and "Roles".

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Client, demoUsers, sql } from '../lib/server.mjs';
import { login, startWithLogins, errorAsserter, ISO_UTC, tryLogin } from '../lib/api.mjs';

const assertError = errorAsserter({ message: 'string' });

let server;
let admin;
let kurator;
let auditor;

function bearer(url, secret) {
  const c = new Client(url);
  const auth = { authorization: `Bearer ${secret}` };
  c.json = ((orig) => (method, p, obj, opts = {}) =>
    orig.call(c, method, p, obj, { ...opts, headers: { ...auth, ...(opts.headers || {}) } }))(c.json);
  return c;
}

const USER_KEYS = ['active', 'created_at', 'email', 'function_id', 'id', 'name', 'protected_access',
  'role', 'unit_id'];
const TOKEN_KEYS = ['created_at', 'expires_at', 'id', 'name', 'revoked_at', 'user_id'];

async function users() {
  const r = await admin.json('GET', '/api/v1/users');
  assert.equal(r.status, 200, r.text);
  return r.body.users;
}

let seq = 0;
async function newUser(extra = {}) {
  seq += 1;
  const input = {
    name: `Test Testsson ${seq}`,
    email: `test.testsson.users${seq}@demoby.example`,
    role: 'staff',
    password: `Användartest-lösen-${seq}-xyz`,
    ...extra,
  };
  const r = await admin.json('POST', '/api/v1/users', input);
  assert.equal(r.status, 201, r.text);
  return { ...r.body.user, password: input.password };
}

before(async () => {
  ({ server, admin, kurator, auditor } = await startWithLogins(['admin', 'kurator', 'auditor']));
});

after(() => server?.stop());

// --- list and read ---------------------------------------------------------

test('GET /api/v1/users lists the demo users, sorted by name, without password data', async () => {
  const r = await admin.json('GET', '/api/v1/users');
  assert.equal(r.status, 200, r.text);
  const list = r.body.users;
  const emails = list.map((u) => u.email);
  for (const who of Object.values(demoUsers)) assert.ok(emails.includes(who.email), who.email);
  for (const u of list) {
    assert.deepEqual(Object.keys(u).sort(), USER_KEYS);
    assert.match(u.created_at, ISO_UTC);
  }
  const names = list.map((u) => u.name);
  assert.deepEqual(names, [...names].sort(new Intl.Collator('sv').compare));
  assert.ok(!/password|hash|argon/i.test(r.text), 'no password data in the list');
  const roles = Object.fromEntries(list.map((u) => [u.email, u.role]));
  assert.equal(roles[demoUsers.admin.email], 'admin');
  assert.equal(roles[demoUsers.auditor.email], 'auditor');
  assert.equal(roles[demoUsers.kurator.email], 'staff');
});

test('GET /api/v1/users/{id} returns one user', async () => {
  const r = await admin.json('GET', `/api/v1/users/${kurator.user.id}`);
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(Object.keys(r.body.user).sort(), USER_KEYS);
  assert.equal(r.body.user.email, demoUsers.kurator.email);
});

test('GET /api/v1/users/{id} of a user that does not exist is 404 not_found', async () => {
  assertError(await admin.json('GET', '/api/v1/users/999999'), 404, 'not_found');
});

test('a staff user may read herself but not another user', async () => {
  const self = await kurator.json('GET', `/api/v1/users/${kurator.user.id}`);
  assert.equal(self.status, 200, self.text);
  assert.equal(self.body.user.email, demoUsers.kurator.email);
  assertError(await kurator.json('GET', `/api/v1/users/${admin.user.id}`), 403, 'forbidden');
});

// --- create ----------------------------------------------------------------

test('POST /api/v1/users creates a user: 201, created_at set, the password not echoed', async () => {
  const units = (await admin.json('GET', '/api/v1/units')).body.units;
  const fns = (await admin.json('GET', '/api/v1/functions')).body.functions;
  const password = 'Nytt-konto-lösenord-2026';
  const t0 = Date.now();
  const r = await admin.json('POST', '/api/v1/users', {
    name: 'Tessa Testsson', email: 'tessa.testsson@demoby.example',
    function_id: fns[0].id, unit_id: units[0].id, role: 'staff', password,
  });
  assert.equal(r.status, 201, r.text);
  const u = r.body.user;
  assert.deepEqual(Object.keys(u).sort(), USER_KEYS);
  assert.equal(u.name, 'Tessa Testsson');
  assert.equal(u.email, 'tessa.testsson@demoby.example');
  assert.equal(u.function_id, fns[0].id);
  assert.equal(u.unit_id, units[0].id);
  assert.equal(u.role, 'staff');
  assert.equal(u.active, true);
  assert.match(u.created_at, ISO_UTC);
  assert.ok(Math.abs(Date.parse(u.created_at) - t0) < 60_000, 'created_at is now');
  assert.ok(!r.text.includes(password), 'the password is not echoed');
  assert.ok(!/password|hash/i.test(r.text));

  const got = await admin.json('GET', `/api/v1/users/${u.id}`);
  assert.deepEqual(got.body.user, u);
  const s = await tryLogin(server.url, u.email, password);
  assert.equal(s.status, 200, s.text);
  assert.equal(s.body.user.id, u.id);
});

test('POST /api/v1/users without function and unit gives nulls', async () => {
  const u = await newUser();
  assert.equal(u.function_id, null);
  assert.equal(u.unit_id, null);
});

test('POST /api/v1/users with an e-mail address already taken is 409 conflict and creates nothing', async () => {
  const beforeList = await users();
  const r = await admin.json('POST', '/api/v1/users', {
    name: 'Dubbel Testsson', email: demoUsers.kurator.email, role: 'staff', password: 'Dubblettens-lösenord-1',
  });
  assertError(r, 409, 'conflict');
  assert.ok(!r.body.error.message.includes(demoUsers.kurator.email), 'no personal data in the message');
  assert.deepEqual(await users(), beforeList);
});

test('POST /api/v1/users with an invalid e-mail address is 400 invalid email', async () => {
  const beforeList = await users();
  for (const email of ['', 'inte-en-adress', 'a@', '@demoby.example', 'a b@demoby.example']) {
    const r = await admin.json('POST', '/api/v1/users', {
      name: 'Ogiltig Testsson', email, role: 'staff', password: 'Ogiltig-adress-lösen-1',
    });
    assertError(r, 400, 'invalid', 'email');
  }
  assert.deepEqual(await users(), beforeList);
});

test('POST /api/v1/users with a password of 11 or 257 characters is 400 invalid password; 12 and 256 are accepted', async () => {
  const beforeList = await users();
  for (const password of ['a'.repeat(11), 'b'.repeat(257)]) {
    const r = await admin.json('POST', '/api/v1/users', {
      name: 'Kort Testsson', email: 'kort.testsson@demoby.example', role: 'staff', password,
    });
    assertError(r, 400, 'invalid', 'password');
  }
  assert.deepEqual(await users(), beforeList);
  const twelve = await newUser({ password: 'c'.repeat(12) });
  assert.equal((await tryLogin(server.url, twelve.email, 'c'.repeat(12))).status, 200);
  const long = await newUser({ password: 'd'.repeat(256) });
  assert.equal((await tryLogin(server.url, long.email, 'd'.repeat(256))).status, 200);
});

test('POST /api/v1/users with an unknown role is 400 invalid role', async () => {
  const beforeList = await users();
  const r = await admin.json('POST', '/api/v1/users', {
    name: 'Roll Testsson', email: 'roll.testsson@demoby.example', role: 'superuser', password: 'Okänd-roll-lösenord-1',
  });
  assertError(r, 400, 'invalid', 'role');
  assert.deepEqual(await users(), beforeList);
});

test('POST /api/v1/users with a unit or function that does not exist is 400 invalid', async () => {
  const beforeList = await users();
  const base = { name: 'Enhet Testsson', email: 'enhet.testsson@demoby.example', role: 'staff', password: 'Okänd-enhet-lösenord-1' };
  assertError(await admin.json('POST', '/api/v1/users', { ...base, unit_id: 999999 }), 400, 'invalid', 'unit_id');
  assertError(await admin.json('POST', '/api/v1/users', { ...base, function_id: 999999 }), 400, 'invalid', 'function_id');
  assert.deepEqual(await users(), beforeList);
});

test('POST /api/v1/users without a required field is 400 invalid naming it', async () => {
  const full = { name: 'Saknas Testsson', email: 'saknas.testsson@demoby.example', role: 'staff', password: 'Saknat-fält-lösenord-1' };
  for (const field of ['name', 'email', 'role', 'password']) {
    const input = { ...full };
    delete input[field];
    assertError(await admin.json('POST', '/api/v1/users', input), 400, 'invalid', field);
  }
  assert.ok(!(await users()).some((u) => u.email === full.email));
});

// --- update ----------------------------------------------------------------

test('PATCH /api/v1/users/{id} changes name, e-mail, role, unit and function', async () => {
  const u = await newUser();
  const units = (await admin.json('GET', '/api/v1/units')).body.units;
  const fns = (await admin.json('GET', '/api/v1/functions')).body.functions;
  const r = await admin.json('PATCH', `/api/v1/users/${u.id}`, {
    name: 'Test Testsson-Andersson', email: 'test.andersson@demoby.example',
    role: 'auditor', unit_id: units[1].id, function_id: fns[0].id,
  });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.user.name, 'Test Testsson-Andersson');
  assert.equal(r.body.user.email, 'test.andersson@demoby.example');
  assert.equal(r.body.user.role, 'auditor');
  assert.equal(r.body.user.unit_id, units[1].id);
  assert.equal(r.body.user.function_id, fns[0].id);
  assert.equal(r.body.user.created_at, u.created_at);
  const cleared = await admin.json('PATCH', `/api/v1/users/${u.id}`, { unit_id: null, function_id: null });
  assert.equal(cleared.status, 200, cleared.text);
  assert.equal(cleared.body.user.unit_id, null);
  assert.equal(cleared.body.user.function_id, null);
  assert.deepEqual((await admin.json('GET', `/api/v1/users/${u.id}`)).body.user, cleared.body.user);
  // The new e-mail address is the login now.
  assert.equal((await tryLogin(server.url, 'test.andersson@demoby.example', u.password)).status, 200);
});

test('PATCH /api/v1/users/{id} to an e-mail address already taken is 409 conflict', async () => {
  const u = await newUser();
  assertError(await admin.json('PATCH', `/api/v1/users/${u.id}`, { email: demoUsers.social.email }), 409, 'conflict');
  assert.equal((await admin.json('GET', `/api/v1/users/${u.id}`)).body.user.email, u.email);
});

test('PATCH /api/v1/users/{id} of a user that does not exist is 404 not_found', async () => {
  assertError(await admin.json('PATCH', '/api/v1/users/999999', { name: 'Ingen Testsson' }), 404, 'not_found');
});

test('an administrator cannot deactivate herself: 409 conflict, still active', async () => {
  const r = await admin.json('PATCH', `/api/v1/users/${admin.user.id}`, { active: false });
  assertError(r, 409, 'conflict');
  const me = await admin.json('GET', `/api/v1/users/${admin.user.id}`);
  assert.equal(me.status, 200, 'the admin session still works');
  assert.equal(me.body.user.active, true);
});

test('an administrator cannot take away her own admin role: 409 conflict', async () => {
  const r = await admin.json('PATCH', `/api/v1/users/${admin.user.id}`, { role: 'staff' });
  assertError(r, 409, 'conflict');
  assert.equal((await admin.json('GET', `/api/v1/users/${admin.user.id}`)).body.user.role, 'admin');
});

test('an administrator may deactivate another administrator', async () => {
  const other = await newUser({ role: 'admin' });
  const r = await admin.json('PATCH', `/api/v1/users/${other.id}`, { active: false });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.user.active, false);
});

test('deactivating a user ends her session and her token at once and keeps her listed', async () => {
  const u = await newUser();
  const cookieClient = await login(server.url, u);
  const t = await admin.json('POST', `/api/v1/users/${u.id}/tokens`, { name: 'avaktiveras' });
  assert.equal(t.status, 201, t.text);
  const tokenClient = bearer(server.url, t.body.secret);
  assert.equal((await cookieClient.json('GET', '/api/v1/session')).status, 200);
  assert.equal((await tokenClient.json('GET', '/api/v1/session')).status, 200);

  const r = await admin.json('PATCH', `/api/v1/users/${u.id}`, { active: false });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.user.active, false);

  assertError(await cookieClient.json('GET', '/api/v1/session'), 401, 'unauthenticated');
  assertError(await tokenClient.json('GET', '/api/v1/session'), 401, 'unauthenticated');
  assertError(await tryLogin(server.url, u.email, u.password), 401, 'bad_credentials');
  const listed = (await users()).find((x) => x.id === u.id);
  assert.ok(listed, 'a deactivated user is never deleted');
  assert.equal(listed.active, false);
});

// --- password reset ---------------------------------------------------------

test('POST /api/v1/users/{id}/password sets a new password and ends the user\'s sessions', async () => {
  const u = await newUser();
  const c = await login(server.url, u);
  const r = await admin.json('POST', `/api/v1/users/${u.id}/password`, { password: 'Återställt-lösenord-77' });
  assert.equal(r.status, 204, r.text);
  assertError(await c.json('GET', '/api/v1/session'), 401, 'unauthenticated');
  assertError(await tryLogin(server.url, u.email, u.password), 401, 'bad_credentials');
  assert.equal((await tryLogin(server.url, u.email, 'Återställt-lösenord-77')).status, 200);
});

test('POST /api/v1/users/{id}/password with a short password is 400 invalid and changes nothing', async () => {
  const u = await newUser();
  assertError(await admin.json('POST', `/api/v1/users/${u.id}/password`, { password: 'kort' }), 400, 'invalid', 'password');
  assert.equal((await tryLogin(server.url, u.email, u.password)).status, 200);
});

test('a staff user cannot reset another user\'s password: 403', async () => {
  const u = await newUser();
  assertError(await kurator.json('POST', `/api/v1/users/${u.id}/password`, { password: 'Kapat-lösenord-123' }), 403, 'forbidden');
  assert.equal((await tryLogin(server.url, u.email, u.password)).status, 200);
});

// --- tokens -----------------------------------------------------------------

test('POST /api/v1/users/{id}/tokens issues a token: 201, the secret once, 90 days by default', async () => {
  const u = await newUser();
  const r = await admin.json('POST', `/api/v1/users/${u.id}/tokens`, { name: 'Integration test' });
  assert.equal(r.status, 201, r.text);
  const { token, secret } = r.body;
  assert.deepEqual(Object.keys(token).sort(), TOKEN_KEYS);
  assert.equal(token.user_id, u.id);
  assert.equal(token.name, 'Integration test');
  assert.equal(token.revoked_at, null);
  assert.match(token.created_at, ISO_UTC);
  assert.match(token.expires_at, ISO_UTC);
  const days = (Date.parse(token.expires_at) - Date.parse(token.created_at)) / 86_400_000;
  assert.ok(Math.abs(days - 90) < 0.01, `expires in 90 days, got ${days}`);
  assert.equal(typeof secret, 'string');
  assert.ok(secret.length >= 20, 'the secret is long enough to be unguessable');

  const listed = await admin.json('GET', `/api/v1/users/${u.id}/tokens`);
  assert.equal(listed.status, 200, listed.text);
  assert.deepEqual(listed.body.tokens, [token]);
  assert.ok(!listed.text.includes(secret), 'the secret is shown only once');
});

test('a token issued with days: 1 expires in one day', async () => {
  const u = await newUser();
  const r = await admin.json('POST', `/api/v1/users/${u.id}/tokens`, { name: 'En dag', days: 1 });
  assert.equal(r.status, 201, r.text);
  const days = (Date.parse(r.body.token.expires_at) - Date.parse(r.body.token.created_at)) / 86_400_000;
  assert.ok(Math.abs(days - 1) < 0.01, `expires in 1 day, got ${days}`);
});

test('a token with days outside 1–365 is 400 invalid days and none is issued', async () => {
  const u = await newUser();
  for (const days of [0, 366, -1, 1.5]) {
    assertError(await admin.json('POST', `/api/v1/users/${u.id}/tokens`, { name: 'Fel', days }), 400, 'invalid', 'days');
  }
  assertError(await admin.json('POST', `/api/v1/users/${u.id}/tokens`, { days: 10 }), 400, 'invalid', 'name');
  assert.deepEqual((await admin.json('GET', `/api/v1/users/${u.id}/tokens`)).body.tokens, []);
});

test('a token for a user that does not exist is 404 not_found', async () => {
  assertError(await admin.json('POST', '/api/v1/users/999999/tokens', { name: 'Ingen' }), 404, 'not_found');
});

test('a bearer token acts as its user with her role and needs no CSRF token', async () => {
  const staffTok = await admin.json('POST', `/api/v1/users/${kurator.user.id}/tokens`, { name: 'Kuratorns token' });
  assert.equal(staffTok.status, 201, staffTok.text);
  const asStaff = bearer(server.url, staffTok.body.secret);
  const s = await asStaff.json('GET', '/api/v1/session');
  assert.equal(s.status, 200, s.text);
  assert.equal(s.body.user.id, kurator.user.id);
  assertError(await asStaff.json('GET', '/api/v1/users'), 403, 'forbidden');

  const adminTok = await admin.json('POST', `/api/v1/users/${admin.user.id}/tokens`, { name: 'Adminskript' });
  const asAdmin = bearer(server.url, adminTok.body.secret);
  const f = await asAdmin.json('POST', '/api/v1/functions', { name: 'Skapad med token test' });
  assert.equal(f.status, 201, f.text);
});

test('DELETE /api/v1/tokens/{id} revokes: 204, the token then gets 401 and shows revoked_at', async () => {
  const u = await newUser();
  const t = await admin.json('POST', `/api/v1/users/${u.id}/tokens`, { name: 'Återkallas' });
  const asUser = bearer(server.url, t.body.secret);
  assert.equal((await asUser.json('GET', '/api/v1/session')).status, 200);
  const r = await admin.json('DELETE', `/api/v1/tokens/${t.body.token.id}`);
  assert.equal(r.status, 204, r.text);
  assertError(await asUser.json('GET', '/api/v1/session'), 401, 'unauthenticated');
  const listed = (await admin.json('GET', `/api/v1/users/${u.id}/tokens`)).body.tokens;
  assert.equal(listed.length, 1);
  assert.match(listed[0].revoked_at, ISO_UTC);
});

test('an expired token gets 401', async () => {
  const u = await newUser();
  const t = await admin.json('POST', `/api/v1/users/${u.id}/tokens`, { name: 'Går ut', days: 1 });
  assert.equal(t.status, 201, t.text);
  const asUser = bearer(server.url, t.body.secret);
  assert.equal((await asUser.json('GET', '/api/v1/session')).status, 200);
  // Move its expiry into the past behind the server's back (one day is too long to wait).
  sql(server.dbUrl,
    `UPDATE api_tokens SET expires_at='2001-01-01T00:00:00.000000Z' WHERE id=${Number(t.body.token.id)}`);
  assertError(await asUser.json('GET', '/api/v1/session'), 401, 'unauthenticated');
});

test('DELETE /api/v1/tokens/{id} of a token that does not exist is 404', async () => {
  assertError(await admin.json('DELETE', '/api/v1/tokens/999999'), 404, 'not_found');
});

test('a made-up bearer token is 401 unauthenticated', async () => {
  const c = bearer(server.url, 'x'.repeat(43));
  assertError(await c.json('GET', '/api/v1/session'), 401, 'unauthenticated');
});

test('staff cannot issue, list or revoke tokens: 403 and nothing is issued', async () => {
  const u = await newUser();
  const t = await admin.json('POST', `/api/v1/users/${u.id}/tokens`, { name: 'Bara admin' });
  assertError(await kurator.json('POST', `/api/v1/users/${kurator.user.id}/tokens`, { name: 'Egen' }), 403, 'forbidden');
  assertError(await kurator.json('GET', `/api/v1/users/${u.id}/tokens`), 403, 'forbidden');
  assertError(await kurator.json('DELETE', `/api/v1/tokens/${t.body.token.id}`), 403, 'forbidden');
  assert.equal((await bearer(server.url, t.body.secret).json('GET', '/api/v1/session')).status, 200);
});

// --- roles ------------------------------------------------------------------

test('staff gets 403 on the admin user endpoints and nothing is written', async () => {
  const beforeList = await users();
  assertError(await kurator.json('GET', '/api/v1/users'), 403, 'forbidden');
  assertError(await kurator.json('POST', '/api/v1/users', {
    name: 'Obehörig Testsson', email: 'obehorig.testsson@demoby.example', role: 'admin', password: 'Obehörigt-lösenord-1',
  }), 403, 'forbidden');
  assertError(await kurator.json('PATCH', `/api/v1/users/${kurator.user.id}`, { role: 'admin' }), 403, 'forbidden');
  assert.deepEqual(await users(), beforeList);
});

test('the auditor gets 403 on the user endpoints', async () => {
  assertError(await auditor.json('GET', '/api/v1/users'), 403, 'forbidden');
  assertError(await auditor.json('GET', `/api/v1/users/${kurator.user.id}`), 403, 'forbidden');
});

test('without a session the user endpoints are 401 unauthenticated', async () => {
  const anon = new Client(server.url);
  assertError(await anon.json('GET', '/api/v1/users'), 401, 'unauthenticated');
  assertError(await anon.json('GET', '/api/v1/users/1'), 401, 'unauthenticated');
  assertError(await anon.json('POST', '/api/v1/users', { name: 'Anonym' }), 401, 'unauthenticated');
});

test('an administrator cannot issue a token for a log reviewer or another administrator', async () => {
  const users = (await admin.json('GET', '/api/v1/users')).body.users;
  const auditor = users.find((u) => u.role === 'auditor');
  assert.ok(auditor, 'the demo has a log reviewer');
  const r = await admin.json('POST', `/api/v1/users/${auditor.id}/tokens`, { name: 'Genväg' });
  assertError(r, 403, 'forbidden');
  assert.deepEqual((await admin.json('GET', `/api/v1/users/${auditor.id}/tokens`)).body.tokens, []);
  const other = await admin.json('POST', '/api/v1/users', {
    name: 'Annan Admin', email: 'annan.admin@demoby.example', role: 'admin', password: 'ett-langt-losenord',
  });
  assert.equal(other.status, 201);
  assertError(await admin.json('POST', `/api/v1/users/${other.body.user.id}/tokens`, { name: 'x' }), 403, 'forbidden');
});


test('a user keeps a function that was deactivated after it was given, but cannot be given a new inactive one', async () => {
  const fn = await admin.json('POST', '/api/v1/functions', { name: 'Tillfällig funktion' });
  assert.equal(fn.status, 201);
  const other = await admin.json('POST', '/api/v1/functions', { name: 'Annan tillfällig funktion' });
  const u = await admin.json('POST', '/api/v1/users', {
    name: 'Funktion Kvar', email: 'funktion.kvar@demoby.example', role: 'staff',
    password: 'ett-langt-losenord', function_id: fn.body.function.id,
  });
  assert.equal(u.status, 201);
  for (const f of [fn, other]) {
    assert.equal((await admin.json('PATCH', `/api/v1/functions/${f.body.function.id}`, { active: false })).status, 200);
  }
  const renamed = await admin.json('PATCH', `/api/v1/users/${u.body.user.id}`, {
    name: 'Funktion Fortfarande Kvar', function_id: fn.body.function.id,
  });
  assert.equal(renamed.status, 200, renamed.text);
  assert.equal(renamed.body.user.function_id, fn.body.function.id);
  assertError(await admin.json('PATCH', `/api/v1/users/${u.body.user.id}`, { function_id: other.body.function.id }),
    400, 'invalid', 'function_id');
});
