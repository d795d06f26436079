// The operator's command line: help, version, user add/disable/passwd, backup,
// migrate, audit verify, and the first-start hint of serve.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  startServer, Client, demoUsers, runCli, backend, newDatabase, dropDatabase, sql,
} from '../lib/server.mjs';
import { login, startWithLogins, tryLogin } from '../lib/api.mjs';

let server;
let admin;
let auditor;
let tmp;

function out(r) {
  return `status ${r.status}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`;
}

let seq = 0;
function userAdd({ role = 'staff', password } = {}) {
  seq += 1;
  const u = {
    email: `cli.testsson${seq}@demoby.example`,
    name: `Cli Testsson ${seq}`,
    role,
    password: password ?? `Kommandorad-lösen-${seq}-qwe`,
  };
  const r = runCli(['user', 'add', '--db', server.dbUrl, '--email', u.email, '--name', u.name,
    '--role', u.role, '--password-stdin'], { input: `${u.password}\n` });
  return { u, r };
}

async function userEmails() {
  const r = await admin.json('GET', '/api/v1/users');
  assert.equal(r.status, 200, r.text);
  return r.body.users.map((u) => u.email).sort();
}

before(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'samsyn-cli-test-'));
  ({ server, admin, auditor } = await startWithLogins(['admin', 'auditor']));
});

