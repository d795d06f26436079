// HTTP-level behaviour: security headers on every response, the request log,
// routing (404/405), /healthz, static files and path traversal, and the
// limits on headers, bodies and slow clients.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { startServer, Client, demoUsers, repoRoot } from '../lib/server.mjs';
import { login, startWithLogins, errorAsserter, sleep } from '../lib/api.mjs';

const assertError = errorAsserter();

let server;
let admin;

/** CSP header → { directive: [sources] }. */
function parseCsp(value) {
  const out = {};
  for (const part of (value ?? '').split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) out[name.toLowerCase()] = sources;
  }
  return out;
}

function assertSecurityHeaders(what, headers, { noStore }) {
  const cspValue = headers.get('content-security-policy');
  assert.ok(cspValue, `${what}: Content-Security-Policy is set`);
  const csp = parseCsp(cspValue);
  assert.ok(csp['default-src']?.includes("'self'"), `${what}: default-src 'self' in ${cspValue}`);
  assert.deepEqual(csp['frame-ancestors'], ["'none'"], `${what}: frame-ancestors 'none' in ${cspValue}`);
  const scriptSrc = csp['script-src'] ?? csp['default-src'];
  assert.ok(!scriptSrc.includes("'unsafe-inline'"), `${what}: no 'unsafe-inline' for scripts in ${cspValue}`);
  assert.equal(headers.get('x-content-type-options'), 'nosniff', `${what}: X-Content-Type-Options`);
  assert.equal(headers.get('referrer-policy'), 'no-referrer', `${what}: Referrer-Policy`);
  if (noStore) {
    assert.match(headers.get('cache-control') ?? '', /\bno-store\b/, `${what}: Cache-Control no-store`);
  }
}

/** GET with node's http module so that the path goes out exactly as written. */
function rawGet(port, rawPath) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: rawPath, method: 'GET', agent: false }, (res) => {
      const chunks = [];
      res.on('data', (d) => chunks.push(d));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** Decode a chunked body (as far as it arrived). */
function dechunk(text) {
  let out = '';
  let rest = text;
  for (;;) {
    const nl = rest.indexOf('\r\n');
    if (nl < 0) break;
    const n = parseInt(rest.slice(0, nl), 16);
    if (!Number.isFinite(n) || n === 0) break;
    out += rest.slice(nl + 2, nl + 2 + n);
    rest = rest.slice(nl + 2 + n + 2);
  }
  return out;
}

/**
 * Write `chunks` to a fresh TCP connection and collect the response.
 * Resolves with { status, head, body, why, ms } once a complete response
 * arrived, the server closed the connection, or `timeout` ms passed.
 */
function exchange(port, chunks, { timeout = 5000, waitForClose = false } = {}) {
  return new Promise((resolve) => {
    const t0 = Date.now();
    const sock = net.connect(port, '127.0.0.1');
    let data = Buffer.alloc(0);
    let done = false;
    let writeError = null;
    const finish = (why) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      sock.destroy();
      const text = data.toString('latin1');
      const end = text.indexOf('\r\n\r\n');
      const head = end >= 0 ? text.slice(0, end) : text;
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(text);
      let body = end >= 0 ? data.subarray(end + 4).toString('utf8') : '';
      if (/\r\ntransfer-encoding:\s*chunked/i.test(head)) body = dechunk(body);
      resolve({
        status: m ? Number(m[1]) : null,
        head,
        body,
        why,
        writeError,
        ms: Date.now() - t0,
      });
    };
    const complete = () => {
      const text = data.toString('latin1');
      const end = text.indexOf('\r\n\r\n');
      if (end < 0) return false;
      const head = text.slice(0, end);
      if (/^HTTP\/1\.1 100 /.test(head)) return false;
      const cl = /\r\ncontent-length:\s*(\d+)/i.exec(head);
      if (cl) return data.length - (end + 4) >= Number(cl[1]);
      if (/\r\ntransfer-encoding:\s*chunked/i.test(head)) return text.endsWith('0\r\n\r\n');
      return false;
    };
    sock.on('connect', () => {
      for (const c of chunks) sock.write(c, (err) => { if (err) writeError = err.code; });
    });
    sock.on('data', (d) => {
      data = Buffer.concat([data, d]);
      if (!waitForClose && complete()) finish('response');
    });
    sock.on('error', (e) => { writeError = writeError ?? e.code; finish(`error ${e.code}`); });
    sock.on('close', () => finish('closed'));
    const timer = setTimeout(() => finish('timeout'), timeout);
  });
}

