// Bad input: malformed bodies, wrong types, unknown and over-long fields,
// CSRF, expired sessions, wrong passwords and login throttling. Every failing
// write is checked to have written nothing.
// Contract: docs/API.md "Errors"; server limits from the environment.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, demoUsers } from '../lib/server.mjs';
import { login, startWithLogins, errorAsserter, sleep } from '../lib/api.mjs';

const assertError = errorAsserter({ message: 'non-empty' });

let server;
let admin;

/** Send a raw body (string or Buffer) with the client's cookie and CSRF token. */
function raw(client, method, p, body, contentType = 'application/json') {
  return client.request(method, p, { headers: { 'content-type': contentType, accept: 'application/json' }, body });
}

async function list(kind) {
  const r = await admin.json('GET', `/api/v1/${kind}`);
  assert.equal(r.status, 200, r.text);
  return r.body[kind];
}

before(async () => {
  ({ server, admin } = await startWithLogins(['admin']));
});

after(() => server?.stop());

// --- bodies -------------------------------------------------------------------

test('malformed JSON gets 400 bad_json and nothing is written', async () => {
  const beforeList = await list('functions');
  for (const body of ['{"name": "Trasig test"', '{name: "Trasig test"}', '{"name": "Trasig test",}', "{'name': 'x'}"]) {
    assertError(await raw(admin, 'POST', '/api/v1/functions', body), 400, 'bad_json');
  }
  assert.deepEqual(await list('functions'), beforeList);
});

test('JSON that is an array gets 400 bad_json and nothing is written', async () => {
  const beforeList = await list('functions');
  assertError(await raw(admin, 'POST', '/api/v1/functions', '[{"name": "Lista test"}]'), 400, 'bad_json');
  assert.deepEqual(await list('functions'), beforeList);
});

test('JSON that is a string, number or null gets 400 bad_json', async () => {
  const beforeList = await list('functions');
  for (const body of ['"Sträng test"', '42', 'null', 'true']) {
    assertError(await raw(admin, 'POST', '/api/v1/functions', body), 400, 'bad_json');
  }
  assert.deepEqual(await list('functions'), beforeList);
});

test('an empty JSON body gets 400 bad_json', async () => {
  const beforeList = await list('functions');
  assertError(await raw(admin, 'POST', '/api/v1/functions', ''), 400, 'bad_json');
  assert.deepEqual(await list('functions'), beforeList);
});

test('trailing data after the JSON object gets 400 bad_json', async () => {
  const beforeList = await list('functions');
  assertError(await raw(admin, 'POST', '/api/v1/functions', '{"name": "Svans test"} {"name": "Två"}'), 400, 'bad_json');
  assert.deepEqual(await list('functions'), beforeList);
});

test('invalid UTF-8 bytes in a JSON body get 400 bad_json and nothing is written', async () => {
  const beforeList = await list('functions');
  const bodies = [
    Buffer.concat([Buffer.from('{"name": "Ogiltig '), Buffer.from([0xff, 0xfe]), Buffer.from(' test"}')]),
    // An overlong encoding of "/" and a truncated two-byte sequence.
    Buffer.concat([Buffer.from('{"name": "Lång '), Buffer.from([0xc0, 0xaf]), Buffer.from(' test"}')]),
    Buffer.concat([Buffer.from('{"name": "Avhuggen '), Buffer.from([0xc3]), Buffer.from('"}')]),
    // An encoded UTF-16 surrogate (CESU-8), which UTF-8 forbids.
    Buffer.concat([Buffer.from('{"name": "Surrogat '), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from(' test"}')]),
  ];
  for (const body of bodies) {
    assertError(await raw(admin, 'POST', '/api/v1/functions', body), 400, 'bad_json');
  }
  assert.deepEqual(await list('functions'), beforeList);
});

test('a lone surrogate or NUL escape in a JSON string gets 400 and nothing is written', async () => {
  const beforeList = await list('functions');
  for (const body of ['{"name": "Halv \\ud800 test"}', '{"name": "Nul \\u0000 test"}']) {
    const r = await raw(admin, 'POST', '/api/v1/functions', body);
    assert.equal(r.status, 400, `${body}: ${r.status} ${r.text}`);
    assert.ok(['bad_json', 'invalid'].includes(r.body?.error?.code), r.text);
  }
  assert.deepEqual(await list('functions'), beforeList);
});

