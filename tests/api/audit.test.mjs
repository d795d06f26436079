// The access log (logg): entries for reads, writes, logins and denials, the
// auditor's filters and paging, and the hash chain (verify, tamper detection).
// Contract: docs/API.md "Access log"; the chain's columns are described in the
// issue (id, at, user_id, unit_id, action, subject_type, subject_id,
// record_type, record_id, purpose, outcome, channel, prev_hash, hash).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  Client, demoUsers, runCli, startServer, copyDatabase, dropDatabase, dropLogTriggers, sql,
} from '../lib/server.mjs';
import { login, startWithLogins, errorAsserter, ISO_UTC } from '../lib/api.mjs';

const assertError = errorAsserter();

let server;
let admin;
let auditor;
let kurator;

const ENTRY_KEYS = ['action', 'at', 'channel', 'flag', 'id', 'outcome', 'purpose', 'record_id',
  'record_type', 'subject_id', 'subject_type', 'unit_id', 'user_id', 'user_name'];

/** GET /api/v1/audit as the auditor with the given query; asserts 200. */
async function audit(query = {}) {
  const qs = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)])).toString();
  const r = await auditor.json('GET', `/api/v1/audit${qs ? `?${qs}` : ''}`);
  assert.equal(r.status, 200, `GET /api/v1/audit?${qs}: ${r.text}`);
  assert.ok(Array.isArray(r.body.entries), r.text);
  assert.ok('next_before_id' in r.body, 'next_before_id is always present');
  return r.body;
}

/** Id of the newest entry now (0 when the log is empty). */
async function newestId() {
  const { entries } = await audit({ limit: 1 });
  return entries.length ? entries[0].id : 0;
}

/** Entries newer than `since` (newest first). */
async function entriesSince(since, query = {}) {
  const { entries } = await audit({ limit: 500, ...query });
  return entries.filter((e) => e.id > since);
}

/** Calendar date in Stockholm, YYYY-MM-DD, `offsetDays` from now. */
function stockholmDate(offsetDays = 0) {
  const d = new Date(Date.now() + offsetDays * 86_400_000);
  return new Intl.DateTimeFormat('sv-SE', {
    timeZone: 'Europe/Stockholm', year: 'numeric', month: '2-digit', day: '2-digit',
  }).format(d);
}

before(async () => {
  ({ server, admin, auditor, kurator } = await startWithLogins(['admin', 'auditor', 'kurator']));
});

after(() => server?.stop());

// --- who may read the log ---------------------------------------------------

test('the auditor reads the access log: entries newest first with the documented fields', async () => {
  const body = await audit();
  assert.ok(body.entries.length > 0, 'the logins of this test already made entries');
  for (const e of body.entries) {
    assert.deepEqual(Object.keys(e).sort(), ENTRY_KEYS);
    assert.match(e.at, ISO_UTC);
    assert.ok(['read', 'create', 'update', 'login', 'logout', 'deny'].includes(e.action), e.action);
    assert.ok(['ok', 'denied'].includes(e.outcome), e.outcome);
    assert.ok(['web', 'api', 'cli'].includes(e.channel), e.channel);
  }
  const ids = body.entries.map((e) => e.id);
  for (let i = 1; i < ids.length; i++) assert.ok(ids[i - 1] > ids[i], 'newest first');
});

test('an administrator gets 403 on the access log, and the denial is logged', async () => {
  const since = await newestId();
  assertError(await admin.json('GET', '/api/v1/audit'), 403, 'forbidden');
  assertError(await admin.json('GET', '/api/v1/audit/verify'), 403, 'forbidden');
  const denied = (await entriesSince(since, { user_id: admin.user.id }))
    .filter((e) => e.action === 'deny' && e.outcome === 'denied');
  assert.ok(denied.length >= 1, 'a deny entry for the administrator');
});

test('staff gets 403 on the access log', async () => {
  assertError(await kurator.json('GET', '/api/v1/audit'), 403, 'forbidden');
  assertError(await kurator.json('GET', '/api/v1/audit/verify'), 403, 'forbidden');
});

test('without a session the access log is 401', async () => {
  const anon = new Client(server.url);
  assertError(await anon.json('GET', '/api/v1/audit'), 401, 'unauthenticated');
  assertError(await anon.json('GET', '/api/v1/audit/verify'), 401, 'unauthenticated');
});

// --- what is logged ---------------------------------------------------------

