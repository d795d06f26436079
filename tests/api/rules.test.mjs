// The legal rules as dated data: the act in force on the day of the event decides.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Client } from '../lib/server.mjs';
import { startWithLogins, errorAsserter } from '../lib/api.mjs';

const assertError = errorAsserter({ message: 'non-empty' });
let server, kurator;
before(async () => ({ server, kurator } = await startWithLogins(['kurator'])));
after(() => server?.stop());

const ruleOn = (key, date) => kurator.json('GET', `/api/v1/rules?key=${key}&date=${date}`);

test('act chosen by event date: a report received 2025-06-30 is judged by the old act', async () => {
  const old = await ruleOn('pre_assessment', '2025-06-30');
  assert.equal(old.status, 200, old.text);
  assert.equal(old.body.social_services_act, 'SFS 2001:453');
  assert.equal(old.body.rule.act, 'SFS 2001:453');
  assert.match(old.body.rule.source, /11 kap\. 1 a § andra stycket/);
  assert.equal(old.body.rule.days, 14);
  const next = await ruleOn('pre_assessment', '2025-07-01');
  assert.equal(next.body.social_services_act, 'SFS 2025:400');
  assert.match(next.body.rule.source, /20 kap\. 2 §/);
  assert.equal(next.body.rule.days, 14);
});

test('the feedback deadline of one week applies from its (unconfirmed) start date only', async () => {
  const before = await ruleOn('feedback', '2026-01-14');
  assert.equal(before.body.rule.days, null);
  const after = await ruleOn('feedback', '2026-01-15');
  assert.equal(after.body.rule.days, 7);
  assert.equal(after.body.rule.confirmed, false);
  assert.match(after.body.rule.act, /2025:1501/);
});

test('every rule has a row for the old and the new act, and periods do not overlap', async () => {
  const r = await kurator.json('GET', '/api/v1/rules');
  assert.equal(r.status, 200);
  const byKey = new Map();
  for (const rule of r.body.rules) {
    if (!byKey.has(rule.key)) byKey.set(rule.key, []);
    byKey.get(rule.key).push(rule);
  }
  for (const key of ['protection_assessment', 'pre_assessment', 'investigation', 'feedback', 'meeting',
    'guardians_informed', 'extension', 'searchability']) {
    const rows = byKey.get(key);
    assert.ok(rows, `rule ${key} exists`);
    for (const day of ['2025-06-30', '2025-07-01', '2026-11-26']) {
      const covering = rows.filter((x) => x.valid_from <= day && (x.valid_to === null || x.valid_to >= day));
      assert.equal(covering.length, 1, `exactly one row of ${key} covers ${day}`);
    }
  }
  assert.equal(byKey.get('investigation').find((x) => x.act === 'SFS 2025:400').months, 4);
});

test('bad rule queries get a clear 400 or 404, and the rules need a login', async () => {
  assertError(await kurator.json('GET', '/api/v1/rules?key=pre_assessment&date=2025-02-30'), 400, 'invalid', 'date');
  assertError(await kurator.json('GET', '/api/v1/rules?date=2025-02-03'), 400, 'invalid', 'key');
  assertError(await kurator.json('GET', '/api/v1/rules?key=ingen_sadan&date=2025-02-03'), 404, 'not_found');
  const anon = new Client(server.url);
  assertError(await anon.json('GET', '/api/v1/rules'), 401, 'unauthenticated');
});

test('the rule page lists the sources of both acts and marks what applies on a chosen day', async () => {
  const r = await kurator.get('/regler?datum=2025-06-30');
  assert.equal(r.status, 200);
  assert.match(r.text, /<h1>Regler och frister<\/h1>/);
  assert.match(r.text, /Den 2025-06-30 gäller socialtjänstlagen SFS 2001:453/);
  assert.match(r.text, /20 kap\. 2 § socialtjänstlagen \(2025:400\)/);
  const bad = await kurator.get('/regler?datum=2025-13-01');
  assert.equal(bad.status, 400);
  assert.match(bad.text, /Ange datumet som ÅÅÅÅ-MM-DD/);
});