before(async () => {
  ({ server, admin } = await startWithLogins(['admin']));
});

after(() => server?.stop());

// --- security headers -------------------------------------------------------

test('every API response carries the security headers and Cache-Control no-store', async () => {
  const anon = new Client(server.url);
  const responses = [
    ['GET /api/v1/users (200)', await admin.json('GET', '/api/v1/users')],
    ['GET /api/v1/session without a session (401)', await anon.json('GET', '/api/v1/session')],
    ['POST /api/v1/session wrong password (401)', await anon.json('POST', '/api/v1/session',
      { email: 'ingen.testsson@demoby.example', password: 'fel-lösenord-123' })],
    ['POST /api/v1/functions (201)', await admin.json('POST', '/api/v1/functions', { name: 'Rubriktest' })],
    ['GET /api/v1/no-such-thing (404)', await admin.json('GET', '/api/v1/no-such-thing')],
    ['PUT /api/v1/sectors (405)', await admin.json('PUT', '/api/v1/sectors', {})],
    ['POST /api/v1/functions bad json (400)', await admin.request('POST', '/api/v1/functions',
      { headers: { 'content-type': 'application/json' }, body: '{' })],
    ['DELETE /api/v1/session (204)', await (await login(server.url, demoUsers.social)).json('DELETE', '/api/v1/session')],
  ];
  for (const [what, r] of responses) {
    assertSecurityHeaders(what, r.headers, { noStore: true });
    if (r.status !== 204) {
      assert.match(r.headers.get('content-type') ?? '', /^application\/json\b/, `${what}: JSON content type`);
    }
  }
});

test('/healthz and 404s outside the API carry the security headers', async () => {
  const h = await fetch(`${server.url}/healthz`);
  assertSecurityHeaders('/healthz', h.headers, { noStore: false });
  const n = await fetch(`${server.url}/no-such-page`, { redirect: 'manual' });
  assert.equal(n.status, 404);
  assertSecurityHeaders('/no-such-page', n.headers, { noStore: /html/.test(n.headers.get('content-type') ?? '') });
  const s = await fetch(`${server.url}/static/no-such-file.css`, { redirect: 'manual' });
  assert.equal(s.status, 404);
  assertSecurityHeaders('/static/no-such-file.css', s.headers, { noStore: false });
});

test('HTML pages carry the security headers and Cache-Control no-store', async () => {
  const first = await fetch(`${server.url}/`, { redirect: 'manual' });
  assertSecurityHeaders('/', first.headers, { noStore: /html/.test(first.headers.get('content-type') ?? '') });
  const page = await fetch(`${server.url}/`, { redirect: 'follow' });
  assert.equal(page.status, 200, 'the start page (or where it leads) answers');
  assert.match(page.headers.get('content-type') ?? '', /^text\/html\b/);
  assertSecurityHeaders(`HTML page ${page.url}`, page.headers, { noStore: true });
});

// --- request log --------------------------------------------------------------

async function waitForLog(pred, ms = 2000) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (server.logs().some(pred)) return true;
    await sleep(25);
  }
  return server.logs().some(pred);
}

test('each request is logged with method, path without query, status, microseconds and user id', async () => {
  const r = await admin.json('GET', '/api/v1/users?q=secretvalue');
  const line = new RegExp(`\\bGET /api/v1/users ${r.status}\\b.*\\b\\d+\\s?us\\b.*\\buser=${admin.user.id}\\b`);
  assert.ok(await waitForLog((l) => line.test(l)), `a log line like "GET /api/v1/users ${r.status} 1234us user=${admin.user.id}":\n${server.logs().slice(-10).join('\n')}`);
  assert.ok(!server.logs().some((l) => l.includes('secretvalue')), 'the query string is not logged');
});

test('a request to /healthz and a 404 are logged too', async () => {
  await fetch(`${server.url}/healthz?probe=1`);
  await fetch(`${server.url}/api/v1/nowhere?token=hemligt`);
  assert.ok(await waitForLog((l) => /\bGET \/healthz 200\b/.test(l)), server.logs().slice(-10).join('\n'));
  assert.ok(await waitForLog((l) => /\bGET \/api\/v1\/nowhere 404\b/.test(l)), server.logs().slice(-10).join('\n'));
  assert.ok(!server.logs().some((l) => l.includes('hemligt')));
});