after(async () => {
  if (server) await server.stop();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

test('samsyn --help exits 0 and lists the commands', () => {
  const r = runCli(['--help']);
  assert.equal(r.status, 0, out(r));
  const text = r.stdout + r.stderr;
  for (const cmd of ['serve', 'migrate', 'user', 'audit', 'backup', 'demo']) {
    assert.match(text, new RegExp(`\\b${cmd}\\b`), `help mentions ${cmd}`);
  }
});

test('samsyn --version exits 0 and prints a version', () => {
  const r = runCli(['--version']);
  assert.equal(r.status, 0, out(r));
  assert.match(r.stdout, /\d+\.\d+/);
});

test('an unknown command exits non-zero with a message', () => {
  const r = runCli(['no-such-command']);
  assert.notEqual(r.status, 0, out(r));
  assert.ok(r.stderr.trim().length > 0, 'says what is wrong on stderr');
});

test('samsyn user add creates an administrator who can log in through the API', async () => {
  const { u, r } = userAdd({ role: 'admin' });
  assert.equal(r.status, 0, out(r));
  assert.ok(!r.stdout.includes(u.password) && !r.stderr.includes(u.password), 'the password is not printed');
  const s = await tryLogin(server.url, u.email, u.password);
  assert.equal(s.status, 200, s.text);
  assert.equal(s.body.user.role, 'admin');
  assert.equal(s.body.user.name, u.name);
  const c = new Client(server.url);
  await c.json('POST', '/api/v1/session', { email: u.email, password: u.password });
  assert.equal((await c.json('GET', '/api/v1/users')).status, 200, 'the new admin may list users');
});

test('samsyn user add makes a create entry in the access log with channel cli', async () => {
  const { u, r } = userAdd();
  assert.equal(r.status, 0, out(r));
  const id = (await admin.json('GET', '/api/v1/users')).body.users.find((x) => x.email === u.email).id;
  const a = await auditor.json('GET', `/api/v1/audit?subject_type=user&subject_id=${id}&limit=500`);
  assert.equal(a.status, 200, a.text);
  const created = a.body.entries.filter((e) => e.action === 'create');
  assert.equal(created.length, 1, a.text);
  assert.equal(created[0].channel, 'cli');
  assert.equal(created[0].outcome, 'ok');
});

test('samsyn user add with an e-mail address already taken exits non-zero and adds nobody', async () => {
  const beforeList = await userEmails();
  const r = runCli(['user', 'add', '--db', server.dbUrl, '--email', demoUsers.kurator.email,
    '--name', 'Dubbel Testsson', '--role', 'staff', '--password-stdin'], { input: 'Dubblett-lösenord-123\n' });
  assert.notEqual(r.status, 0, out(r));
  assert.ok(r.stderr.trim().length > 0);
  assert.deepEqual(await userEmails(), beforeList);
  assert.equal((await tryLogin(server.url, demoUsers.kurator.email, demoUsers.kurator.password)).status, 200);
});

test('samsyn user add with a password shorter than 12 characters exits non-zero and adds nobody', async () => {
  const beforeList = await userEmails();
  const { r } = userAdd({ password: 'kort-lösen' });
  assert.notEqual(r.status, 0, out(r));
  assert.deepEqual(await userEmails(), beforeList);
});

test('samsyn user add with an unknown role exits non-zero and adds nobody', async () => {
  const beforeList = await userEmails();
  const { r } = userAdd({ role: 'superuser' });
  assert.notEqual(r.status, 0, out(r));
  assert.deepEqual(await userEmails(), beforeList);
});

test('samsyn user disable makes login fail and ends the user\'s session and tokens', async () => {
  const { u, r } = userAdd();
  assert.equal(r.status, 0, out(r));
  const c = await login(server.url, u);
  const t = await admin.json('POST', `/api/v1/users/${c.user.id}/tokens`, { name: 'Före avstängning' });
  assert.equal(t.status, 201, t.text);
  const d = runCli(['user', 'disable', '--db', server.dbUrl, '--email', u.email]);
  assert.equal(d.status, 0, out(d));
  const s = await tryLogin(server.url, u.email, u.password);
  assert.equal(s.status, 401, s.text);
  assert.equal(s.body.error.code, 'bad_credentials');
  assert.equal((await c.json('GET', '/api/v1/session')).status, 401, 'the open session ends');
  const b = await new Client(server.url).json('GET', '/api/v1/session', undefined,
    { headers: { authorization: `Bearer ${t.body.secret}` } });
  assert.equal(b.status, 401, 'the token stops working');
  const listed = (await admin.json('GET', `/api/v1/users/${c.user.id}`)).body.user;
  assert.equal(listed.active, false);
});

test('samsyn user disable of an unknown e-mail address exits non-zero', () => {
  const r = runCli(['user', 'disable', '--db', server.dbUrl, '--email', 'ingen.testsson@demoby.example']);
  assert.notEqual(r.status, 0, out(r));
});

test('samsyn user passwd sets a new password from stdin: the old one stops working', async () => {
  const { u, r } = userAdd();
  assert.equal(r.status, 0, out(r));
  const p = runCli(['user', 'passwd', '--db', server.dbUrl, '--email', u.email, '--password-stdin'],
    { input: 'Bytt-via-kommandoraden-9\n' });
  assert.equal(p.status, 0, out(p));
  assert.equal((await tryLogin(server.url, u.email, u.password)).status, 401);
  assert.equal((await tryLogin(server.url, u.email, 'Bytt-via-kommandoraden-9')).status, 200);
});

test('samsyn user passwd with a too short password exits non-zero and keeps the old one', async () => {
  const { u } = userAdd();
  const p = runCli(['user', 'passwd', '--db', server.dbUrl, '--email', u.email, '--password-stdin'],
    { input: 'kort\n' });
  assert.notEqual(p.status, 0, out(p));
  assert.equal((await tryLogin(server.url, u.email, u.password)).status, 200);
});

// SQLite: samsyn's own online backup. PostgreSQL is backed up with its own
// tools (pg_dump and friends); samsyn says so instead of writing a file.
if (backend === 'sqlite') {
  test('samsyn backup of a live database writes a SQLite file whose log verifies', () => {
    const file = path.join(tmp, 'backup.db');
    const r = runCli(['backup', '--db', server.dbUrl, file]);
    assert.equal(r.status, 0, out(r));
    const head = fs.readFileSync(file).subarray(0, 16).toString('latin1');
    assert.equal(head, 'SQLite format 3\0');
    assert.equal(sql(file, 'PRAGMA integrity_check'), 'ok');
    assert.ok(Number(sql(file, 'SELECT count(*) FROM users')) >= 4, 'the users are in the backup');
    assert.ok(Number(sql(file, 'SELECT count(*) FROM access_log')) >= 1, 'the log is in the backup');
    const v = runCli(['audit', 'verify', '--db', file]);
    assert.equal(v.status, 0, out(v));
  });
} else {
  test('samsyn backup of a PostgreSQL database exits non-zero, says to use its own tools and writes nothing', () => {
    const file = path.join(tmp, 'backup.db');
    const r = runCli(['backup', '--db', server.dbUrl, file]);
    assert.notEqual(r.status, 0, out(r));
    assert.equal(r.signal, null, out(r));
    assert.match(r.stderr, /säkerhetskopieras med sina egna verktyg/, out(r));
    assert.equal(fs.existsSync(file), false, 'no backup file is written');
  });
}

test('samsyn audit verify exits 0 on the intact live database', () => {
  const v = runCli(['audit', 'verify', '--db', server.dbUrl]);
  assert.equal(v.status, 0, out(v));
});

test('samsyn migrate creates a fresh database and is idempotent', () => {
  const db = newDatabase();
  try {
    const r1 = runCli(['migrate', '--db', db]);
    assert.equal(r1.status, 0, out(r1));
    const version = sql(db, 'SELECT max(version) FROM schema_migrations');
    assert.ok(Number(version) >= 1);
    const r2 = runCli(['migrate', '--db', db]);
    assert.equal(r2.status, 0, out(r2));
    assert.equal(sql(db, 'SELECT max(version) FROM schema_migrations'), version);
  } finally {
    dropDatabase(db);
  }
});

test('samsyn migrate refuses a database newer than the binary: non-zero exit with a message', () => {
  const db = newDatabase();
  try {
    assert.equal(runCli(['migrate', '--db', db]).status, 0);
    sql(db, "INSERT INTO schema_migrations(version, name, applied_at) VALUES (9999,'future','2030-01-01T00:00:00Z')");
    const r = runCli(['migrate', '--db', db]);
    assert.notEqual(r.status, 0, out(r));
    assert.ok(r.stderr.trim().length > 0, 'says why on stderr');
    assert.equal(sql(db, 'SELECT count(*) FROM schema_migrations WHERE version=9999'), '1');
  } finally {
    dropDatabase(db);
  }
});

test('samsyn serve on a database without users prints a hint to run samsyn user add', async () => {
  const s = await startServer({ demo: false });
  try {
    const deadline = Date.now() + 3000;
    while (!s.logs().some((l) => /user add/.test(l)) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.ok(s.logs().some((l) => /samsyn user add/.test(l)), s.logs().join('\n'));
    const h = await fetch(`${s.url}/healthz`);
    assert.equal(h.status, 200);
  } finally {
    await s.stop();
  }
});

test('an unreachable PostgreSQL server or a malformed URL gets a clear message and a non-zero exit', () => {
  const gone = runCli(['migrate', '--db', 'postgresql://samsyn@/samsyn?host=/nonexistent-socket-dir&connect_timeout=2']);
  assert.notEqual(gone.status, 0);
  assert.equal(gone.signal ?? null, null);
  assert.match(gone.stderr, /PostgreSQL går inte att nå/);
  const bad = runCli(['serve', '--db', 'postgresql://%zz@/x', '--listen', '127.0.0.1:0']);
  assert.notEqual(bad.status, 0);
  assert.match(bad.stderr, /PostgreSQL/);
  const port = runCli(['serve', '--db', 'sqlite:/nonexistent-dir/x.db', '--listen', '127.0.0.1:0']);
  assert.notEqual(port.status, 0);
  assert.match(port.stderr, /Databasfilen går inte att öppna/);
});