test('deeply nested JSON gets 400 and the server keeps answering', async () => {
  const body = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
  const r = await raw(admin, 'POST', '/api/v1/functions', body);
  assert.equal(r.status, 400, r.text.slice(0, 200));
  assert.equal((await fetch(`${server.url}/healthz`)).status, 200);
});

test('a body that is not application/json gets 415 unsupported_media_type and nothing is written', async () => {
  const beforeList = await list('functions');
  assertError(await raw(admin, 'POST', '/api/v1/functions', '{"name": "Text test"}', 'text/plain'),
    415, 'unsupported_media_type');
  assertError(await raw(admin, 'POST', '/api/v1/functions', 'name=Formul%C3%A4r+test',
    'application/x-www-form-urlencoded'), 415, 'unsupported_media_type');
  assert.deepEqual(await list('functions'), beforeList);
});

test('application/json with a charset parameter is accepted', async () => {
  const r = await raw(admin, 'POST', '/api/v1/functions', '{"name": "Teckenuppsättning test"}',
    'application/json; charset=utf-8');
  assert.equal(r.status, 201, r.text);
});

// --- fields -------------------------------------------------------------------

test('a wrong type ("active": "yes") gets 400 invalid naming the field and nothing changes', async () => {
  const users = (await admin.json('GET', '/api/v1/users')).body.users;
  const target = users.find((u) => u.email === demoUsers.kurator.email);
  assertError(await admin.json('PATCH', `/api/v1/users/${target.id}`, { active: 'yes' }), 400, 'invalid', 'active');
  assertError(await admin.json('PATCH', `/api/v1/users/${target.id}`, { active: 1 }), 400, 'invalid', 'active');
  assertError(await admin.json('PATCH', `/api/v1/users/${target.id}`, { name: 'Ny Testsson', active: 'no' }),
    400, 'invalid', 'active');
  assertError(await admin.json('PATCH', `/api/v1/users/${target.id}`, { unit_id: String(target.unit_id ?? 1) }),
    400, 'invalid', 'unit_id');
  assert.deepEqual((await admin.json('GET', `/api/v1/users/${target.id}`)).body.user, target);
});

test('a number where a string belongs gets 400 invalid naming the field', async () => {
  const beforeList = await list('functions');
  assertError(await admin.json('POST', '/api/v1/functions', { name: 5 }), 400, 'invalid', 'name');
  assertError(await admin.json('POST', '/api/v1/functions', { name: ['Lista'] }), 400, 'invalid', 'name');
  assertError(await admin.json('POST', '/api/v1/functions', { name: null }), 400, 'invalid', 'name');
  assert.deepEqual(await list('functions'), beforeList);
});

test('a string or fraction where an id belongs gets 400 invalid naming the field', async () => {
  const sectors = await list('sectors');
  const beforeList = await list('units');
  assertError(await admin.json('POST', '/api/v1/units', { name: 'Strängid test', sector_id: String(sectors[0].id) }),
    400, 'invalid', 'sector_id');
  assertError(await admin.json('POST', '/api/v1/units', { name: 'Bråkid test', sector_id: sectors[0].id + 0.5 }),
    400, 'invalid', 'sector_id');
  assert.deepEqual(await list('units'), beforeList);
});

test('an integer too large for 64 bits gets 400 and nothing is written', async () => {
  const beforeList = await list('units');
  const r = await raw(admin, 'POST', '/api/v1/units', '{"name": "Jättetal test", "sector_id": 99999999999999999999999}');
  assert.equal(r.status, 400, r.text);
  assert.ok(['bad_json', 'invalid'].includes(r.body?.error?.code), r.text);
  assert.deepEqual(await list('units'), beforeList);
});

test('an unknown field gets 400 unknown_field naming the field and nothing is written', async () => {
  const beforeList = await list('functions');
  assertError(await admin.json('POST', '/api/v1/functions', { name: 'Okänt fält test', colour: 'red' }),
    400, 'unknown_field', 'colour');
  assert.deepEqual(await list('functions'), beforeList);
});