test('no log line holds an e-mail address, a password, a token or a session id', async () => {
  // Make the server see personal data and secrets: failed and good logins, a new user, a token.
  const anon = new Client(server.url);
  await anon.json('POST', '/api/v1/session', { email: demoUsers.kurator.email, password: 'fel-lösenord-456' });
  await anon.json('POST', '/api/v1/session', { email: 'okand.testsson@demoby.example', password: 'fel-lösenord-789' });
  const k = await login(server.url, demoUsers.kurator);
  const u = await admin.json('POST', '/api/v1/users', {
    name: 'Logglös Testsson', email: 'logglos.testsson@demoby.example', role: 'staff', password: 'Loggfritt-lösenord-1',
  });
  assert.equal(u.status, 201, u.text);
  const t = await admin.json('POST', `/api/v1/users/${u.body.user.id}/tokens`, { name: 'Loggtest' });
  assert.equal(t.status, 201, t.text);
  await new Client(server.url).json('GET', '/api/v1/session', undefined,
    { headers: { authorization: `Bearer ${t.body.secret}` } });
  await sleep(200);

  const secrets = [
    ...Object.values(demoUsers).flatMap((d) => [d.email, d.password]),
    'okand.testsson@demoby.example', 'logglos.testsson@demoby.example', 'Loggfritt-lösenord-1',
    'fel-lösenord-456', 'fel-lösenord-789', 'Logglös Testsson',
    t.body.secret, k.sessionCookie(), admin.sessionCookie(), admin.csrf,
  ];
  const logs = server.logs();
  assert.ok(logs.length > 10, 'the server logged the requests');
  for (const s of secrets) {
    const hit = logs.find((l) => l.includes(s));
    assert.equal(hit, undefined, `the log must not contain "${s}"`);
  }
  assert.ok(!logs.some((l) => /@demoby\.example/.test(l)), 'no e-mail address at all');
});

// --- routing and health ---------------------------------------------------------

test('GET /healthz answers 200 {"status":"ok"} without authentication', async () => {
  const r = await new Client(server.url).json('GET', '/healthz');
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.body, { status: 'ok' });
  assert.match(r.headers.get('content-type') ?? '', /^application\/json\b/);
  assert.equal(r.headers.get('set-cookie'), null);
});

test('an unknown route under /api/ is 404 not_found as JSON', async () => {
  for (const p of ['/api/v1/no-such-thing', '/api/v2/users', '/api/v1/users/1/nothing', '/api/']) {
    const r = await admin.json('GET', p);
    assertError(r, 404, 'not_found');
    assert.match(r.headers.get('content-type') ?? '', /^application\/json\b/, p);
  }
});

test('a known path with a wrong method is 405 method_not_allowed', async () => {
  assertError(await admin.json('PUT', '/api/v1/sectors', { name: 'x' }), 405, 'method_not_allowed');
  assertError(await admin.json('DELETE', '/api/v1/sectors/1'), 405, 'method_not_allowed');
  assertError(await admin.json('POST', '/api/v1/users/1', { name: 'x' }), 405, 'method_not_allowed');
  assertError(await admin.json('PATCH', '/api/v1/audit', {}), 405, 'method_not_allowed');
  // /healthz is outside /api/: only the status is asked for there.
  assert.equal((await admin.json('POST', '/healthz', {})).status, 405);
});

test('a 405 names the allowed methods in an Allow header', async () => {
  const r = await admin.json('PUT', '/api/v1/sectors', {});
  assert.equal(r.status, 405);
  const allow = (r.headers.get('allow') ?? '').split(',').map((s) => s.trim().toUpperCase());
  assert.ok(allow.includes('GET') && allow.includes('POST'), `Allow: ${r.headers.get('allow')}`);
});

// --- static files -----------------------------------------------------------------

test('a file under static/ is served with its bytes, a content type and nosniff', async (t) => {
  const dir = path.join(repoRoot, 'static');
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => fs.statSync(path.join(dir, f)).isFile()) : [];
  const file = files.find((f) => /\.(css|js|svg|png|ico|woff2?)$/.test(f));
  if (!file) { t.skip('static/ has no file yet'); return; }
  const r = await rawGet(server.port, `/static/${file}`);
  assert.equal(r.status, 200);
  assert.deepEqual(r.body, fs.readFileSync(path.join(dir, file)));
  assert.ok(r.headers['content-type'], 'has a content type');
  assert.equal(r.headers['x-content-type-options'], 'nosniff');
});

