// Session API: login, the session cookie, GET/DELETE /api/v1/session,
// changing one's own password, the absolute session limit.
// Contract: docs/API.md "Authentication" and "Session".

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, demoUsers } from '../lib/server.mjs';
import { login, startWithLogins, errorAsserter, sleep } from '../lib/api.mjs';

const assertError = errorAsserter({ message: 'non-empty' });

let server;
let admin;

let seq = 0;
/** Create a fresh staff user through the admin API; returns {id, email, password}. */
async function newUser(role = 'staff') {
  seq += 1;
  const email = `test.testsson.session${seq}@demoby.example`;
  const password = `Sessionstest-lösen-${seq}-abc`;
  const r = await admin.json('POST', '/api/v1/users', {
    name: `Test Testsson ${seq}`, email, role, password,
  });
  assert.equal(r.status, 201, r.text);
  return { id: r.body.user.id, email, password };
}

before(async () => {
  ({ server, admin } = await startWithLogins(['admin']));
});

after(() => server?.stop());

test('login returns the user and a CSRF token', async () => {
  const c = new Client(server.url);
  const r = await c.json('POST', '/api/v1/session', {
    email: demoUsers.kurator.email, password: demoUsers.kurator.password,
  });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.user.email, demoUsers.kurator.email);
  assert.equal(r.body.user.role, 'staff');
  assert.equal(r.body.user.active, true);
  assert.equal(typeof r.body.user.id, 'number');
  assert.equal(typeof r.body.csrf_token, 'string');
  assert.ok(r.body.csrf_token.length >= 16, 'CSRF token is long enough to be unguessable');
  assert.ok(!('password' in r.body.user) && !('password_hash' in r.body.user));
  assert.ok(!r.text.includes(demoUsers.kurator.password), 'the password is not echoed');
});

