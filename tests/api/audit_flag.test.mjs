// The access log's flag: a row that touched a child with protected identity is marked
// "protected", the log reviewer can list only those (API flagged=1, the page's "Endast
// flaggade") and sees them marked in text; the flag is part of the row's hash, so it
// cannot be changed or removed behind samsyn's back unnoticed.
// Contract: docs/API.md "Access log".

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { dropLogTriggers, sql } from '../lib/server.mjs';
import { startWithLogins, errorAsserter } from '../lib/api.mjs';

const assertError = errorAsserter({ message: 'string' });

let server;
let social; // works in the intake unit of the demo
let auditor;
let protectedChild;
let plainChild;

before(async () => {
  ({ server, social, auditor } = await startWithLogins(['social', 'auditor']));
  protectedChild = Number(sql(server.dbUrl,
    'SELECT MIN(id) FROM children WHERE protected_identity = 1'));
  plainChild = Number(sql(server.dbUrl,
    'SELECT MIN(id) FROM children WHERE protected_identity = 0'));
  assert.ok(protectedChild > 0 && plainChild > 0, 'the demo has children with and without protected identity');
});

after(() => server?.stop());

async function audit(query) {
  const r = await auditor.json('GET', `/api/v1/audit?${new URLSearchParams(query)}`);
  assert.equal(r.status, 200, r.text);
  return r.body.entries;
}

async function readChild(id) {
  const r = await social.json('GET', `/api/v1/children/${id}`);
  assert.equal(r.status, 200, r.text);
}

test('reading a child with protected identity writes flagged rows; other rows have flag null', async () => {
  await readChild(protectedChild);
  await readChild(plainChild);
  const about = (id) => audit({ subject_type: 'child', subject_id: id, limit: 500 });
  // The demo's own rows (channel cli) were written before it protected the child.
  const prot = (await about(protectedChild)).filter((e) => e.user_id === social.user.id && e.channel !== 'cli');
  assert.ok(prot.some((e) => e.action === 'read' && e.record_type === 'child'), JSON.stringify(prot));
  for (const e of prot) assert.equal(e.flag, 'protected', JSON.stringify(e));
  const plain = (await about(plainChild)).filter((e) => e.user_id === social.user.id && e.channel !== 'cli');
  assert.ok(plain.length > 0);
  for (const e of plain) assert.equal(e.flag, null, JSON.stringify(e));
});

test('flagged=1 lists only flagged rows, newest first', async () => {
  await readChild(protectedChild);
  const rows = await audit({ flagged: 1, limit: 500 });
  assert.ok(rows.length > 0);
  for (const e of rows) assert.equal(e.flag, 'protected');
  const ids = rows.map((e) => e.id);
  assert.deepEqual(ids, [...ids].sort((a, b) => b - a));
  const all = await audit({ limit: 500 });
  assert.ok(all.some((e) => e.flag === null), 'unflagged rows exist but are not in the flagged list');
  assert.ok((await audit({ flagged: 0, limit: 500 })).some((e) => e.flag === null), 'flagged=0 is no filter');
});

test('flagged takes 1 or 0 only', async () => {
  assertError(await auditor.json('GET', '/api/v1/audit?flagged=yes'), 400, 'invalid', 'flagged');
  assertError(await auditor.json('GET', '/api/v1/audit?flagged=2'), 400, 'invalid', 'flagged');
});

test('the log review page marks flagged rows in text and filters with "Endast flaggade"', async () => {
  await readChild(protectedChild);
  let page = await auditor.get('/audit');
  assert.equal(page.status, 200);
  assert.match(page.text, /<input id="f-flagged" name="flagged" type="checkbox" value="1">\n<label for="f-flagged">Endast flaggade<\/label>/);
  assert.match(page.text, /<th scope="col">Flagga<\/th>/);
  assert.match(page.text, /<tr class="flagged"><td>\d+<\/td>.*<strong class="flag">Skyddad identitet<\/strong><\/td><\/tr>/);
  page = await auditor.get('/audit?flagged=1');
  assert.equal(page.status, 200);
  assert.match(page.text, /<input id="f-flagged" name="flagged" type="checkbox" value="1" checked>/);
  const rows = page.text.split('\n').filter((l) => /^<tr( class="[^"]*")?><td>\d+<\/td>/.test(l));
  assert.ok(rows.length > 0);
  for (const l of rows) assert.match(l, /Skyddad identitet/);
  assert.ok(rows.some((l) => l.includes(`Barn ${protectedChild}`)), 'the person concerned is named as a child');
});

test('the chain verifies with flagged rows, and breaks where a flag was removed or added', async () => {
  let v = await auditor.json('GET', '/api/v1/audit/verify');
  assert.equal(v.status, 200, v.text);
  assert.equal(v.body.ok, true, v.text);
  const flagged = (await audit({ flagged: 1, limit: 1 }))[0].id;
  const plain = (await audit({ limit: 500 })).find((e) => e.flag === null && e.id < flagged).id;
  dropLogTriggers(server.dbUrl);
  sql(server.dbUrl, `UPDATE access_log SET flag = NULL WHERE id = ${flagged}`);
  sql(server.dbUrl, `UPDATE access_log SET flag = 'protected' WHERE id = ${plain}`);
  v = await auditor.json('GET', '/api/v1/audit/verify');
  assert.equal(v.status, 200, v.text);
  assert.equal(v.body.ok, false);
  const changed = v.body.problems.filter((p) => p.problem === 'changed').map((p) => p.id);
  assert.deepEqual(changed.sort((a, b) => a - b), [plain, flagged]);
});