test('path traversal in static file paths is refused with 404 or 400, never file content', async () => {
  const paths = [
    '/static/../../etc/passwd',
    '/static/../../../../../../etc/passwd',
    '/static/%2e%2e/%2e%2e/etc/passwd',
    '/static/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
    '/static/..%2fsamsyn.db',
    '/static/..%2f..%2f..%2f..%2f..%2f..%2fetc%2fpasswd',
    '/static/%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd',
    '/static/%252e%252e/%252e%252e/etc/passwd',
    '/static/....//....//....//etc/passwd',
    '/static/..\\..\\..\\etc\\passwd',
    '/static//etc/passwd',
    '/static/%2fetc%2fpasswd',
    '/static/.%2e/.%2e/.%2e/.%2e/etc/passwd',
    '/static/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd',
    '/static/x%00.css',
    '/../../../../etc/passwd',
    '/static/../src/main.c',
    '/static/..%2fsrc%2fmain.c',
  ];
  for (const p of paths) {
    const r = await rawGet(server.port, p);
    assert.ok([400, 404].includes(r.status), `${p}: status ${r.status}`);
    const text = r.body.toString('latin1');
    assert.ok(!text.includes('root:'), `${p}: no /etc/passwd`);
    assert.ok(!text.startsWith('SQLite format'), `${p}: no database`);
    assert.ok(!text.includes('#include'), `${p}: no source file`);
  }
  assert.equal((await fetch(`${server.url}/healthz`)).status, 200);
});

test('a NUL byte (%00) in the path never matches a route, a record or a file', async () => {
  const paths = ['/api/v1/users/1%00', '/api/v1/users/1%00abc', '/api/v1/sectors%00', '/healthz%00'];
  const dir = path.join(repoRoot, 'static');
  const file = fs.existsSync(dir) ? fs.readdirSync(dir).find((f) => /\.css$/.test(f)) : undefined;
  if (file) paths.push(`/static/${file}%00.txt`, `/static/${file}%00`);
  for (const p of paths) {
    const r = await admin.request('GET', p);
    assert.ok([400, 404].includes(r.status), `${p}: ${r.status} ${r.text.slice(0, 120)}`);
  }
});

// --- limits -------------------------------------------------------------------------

test('a request with a 200 KB header gets a 4xx and the server still answers /healthz', async () => {
  const big = 'a'.repeat(200 * 1024);
  const r = await exchange(server.port, [
    `GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ${big}\r\nConnection: close\r\n\r\n`,
  ]);
  assert.ok(r.status !== null, `a response status line (got ${r.why}, write error ${r.writeError})`);
  assert.ok(r.status >= 400 && r.status < 500 && [400, 413, 431].includes(r.status), `status ${r.status}`);
  const h = await fetch(`${server.url}/healthz`);
  assert.equal(h.status, 200);
});

test('many headers totalling 200 KB get a 4xx and the server still answers', async () => {
  let headers = '';
  for (let i = 0; i < 2000; i++) headers += `X-H${i}: ${'b'.repeat(100)}\r\n`;
  const r = await exchange(server.port, [`GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n${headers}Connection: close\r\n\r\n`]);
  assert.ok(r.status !== null, `a response status line (got ${r.why})`);
  assert.ok([400, 413, 431].includes(r.status), `status ${r.status}`);
  assert.equal((await fetch(`${server.url}/healthz`)).status, 200);
});

test('a 100 KB URL gets a 4xx and the server still answers', async () => {
  const r = await exchange(server.port, [`GET /healthz?${'c'.repeat(100 * 1024)} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`]);
  assert.ok(r.status !== null, `a response status line (got ${r.why})`);
  assert.ok([400, 413, 414, 431].includes(r.status), `status ${r.status}`);
  assert.equal((await fetch(`${server.url}/healthz`)).status, 200);
});