test('an administrator reading a user makes a read entry naming the admin and the user', async () => {
  const since = await newestId();
  const subject = kurator.user.id;
  const r = await admin.json('GET', `/api/v1/users/${subject}`);
  assert.equal(r.status, 200, r.text);
  const found = (await entriesSince(since)).filter((e) =>
    e.action === 'read' && e.subject_type === 'user' && e.subject_id === subject);
  assert.equal(found.length, 1, `exactly one read entry: ${JSON.stringify(found)}`);
  const e = found[0];
  assert.equal(e.user_id, admin.user.id);
  assert.equal(e.user_name, admin.user.name);
  assert.equal(e.outcome, 'ok');
  assert.equal(e.channel, 'api');
  assert.ok(Math.abs(Date.parse(e.at) - Date.now()) < 60_000, 'at is now');
});

test('listing users makes one read entry for every user listed', async () => {
  const since = await newestId();
  const r = await admin.json('GET', '/api/v1/users');
  assert.equal(r.status, 200, r.text);
  const reads = (await entriesSince(since, { user_id: admin.user.id }))
    .filter((e) => e.action === 'read' && e.subject_type === 'user');
  const read = new Set(reads.map((e) => e.subject_id));
  for (const u of r.body.users) assert.ok(read.has(u.id), `user ${u.id} listed and logged`);
});

test('a staff user denied GET /api/v1/users makes a deny entry with outcome denied', async () => {
  const since = await newestId();
  assertError(await kurator.json('GET', '/api/v1/users'), 403, 'forbidden');
  const denied = (await entriesSince(since, { user_id: kurator.user.id }))
    .filter((e) => e.action === 'deny');
  assert.equal(denied.length, 1, JSON.stringify(denied));
  assert.equal(denied[0].outcome, 'denied');
  assert.equal(denied[0].user_id, kurator.user.id);
  assert.equal(denied[0].channel, 'api');
});

test('creating and updating a user make create and update entries', async () => {
  const since = await newestId();
  const c = await admin.json('POST', '/api/v1/users', {
    name: 'Logg Testsson', email: 'logg.testsson@demoby.example', role: 'staff', password: 'Loggtestets-lösenord-1',
  });
  assert.equal(c.status, 201, c.text);
  const id = c.body.user.id;
  const u = await admin.json('PATCH', `/api/v1/users/${id}`, { name: 'Logg Testsson-Berg' });
  assert.equal(u.status, 200, u.text);
  const mine = (await entriesSince(since, { subject_type: 'user', subject_id: id }))
    .filter((e) => e.user_id === admin.user.id);
  const actions = mine.map((e) => e.action);
  assert.ok(actions.includes('create'), `create logged: ${actions}`);
  assert.ok(actions.includes('update'), `update logged: ${actions}`);
  for (const e of mine) assert.equal(e.outcome, 'ok');
});

test('a failed write is not logged as done', async () => {
  const since = await newestId();
  const r = await admin.json('POST', '/api/v1/users', {
    name: 'Misslyckad Testsson', email: demoUsers.social.email, role: 'staff', password: 'Misslyckat-lösenord-1',
  });
  assertError(r, 409, 'conflict');
  const created = (await entriesSince(since)).filter((e) => e.action === 'create' && e.outcome === 'ok');
  assert.deepEqual(created, []);
});

test('login and logout make login and logout entries', async () => {
  const since = await newestId();
  const c = await login(server.url, demoUsers.social);
  assert.equal((await c.json('DELETE', '/api/v1/session')).status, 204);
  const mine = await entriesSince(since, { user_id: c.user.id });
  const actions = mine.map((e) => e.action);
  assert.ok(actions.includes('login'), `login logged: ${actions}`);
  assert.ok(actions.includes('logout'), `logout logged: ${actions}`);
  assert.ok(actions.indexOf('logout') < actions.indexOf('login'), 'newest first: logout before login');
});

test('the access log holds no password and no secret', async () => {
  const r = await auditor.json('GET', '/api/v1/audit?limit=500');
  for (const who of Object.values(demoUsers)) assert.ok(!r.text.includes(who.password));
  assert.ok(!r.text.includes('Loggtestets-lösenord-1'));
});

// --- filters and paging -----------------------------------------------------

test('the user_id filter returns only that user\'s entries', async () => {
  const { entries } = await audit({ user_id: kurator.user.id });
  assert.ok(entries.length > 0);
  for (const e of entries) assert.equal(e.user_id, kurator.user.id);
});

test('the subject_type and subject_id filters return only entries about that subject', async () => {
  await admin.json('GET', `/api/v1/users/${auditor.user.id}`);
  const { entries } = await audit({ subject_type: 'user', subject_id: auditor.user.id });
  assert.ok(entries.length > 0);
  for (const e of entries) {
    assert.equal(e.subject_type, 'user');
    assert.equal(e.subject_id, auditor.user.id);
  }
});