test('login sets an HttpOnly SameSite=Strict session cookie named samsyn with Path=/', async () => {
  const r = await fetch(`${server.url}/api/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: demoUsers.social.email, password: demoUsers.social.password }),
  });
  assert.equal(r.status, 200);
  const cookies = r.headers.getSetCookie();
  const sess = cookies.find((c) => /^samsyn=/.test(c));
  assert.ok(sess, `a samsyn= cookie is set (tls off): ${cookies.join(' | ')}`);
  assert.match(sess, /;\s*HttpOnly/i);
  assert.match(sess, /;\s*SameSite=Strict/i);
  assert.match(sess, /;\s*Path=\/(;|$)/i);
  assert.ok(!/^samsyn=;|^samsyn=$/.test(sess), 'the cookie has a value');
  const value = sess.split(';')[0].slice('samsyn='.length);
  assert.ok(value.length >= 20, 'session id is long enough to be unguessable');
});

test('GET /api/v1/session with the cookie returns the user and a CSRF token', async () => {
  const c = await login(server.url, demoUsers.auditor);
  const r = await c.json('GET', '/api/v1/session');
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.user.email, demoUsers.auditor.email);
  assert.equal(r.body.user.role, 'auditor');
  assert.equal(r.body.user.id, c.user.id);
  assert.equal(typeof r.body.csrf_token, 'string');
  assert.ok(r.body.csrf_token.length > 0);
});

test('GET /api/v1/session without a cookie is 401 unauthenticated', async () => {
  const c = new Client(server.url);
  const r = await c.json('GET', '/api/v1/session');
  assertError(r, 401, 'unauthenticated');
});

test('GET /api/v1/session with a made-up cookie is 401 unauthenticated', async () => {
  const c = new Client(server.url);
  c.setCookie('samsyn', 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
  const r = await c.json('GET', '/api/v1/session');
  assertError(r, 401, 'unauthenticated');
});

test('GET /api/v1/session with a bearer token returns the user and csrf_token null', async () => {
  const u = await newUser();
  const t = await admin.json('POST', `/api/v1/users/${u.id}/tokens`, { name: 'sessionstest' });
  assert.equal(t.status, 201, t.text);
  const c = new Client(server.url);
  const r = await c.json('GET', '/api/v1/session', undefined, {
    headers: { authorization: `Bearer ${t.body.secret}` },
  });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.user.id, u.id);
  assert.equal(r.body.csrf_token, null);
});

test('DELETE /api/v1/session logs out: 204 and the cookie no longer works', async () => {
  const c = await login(server.url, demoUsers.kurator);
  const cookie = c.sessionCookie();
  const r = await c.json('DELETE', '/api/v1/session');
  assert.equal(r.status, 204, r.text);
  assert.equal(r.text, '', '204 has no body');
  // Even if the client kept the old cookie, the server has ended the session.
  const again = new Client(server.url);
  again.setCookie('samsyn', cookie);
  const g = await again.json('GET', '/api/v1/session');
  assertError(g, 401, 'unauthenticated');
});

test('logout of one session leaves the user\'s other sessions alone', async () => {
  const a = await login(server.url, demoUsers.social);
  const b = await login(server.url, demoUsers.social);
  assert.equal((await a.json('DELETE', '/api/v1/session')).status, 204);
  const r = await b.json('GET', '/api/v1/session');
  assert.equal(r.status, 200, r.text);
});

test('DELETE /api/v1/session without a session is 401', async () => {
  const c = new Client(server.url);
  const r = await c.json('DELETE', '/api/v1/session');
  assertError(r, 401, 'unauthenticated');
});

test('changing one\'s own password: 204, the old password stops working, the new one works', async () => {
  const u = await newUser();
  const c = await login(server.url, u);
  const other = await login(server.url, u);
  const newPassword = 'Ett-helt-nytt-lösenord-42';
  const r = await c.json('POST', '/api/v1/session/password', {
    current_password: u.password, new_password: newPassword,
  });
  assert.equal(r.status, 204, r.text);

  const old = await new Client(server.url).json('POST', '/api/v1/session',
    { email: u.email, password: u.password });
  assertError(old, 401, 'bad_credentials');
  await login(server.url, { email: u.email, password: newPassword });

  // The session that made the change goes on; the user's other sessions end.
  assert.equal((await c.json('GET', '/api/v1/session')).status, 200);
  assertError(await other.json('GET', '/api/v1/session'), 401, 'unauthenticated');
});

test('changing one\'s own password needs the right current password', async () => {
  const u = await newUser();
  const c = await login(server.url, u);
  const r = await c.json('POST', '/api/v1/session/password', {
    current_password: 'inte-det-rätta-lösenordet', new_password: 'Ett-annat-nytt-lösenord-1',
  });
  assert.ok(r.status >= 400 && r.status < 500, `4xx expected, got ${r.status}: ${r.text}`);
  assert.ok(r.body && r.body.error, r.text);
  // Nothing changed: the old password still works, the proposed one does not.
  await login(server.url, u);
  const n = await new Client(server.url).json('POST', '/api/v1/session',
    { email: u.email, password: 'Ett-annat-nytt-lösenord-1' });
  assertError(n, 401, 'bad_credentials');
});

test('a new password shorter than 12 characters is 400 invalid new_password', async () => {
  const u = await newUser();
  const c = await login(server.url, u);
  const r = await c.json('POST', '/api/v1/session/password', {
    current_password: u.password, new_password: 'kort-11tkn',
  });
  assertError(r, 400, 'invalid', 'new_password');
  await login(server.url, u);
});

test('changing the password with a cookie but without the CSRF token is 403 csrf', async () => {
  const u = await newUser();
  const c = await login(server.url, u);
  const r = await c.json('POST', '/api/v1/session/password', {
    current_password: u.password, new_password: 'Utan-csrf-token-lösenord',
  }, { csrf: false });
  assertError(r, 403, 'csrf');
  await login(server.url, u);
});

test('with SAMSYN_TLS=1 the session cookie is __Host-samsyn, Secure, without Domain', async () => {
  const s = await startServer({ env: { SAMSYN_TLS: '1' } });
  try {
    const r = await fetch(`${s.url}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: demoUsers.social.email, password: demoUsers.social.password }),
    });
    assert.equal(r.status, 200);
    const cookies = r.headers.getSetCookie();
    const sess = cookies.find((c) => /^__Host-samsyn=/.test(c));
    assert.ok(sess, `a __Host-samsyn= cookie is set: ${cookies.join(' | ')}`);
    assert.ok(!cookies.some((c) => /^samsyn=/.test(c)), 'no plain samsyn cookie');
    assert.match(sess, /;\s*Secure/i);
    assert.match(sess, /;\s*HttpOnly/i);
    assert.match(sess, /;\s*SameSite=Strict/i);
    assert.match(sess, /;\s*Path=\/(;|$)/i);
    assert.doesNotMatch(sess, /;\s*Domain=/i);
    // The harness keeps the Secure cookie over plain http, standing in for the TLS proxy.
    const c = await login(s.url, demoUsers.social);
    assert.equal((await c.json('GET', '/api/v1/session')).status, 200);
  } finally {
    await s.stop();
  }
});

test('a session ends at SAMSYN_SESSION_MAX after login even while it is in use', async () => {
  const s = await startServer({ env: { SAMSYN_SESSION_MAX: '3' } });
  try {
    const c = await login(s.url, demoUsers.kurator);
    assert.equal((await c.json('GET', '/api/v1/session')).status, 200);
    await sleep(1000);
    assert.equal((await c.json('GET', '/api/v1/session')).status, 200,
      'still valid in the middle of its life');
    await sleep(3500);
    assertError(await c.json('GET', '/api/v1/session'), 401, 'unauthenticated');
  } finally {
    await s.stop();
  }
});