test('a request that is not HTTP gets 400 or a closed connection, and the server still answers', async () => {
  const r = await exchange(server.port, ['\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03garbage\r\n\r\n'], { timeout: 4000 });
  assert.ok(r.status === null || r.status === 400, `status ${r.status} (${r.why})`);
  assert.notEqual(r.why, 'timeout', 'the connection is not left hanging');
  assert.equal((await fetch(`${server.url}/healthz`)).status, 200);
});

test('huge body: Content-Length over SAMSYN_MAX_BODY gets 413 before the body is sent', async () => {
  const s = await startServer({ env: { SAMSYN_MAX_BODY: '1024' } });
  try {
    // Only the headers go out; the 413 must come without waiting for 50 MB.
    const r = await exchange(s.port, [
      'POST /api/v1/session HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n' +
      'Content-Length: 50000000\r\n\r\n',
    ], { timeout: 5000 });
    assert.equal(r.status, 413, `413 expected, got ${r.status} (${r.why}) after ${r.ms} ms`);
    assert.ok(r.ms < 4000, `answered at once (${r.ms} ms)`);
    if (r.body) assert.equal(JSON.parse(r.body).error.code, 'too_large');

    // With Expect: 100-continue the client gets the 413 instead of a 100.
    const e = await exchange(s.port, [
      'POST /api/v1/session HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n' +
      'Content-Length: 50000000\r\nExpect: 100-continue\r\n\r\n',
    ], { timeout: 5000 });
    assert.equal(e.status, 413, `413 expected, got ${e.status}: ${e.head}`);

    // A body just over the limit, sent in full, is refused too; one under it is fine.
    const c = new Client(s.url);
    const over = await c.json('POST', '/api/v1/session',
      { email: demoUsers.admin.email, password: demoUsers.admin.password, pad: 'x'.repeat(2000) });
    assertError(over, 413, 'too_large');
    assertSecurityHeaders('413', over.headers, { noStore: true });
    const ok = await c.json('POST', '/api/v1/session', { email: demoUsers.admin.email, password: demoUsers.admin.password });
    assert.equal(ok.status, 200, ok.text);

    // A chunked body without Content-Length is cut off at the limit as well.
    const chunk = `{"name": "${'y'.repeat(600)}"}`;
    const hex = Buffer.byteLength(chunk).toString(16);
    const ch = await exchange(s.port, [
      'POST /api/v1/session HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n' +
      'Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n',
      `${hex}\r\n${chunk}\r\n`, `${hex}\r\n${chunk}\r\n`, `${hex}\r\n${chunk}\r\n`, '0\r\n\r\n',
    ], { timeout: 5000 });
    assert.equal(ch.status, 413, `413 expected for a chunked body over the limit, got ${ch.status} (${ch.why})`);

    assert.equal((await fetch(`${s.url}/healthz`)).status, 200);
  } finally {
    await s.stop();
  }
});

test('slow client: a partial request is closed after SAMSYN_CONNECTION_TIMEOUT while other requests succeed', async () => {
  const s = await startServer({ env: { SAMSYN_CONNECTION_TIMEOUT: '2' } });
  try {
    const slow = exchange(s.port, ['GET /healthz HTTP/1.1\r\nHo'], { timeout: 8000, waitForClose: true });
    // A handful more, to show a few slow clients do not starve the server.
    const more = Array.from({ length: 10 }, () =>
      exchange(s.port, ['POST /api/v1/session HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\n{"em'],
        { timeout: 8000, waitForClose: true }));
    for (let i = 0; i < 4; i++) {
      await sleep(300);
      const t0 = Date.now();
      const h = await fetch(`${s.url}/healthz`);
      assert.equal(h.status, 200, 'other requests succeed meanwhile');
      assert.ok(Date.now() - t0 < 1000, 'and promptly');
    }
    const r = await slow;
    assert.equal(r.why === 'closed' || r.why.startsWith('error'), true, `the server closed the slow connection (${r.why})`);
    assert.ok(r.ms < 5500, `closed within ~5 s (after ${r.ms} ms)`);
    assert.ok(r.ms >= 1000, `not closed before the timeout (after ${r.ms} ms)`);
    for (const m of await Promise.all(more)) {
      assert.notEqual(m.why, 'timeout', 'every slow connection is closed');
      assert.ok(m.ms < 5500, `closed within ~5 s (after ${m.ms} ms)`);
    }
    assert.equal((await fetch(`${s.url}/healthz`)).status, 200);
  } finally {
    await s.stop();
  }
});