test('from and to are inclusive Stockholm calendar days', async () => {
  await admin.json('GET', `/api/v1/users/${kurator.user.id}`);
  const today = stockholmDate(0);
  const anchor = (await newestId()) + 1;
  const all = (await audit({ limit: 500, before_id: anchor })).entries;
  const todayOnly = (await audit({ limit: 500, before_id: anchor, from: today, to: today })).entries;
  assert.ok(todayOnly.length > 0, 'entries made today are found with from=to=today');
  assert.equal(todayOnly[0].id, all[0].id, 'the newest entry is today\'s');
  const wide = (await audit({ limit: 500, before_id: anchor, from: stockholmDate(-1), to: stockholmDate(1) })).entries;
  assert.deepEqual(wide, all, 'everything of this run is within yesterday–tomorrow');
  assert.deepEqual((await audit({ from: stockholmDate(2) })).entries, [], 'nothing from the future');
  assert.deepEqual((await audit({ to: stockholmDate(-2) })).entries, [], 'nothing before the day before yesterday');
  const onlyFrom = (await audit({ limit: 500, before_id: anchor, from: today })).entries;
  assert.ok(onlyFrom.length > 0);
});

test('limit caps the page and next_before_id pages back without gaps or overlaps', async () => {
  for (let i = 0; i < 3; i++) await admin.json('GET', `/api/v1/users/${kurator.user.id}`);
  const anchor = (await newestId()) + 1;
  const whole = (await audit({ limit: 500, before_id: anchor })).entries;
  assert.ok(whole.length >= 7, `enough entries to page: ${whole.length}`);

  const p1 = await audit({ limit: 3, before_id: anchor });
  assert.equal(p1.entries.length, 3);
  assert.equal(typeof p1.next_before_id, 'number');
  const p2 = await audit({ limit: 3, before_id: p1.next_before_id });
  assert.equal(p2.entries.length, 3);
  assert.deepEqual([...p1.entries, ...p2.entries], whole.slice(0, 6));

  // Walk back in pages of 2 over what the page of 500 held (the demo data alone writes
  // more rows than that).
  const walked = [];
  let before = anchor;
  for (let guard = 0; guard < 1000 && walked.length < whole.length; guard++) {
    const page = await audit({ limit: 2, before_id: before });
    walked.push(...page.entries);
    if (page.next_before_id === null) break;
    assert.ok(page.entries.length > 0, 'a page with a next_before_id is not empty');
    before = page.next_before_id;
  }
  assert.deepEqual(walked.slice(0, whole.length), whole);
});

/** Every entry, newest first, paging back with limit=500. */
async function allEntries() {
  const out = [];
  let page = await audit({ limit: 500 });
  out.push(...page.entries);
  while (page.next_before_id !== null && page.entries.length) {
    page = await audit({ limit: 500, before_id: page.next_before_id });
    out.push(...page.entries);
  }
  return out;
}

test('the last page has next_before_id null', async () => {
  const oldest = (await allEntries()).at(-1);
  const last = await audit({ limit: 5, before_id: oldest.id + 1 });
  assert.deepEqual(last.entries.map((e) => e.id), [oldest.id]);
  assert.equal(last.next_before_id, null);
  const none = await audit({ before_id: oldest.id });
  assert.deepEqual(none.entries, []);
  assert.equal(none.next_before_id, null);
});

test('the default page is 100 entries and limit=500 is allowed', async () => {
  let total = (await audit({ limit: 500 })).entries.length;
  for (let i = 0; i < 40 && total <= 100; i++) {
    assert.equal((await admin.json('GET', '/api/v1/users')).status, 200);
    total = (await audit({ limit: 500 })).entries.length;
  }
  assert.ok(total > 100, `the users lists made more than 100 entries: ${total}`);
  assert.equal((await audit()).entries.length, 100);
});

test('limit outside 1–500 or not a number is 400 invalid limit', async () => {
  for (const limit of ['0', '501', '-1', 'abc', '1.5']) {
    const r = await auditor.json('GET', `/api/v1/audit?limit=${limit}`);
    assertError(r, 400, 'invalid', 'limit');
  }
});

test('a malformed from or to date is 400 invalid naming the field', async () => {
  assertError(await auditor.json('GET', '/api/v1/audit?from=2026-13-01'), 400, 'invalid', 'from');
  assertError(await auditor.json('GET', '/api/v1/audit?from=igår'), 400, 'invalid', 'from');
  assertError(await auditor.json('GET', '/api/v1/audit?to=2026-02-30'), 400, 'invalid', 'to');
  assertError(await auditor.json('GET', '/api/v1/audit?user_id=abc'), 400, 'invalid', 'user_id');
});

// --- the chain --------------------------------------------------------------