test('fields a PATCH does not take (id, created_at, password) get 400 unknown_field', async () => {
  const users = (await admin.json('GET', '/api/v1/users')).body.users;
  const target = users.find((u) => u.email === demoUsers.social.email);
  assertError(await admin.json('PATCH', `/api/v1/users/${target.id}`, { id: 999 }), 400, 'unknown_field', 'id');
  assertError(await admin.json('PATCH', `/api/v1/users/${target.id}`, { created_at: '2000-01-01T00:00:00Z' }),
    400, 'unknown_field', 'created_at');
  assertError(await admin.json('PATCH', `/api/v1/users/${target.id}`, { name: 'Kapad Testsson', password: 'Smygbytt-lösenord-1' }),
    400, 'unknown_field', 'password');
  assert.deepEqual((await admin.json('GET', `/api/v1/users/${target.id}`)).body.user, target);
  const s = await new Client(server.url).json('POST', '/api/v1/session',
    { email: demoUsers.social.email, password: demoUsers.social.password });
  assert.equal(s.status, 200, 'the password did not change');
});

test('an over-long name (10,000 characters) gets 400 invalid naming the field and no user is created', async () => {
  const beforeList = (await admin.json('GET', '/api/v1/users')).body.users;
  const r = await admin.json('POST', '/api/v1/users', {
    name: 'T'.repeat(10_000), email: 'lang.testsson@demoby.example', role: 'staff', password: 'Långt-namn-lösenord-1',
  });
  assertError(r, 400, 'invalid', 'name');
  assert.ok(r.text.length < 2000, 'the error does not echo the input');
  assert.deepEqual((await admin.json('GET', '/api/v1/users')).body.users, beforeList);
});

test('an over-long e-mail address or organisation name gets 400 invalid', async () => {
  const users = (await admin.json('GET', '/api/v1/users')).body.users;
  const fns = await list('functions');
  assertError(await admin.json('POST', '/api/v1/users', {
    name: 'Lång Testsson', email: `${'a'.repeat(10_000)}@demoby.example`, role: 'staff', password: 'Lång-adress-lösenord-1',
  }), 400, 'invalid', 'email');
  assertError(await admin.json('POST', '/api/v1/functions', { name: 'F'.repeat(10_000) }), 400, 'invalid', 'name');
  assert.deepEqual((await admin.json('GET', '/api/v1/users')).body.users, users);
  assert.deepEqual(await list('functions'), fns);
});

test('a login body without a password gets 400 invalid', async () => {
  const r = await new Client(server.url).json('POST', '/api/v1/session', { email: demoUsers.admin.email });
  assertError(r, 400, 'invalid', 'password');
});

test('a non-numeric, negative or overflowing id in the path is 404 or 400, never 500', async () => {
  for (const id of ['abc', '-1', '0', '1.5', '01', '+1', '99999999999999999999999', '1;DROP', '1%2f']) {
    const r = await admin.json('GET', `/api/v1/users/${id}`);
    assert.ok([400, 404].includes(r.status), `/api/v1/users/${id}: ${r.status} ${r.text}`);
    assert.ok(r.body?.error, r.text);
  }
});

// --- CSRF -----------------------------------------------------------------------

test('a cookie-authenticated POST without the CSRF token gets 403 csrf and nothing is written', async () => {
  const beforeList = await list('functions');
  const r = await admin.json('POST', '/api/v1/functions', { name: 'Utan csrf test' }, { csrf: false });
  assertError(r, 403, 'csrf');
  assert.deepEqual(await list('functions'), beforeList);
});

test('a cookie-authenticated PATCH or DELETE without the CSRF token gets 403 csrf', async () => {
  const fns = await list('functions');
  assertError(await admin.json('PATCH', `/api/v1/functions/${fns[0].id}`, { active: false }, { csrf: false }), 403, 'csrf');
  assertError(await admin.json('DELETE', '/api/v1/session', undefined, { csrf: false }), 403, 'csrf');
  assert.equal((await admin.json('GET', '/api/v1/session')).status, 200, 'the session was not ended');
  assert.deepEqual(await list('functions'), fns);
});

test('a wrong CSRF token, or another session\'s, gets 403 csrf', async () => {
  const beforeList = await list('functions');
  assertError(await admin.json('POST', '/api/v1/functions', { name: 'Fel csrf test' },
    { headers: { 'x-csrf-token': 'x'.repeat(43) } }), 403, 'csrf');
  const other = await login(server.url, demoUsers.admin);
  assertError(await admin.json('POST', '/api/v1/functions', { name: 'Annans csrf test' },
    { headers: { 'x-csrf-token': other.csrf } }), 403, 'csrf');
  assert.deepEqual(await list('functions'), beforeList);
});

test('with a bearer token no CSRF token is needed', async () => {
  const t = await admin.json('POST', `/api/v1/users/${admin.user.id}/tokens`, { name: 'Utan csrf' });
  assert.equal(t.status, 201, t.text);
  const c = new Client(server.url);
  const r = await c.json('POST', '/api/v1/functions', { name: 'Bärartoken test' },
    { headers: { authorization: `Bearer ${t.body.secret}` } });
  assert.equal(r.status, 201, r.text);
  assert.ok((await list('functions')).some((f) => f.name === 'Bärartoken test'));
});

// --- credentials ----------------------------------------------------------------

test('a wrong password gets 401 with the same message for an existing and a non-existing e-mail', async () => {
  const anon = new Client(server.url);
  const existing = await anon.json('POST', '/api/v1/session', { email: demoUsers.kurator.email, password: 'fel-lösenord-123' });
  const missing = await anon.json('POST', '/api/v1/session', { email: 'ingen.testsson@demoby.example', password: 'fel-lösenord-123' });
  assertError(existing, 401, 'bad_credentials');
  assertError(missing, 401, 'bad_credentials');
  assert.equal(existing.body.error.message, missing.body.error.message);
  assert.deepEqual(existing.body, missing.body, 'the whole error is the same');
  assert.equal(existing.headers.get('set-cookie'), null, 'no cookie on a failed login');
  assert.ok(!existing.text.includes(demoUsers.kurator.email), 'no personal data in the message');
  assert.equal(anon.sessionCookie(), undefined);
});

test('an expired session (idle longer than SAMSYN_SESSION_IDLE) gets 401', async () => {
  const s = await startServer({ env: { SAMSYN_SESSION_IDLE: '1' } });
  try {
    const c = await login(s.url, demoUsers.kurator);
    assert.equal((await c.json('GET', '/api/v1/session')).status, 200);
    await sleep(2500);
    assertError(await c.json('GET', '/api/v1/session'), 401, 'unauthenticated');
    // And it stays ended: a state change with the right CSRF token is refused too.
    const r = await c.json('POST', '/api/v1/session/password',
      { current_password: demoUsers.kurator.password, new_password: 'Efter-utgång-lösenord-1' });
    assertError(r, 401, 'unauthenticated');
  } finally {
    await s.stop();
  }
});

test('throttling: after SAMSYN_LOGIN_MAX_FAILURES wrong passwords even the right one gets 429, another account still logs in', async () => {
  const s = await startServer({ env: { SAMSYN_LOGIN_MAX_FAILURES: '3', SAMSYN_LOGIN_WINDOW: '2' } });
  try {
    const anon = new Client(s.url);
    for (let i = 0; i < 3; i++) {
      const r = await anon.json('POST', '/api/v1/session', { email: demoUsers.kurator.email, password: `fel-lösenord-${i}` });
      assertError(r, 401, 'bad_credentials');
    }
    const locked = await anon.json('POST', '/api/v1/session', demoUsers.kurator);
    assertError(locked, 429, 'too_many_attempts');
    assert.equal(anon.sessionCookie(), undefined, 'no session while throttled');
    const wrongAgain = await anon.json('POST', '/api/v1/session', { email: demoUsers.kurator.email, password: 'fel-igen-123' });
    assertError(wrongAgain, 429, 'too_many_attempts');

    await login(s.url, demoUsers.social);

    // The window passes and the account may log in again.
    await sleep(3000);
    await login(s.url, demoUsers.kurator);
  } finally {
    await s.stop();
  }
});