test('GET /api/v1/audit/verify on an intact log is ok with no problems', async () => {
  const r = await auditor.json('GET', '/api/v1/audit/verify');
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.ok, true, r.text);
  assert.ok(r.body.rows >= (await allEntries()).length);
  assert.match(r.body.head, /^[0-9a-f]{64}$/);
  assert.deepEqual(r.body.problems, []);
});

// Tamper tests: take a consistent copy of the live database (copyDatabase:
// SQLite's online backup, or pg_dump on PostgreSQL), edit the copy, verify it
// with the CLI and with a server started on it.

const copies = [];
function snapshot() {
  const db = copyDatabase(server.dbUrl);
  copies.push(db);
  return db;
}
after(() => { for (const db of copies) dropDatabase(db); });

/** Drop the append-only triggers (as someone with the database would), then run sqlText. */
function dropTriggersAnd(db, sqlText) {
  assert.ok(dropLogTriggers(db).length >= 1, 'access_log has triggers');
  sql(db, sqlText);
}

/** GET /api/v1/audit/verify from a server started on db, which stays in place. */
async function verifyViaApi(db) {
  const s = await startServer({ dbUrl: db });
  let r;
  try {
    const a = await login(s.url, demoUsers.auditor);
    r = await a.json('GET', '/api/v1/audit/verify');
  } finally {
    await s.stop();
  }
  assert.equal(s.exitCode(), 0, 'the server exits cleanly');
  assert.equal(r.status, 200, r.text);
  return r.body;
}

test('samsyn audit verify exits 0 on an intact log', () => {
  const db = snapshot();
  const r = runCli(['audit', 'verify', '--db', db]);
  assert.equal(r.status, 0, `stdout: ${r.stdout}\nstderr: ${r.stderr}`);
});

test('an edited access-log row is found by samsyn audit verify, naming its id', () => {
  const db = snapshot();
  assert.ok(Number(sql(db, 'SELECT count(*) FROM access_log')) > 5, 'enough rows');
  assert.equal(sql(db, 'SELECT count(*) FROM access_log WHERE id=3'), '1');
  // The triggers forbid this; an attacker with the database drops them first.
  dropTriggersAnd(db, "UPDATE access_log SET action='update' WHERE id=3;");
  assert.equal(sql(db, 'SELECT action FROM access_log WHERE id=3'), 'update');
  const r = runCli(['audit', 'verify', '--db', db]);
  assert.notEqual(r.status, 0, 'non-zero exit on a changed row');
  assert.match(`${r.stdout}\n${r.stderr}`, /\b3\b/, `names row 3: ${r.stdout}${r.stderr}`);
});

test('a deleted middle access-log row is found by samsyn audit verify, naming its id', () => {
  const db = snapshot();
  dropTriggersAnd(db, 'DELETE FROM access_log WHERE id=4;');
  assert.equal(sql(db, 'SELECT count(*) FROM access_log WHERE id=4'), '0');
  const r = runCli(['audit', 'verify', '--db', db]);
  assert.notEqual(r.status, 0, 'non-zero exit on a missing row');
  assert.match(`${r.stdout}\n${r.stderr}`, /\b4\b/, `names row 4: ${r.stdout}${r.stderr}`);
});

test('the access-log triggers forbid UPDATE and DELETE of rows', () => {
  const db = snapshot();
  for (const stmt of ["UPDATE access_log SET action='update' WHERE id=3", 'DELETE FROM access_log WHERE id=4']) {
    assert.throws(() => sql(db, stmt), `${stmt} is refused`);
  }
  assert.equal(runCli(['audit', 'verify', '--db', db]).status, 0);
});

test('GET /api/v1/audit/verify on a database with an edited row reports it: ok false, problem changed for that id', async () => {
  const db = snapshot();
  dropTriggersAnd(db, "UPDATE access_log SET action='update' WHERE id=3;");
  const v = await verifyViaApi(db);
  assert.equal(v.ok, false, JSON.stringify(v));
  const p = v.problems.find((x) => x.id === 3);
  assert.ok(p, `a problem for row 3: ${JSON.stringify(v.problems)}`);
  assert.equal(p.problem, 'changed');
  assert.equal(typeof p.message, 'string');
});

test('GET /api/v1/audit/verify on a database with a deleted row reports it: ok false, problem missing for that id', async () => {
  const db = snapshot();
  dropTriggersAnd(db, 'DELETE FROM access_log WHERE id=4;');
  const v = await verifyViaApi(db);
  assert.equal(v.ok, false, JSON.stringify(v));
  const p = v.problems.find((x) => x.id === 4);
  assert.ok(p, `a problem for row 4: ${JSON.stringify(v.problems)}`);
  assert.equal(p.problem, 'missing');
});
