// Reports of concern (orosanmälningar) and the child registry: drafts, submission,
// receipts, who may read what, corrections that never overwrite, bad input that writes
// nothing, and the access log.
// Contract: docs/API.md "Reports of concern and intake"; src/domain/report.h, child.h,
// access.h. Only Skatteverket's test personnummer (tests/data/testpersonnummer.txt).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot, sql } from '../lib/server.mjs';
import { login, startWithLogins, errorAsserter, ISO_UTC } from '../lib/api.mjs';

const assertError = errorAsserter({ message: 'non-empty' });

const others = {
  rektor: { email: 'rektor@demoby.example', password: 'demo-rektor-2026' },
  fritid: { email: 'fritid@demoby.example', password: 'demo-fritid-2026' },
  utveckling: { email: 'utveckling@demoby.example', password: 'demo-utveckling-2026' },
};

let server, social, kurator, auditor, admin, rektor, fritid, utveckling;

before(async () => {
  ({ server, social, kurator, auditor, admin } =
    await startWithLogins(['social', 'kurator', 'auditor', 'admin']));
  rektor = await login(server.url, others.rektor);
  fritid = await login(server.url, others.fritid);
  utveckling = await login(server.url, others.utveckling);
});

after(() => server?.stop());

// --- test numbers -------------------------------------------------------------

const testNumbers = fs.readFileSync(path.join(repoRoot, 'tests', 'data', 'testpersonnummer.txt'), 'utf8')
  .split('\n').map((l) => l.trim()).filter((l) => /^\d{12}$/.test(l));
// Children born 2010-2016: between 10 and 16 years old for years to come.
const childNumbers = testNumbers.filter((n) => /^201[0-6]/.test(n));
let nextChild = 0;
/** A test personnummer of a child (12 digits) not used before in this file. */
function freshPnr() {
  nextChild += 1;
  return childNumbers[(nextChild * 97) % childNumbers.length];
}
/** A test personnummer of someone born in 1990: over 20. */
const adultPnr = testNumbers.find((n) => n.startsWith('1990'));

/** The Luhn check digit of the nine digits YYMMDDNNN. */
function luhn(nine) {
  let sum = 0;
  for (let i = 0; i < 9; i++) {
    let d = Number(nine[i]) * (i % 2 === 0 ? 2 : 1);
    if (d > 9) d -= 9;
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}
/** A 12-digit number with a correct check digit for the given date and serial. */
const numberFor = (yyyymmdd, serial) => `${yyyymmdd}${serial}${luhn(yyyymmdd.slice(2) + serial)}`;
/** A test number with its check digit changed. */
const wrongCheckDigit = (pnr) => pnr.slice(0, 11) + String((Number(pnr[11]) + 1) % 10);

test('the Luhn helper agrees with the test numbers', () => {
  for (const n of childNumbers.slice(0, 50)) assert.equal(luhn(n.slice(2, 11)), n[11], n);
});

// --- helpers --------------------------------------------------------------------

let childSeq = 0;
/** The body of a complete report about a fresh child. */
function reportBody(extra = {}) {
  childSeq += 1;
  return {
    child_pnr: freshPnr(),
    child_name: `Alva Provsson ${childSeq}`,
    child_school: 'Norrskolan',
    category: 'neglect',
    observed: 'Eleven kommer hungrig till skolan flera dagar i veckan och saknar ytterkläder.',
    child_words: '"Det finns ingen mat hemma."',
    guardians_know: 'no',
    urgency: 'normal',
    reporter_phone: '070-000 00 00',
    ...extra,
  };
}

async function createDraft(client, body) {
  const r = await client.json('POST', '/api/v1/reports', body);
  assert.equal(r.status, 201, r.text);
  return r.body.report;
}

/** Files and submits a report as client; returns the submitted report. */
async function fileReport(client = kurator, extra = {}) {
  const draft = await createDraft(client, reportBody(extra));
  const s = await client.json('POST', `/api/v1/reports/${draft.id}/submit`);
  assert.equal(s.status, 200, s.text);
  return s.body.report;
}

async function getReport(client, id) {
  const r = await client.json('GET', `/api/v1/reports/${id}`);
  assert.equal(r.status, 200, r.text);
  return r.body.report;
}

async function myReports(client = kurator) {
  const r = await client.json('GET', '/api/v1/reports');
  assert.equal(r.status, 200, r.text);
  assert.ok(Array.isArray(r.body.reports), r.text);
  return r.body.reports;
}

/** Access-log entries newer than `since`, newest first (as the log reviewer). */
async function logSince(since, query = {}) {
  const qs = new URLSearchParams({ limit: '500', ...query }).toString();
  const r = await auditor.json('GET', `/api/v1/audit?${qs}`);
  assert.equal(r.status, 200, r.text);
  return r.body.entries.filter((e) => e.id > since);
}
async function newestLogId() {
  const r = await auditor.json('GET', '/api/v1/audit?limit=1');
  return r.body.entries[0]?.id ?? 0;
}

/**
 * A report with this body must be refused, naming `field`: at once when the draft is
 * saved, or at the latest on submit. Either way nothing is half written: no new report
 * in the list, or the draft still a draft without number or time of receipt.
 */
async function expectRefused(body, field) {
  const beforeIds = (await myReports()).map((x) => x.id);
  const c = await kurator.json('POST', '/api/v1/reports', body);
  if (c.status !== 201) {
    assertError(c, 400, 'invalid', field);
    assert.deepEqual((await myReports()).map((x) => x.id), beforeIds);
    return c.body.error;
  }
  const id = c.body.report.id;
  const s = await kurator.json('POST', `/api/v1/reports/${id}/submit`);
  assertError(s, 400, 'invalid', field);
  const after = await getReport(kurator, id);
  assert.equal(after.status, 'draft');
  assert.equal(after.number, null);
  assert.equal(after.content.received_at, null);
  return s.body.error;
}

// --- drafts -----------------------------------------------------------------------

test('a reporter saves a draft: 201, listed as hers, and read by nobody else', async () => {
  const body = reportBody();
  const r = await kurator.json('POST', '/api/v1/reports', body);
  assert.equal(r.status, 201, r.text);
  const d = r.body.report;
  assert.equal(typeof d.id, 'number');
  assert.equal(d.status, 'draft');
  assert.equal(d.number, null);
  assert.equal(d.submitted_at, null);
  assert.match(d.created_at, ISO_UTC);
  assert.equal(d.reporter_id, kurator.user.id);
  assert.equal(d.reporter_phone, body.reporter_phone);
  assert.equal(d.content.version, 1);
  assert.equal(d.content.child_pnr, body.child_pnr);
  assert.equal(d.content.child_name, body.child_name);
  assert.equal(d.content.observed, body.observed);
  assert.equal(d.content.received_at, null);
  assert.equal(d.child, null);
  assert.equal(d.feedback, null);

  const mine = await myReports();
  const line = mine.find((x) => x.id === d.id);
  assert.ok(line, 'the draft is in GET /reports');
  assert.equal(line.status, 'draft');
  assert.equal(line.number, null);

  for (const other of [rektor, fritid, utveckling, admin]) {
    const o = await other.json('GET', `/api/v1/reports/${d.id}`);
    assertError(o, 403, 'forbidden');
  }
  // A draft is its author's alone, intake staff included.
  const s = await social.json('GET', `/api/v1/reports/${d.id}`);
  assert.ok([403, 404].includes(s.status), s.text);
  assert.equal((await myReports(rektor)).some((x) => x.id === d.id), false);
});

test('a draft may be incomplete; what is given must be well formed', async () => {
  const d = await createDraft(kurator, { category: 'neglect' });
  assert.ok(!d.content.child_pnr);
  assertError(await kurator.json('POST', '/api/v1/reports', { category: 'aliens' }), 400, 'invalid', 'category');
  assertError(await kurator.json('POST', '/api/v1/reports', { urgency: 'yesterday' }), 400, 'invalid', 'urgency');
  assertError(await kurator.json('POST', '/api/v1/reports', { guardians_know: 'maybe' }), 400, 'invalid',
    'guardians_know');
  assertError(await kurator.json('POST', '/api/v1/reports', { guardians_know: true }), 400, 'invalid',
    'guardians_know');
  assertError(await kurator.json('POST', '/api/v1/reports', { child_id: 5 }), 400, 'unknown_field', 'child_id');
  assertError(await kurator.json('POST', '/api/v1/reports', { observed: 'x'.repeat(20001) }), 400, 'invalid',
    'observed');
});

test('the same client_key returns the first draft with 200 instead of a second one', async () => {
  const key = `nyckel-${Date.now()}`;
  const first = await kurator.json('POST', '/api/v1/reports', { ...reportBody(), client_key: key });
  assert.equal(first.status, 201, first.text);
  const count = (await myReports()).length;
  const again = await kurator.json('POST', '/api/v1/reports', { ...reportBody(), client_key: key });
  assert.equal(again.status, 200, again.text);
  assert.equal(again.body.report.id, first.body.report.id);
  assert.equal(again.body.report.content.child_name, first.body.report.content.child_name);
  assert.equal((await myReports()).length, count);
});

test('PATCH changes the given fields of a draft and keeps the rest; client_key is refused', async () => {
  const body = reportBody();
  const d = await createDraft(kurator, body);
  const r = await kurator.json('PATCH', `/api/v1/reports/${d.id}`, { urgency: 'high', child_words: 'Jag är rädd.' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.report.content.urgency, 'high');
  assert.equal(r.body.report.content.child_words, 'Jag är rädd.');
  assert.equal(r.body.report.content.observed, body.observed);
  assert.equal(r.body.report.content.child_pnr, body.child_pnr);
  assert.equal(r.body.report.content.version, 1);
  assertError(await kurator.json('PATCH', `/api/v1/reports/${d.id}`, { client_key: 'x' }), 400, 'unknown_field',
    'client_key');
  assertError(await kurator.json('PATCH', `/api/v1/reports/${d.id}`, { category: 'nope' }), 400, 'invalid',
    'category');
  assert.equal((await getReport(kurator, d.id)).content.urgency, 'high');
  assertError(await rektor.json('PATCH', `/api/v1/reports/${d.id}`, { urgency: 'acute' }), 403, 'forbidden');
  assert.equal((await getReport(kurator, d.id)).content.urgency, 'high');
});

test('a draft is deleted by its author only; a submitted report is never deleted', async () => {
  const d = await createDraft(kurator, reportBody());
  assertError(await rektor.json('DELETE', `/api/v1/reports/${d.id}`), 403, 'forbidden');
  const del = await kurator.json('DELETE', `/api/v1/reports/${d.id}`);
  assert.equal(del.status, 204, del.text);
  // Gone: intake staff get 404; anyone else 403, which tells nobody whether it existed.
  assertError(await social.json('GET', `/api/v1/reports/${d.id}`), 404, 'not_found');
  assertError(await kurator.json('GET', `/api/v1/reports/${d.id}`), 403, 'forbidden');
  assertError(await kurator.json('GET', '/api/v1/reports/99999999'), 403, 'forbidden');
  assert.equal((await myReports()).some((x) => x.id === d.id), false);

  const sent = await fileReport();
  assertError(await kurator.json('DELETE', `/api/v1/reports/${sent.id}`), 409, 'conflict');
  assert.equal((await getReport(kurator, sent.id)).status, 'submitted');
});

test('administrators and log reviewers file no reports: 403', async () => {
  assertError(await admin.json('POST', '/api/v1/reports', reportBody()), 403, 'forbidden');
  assertError(await auditor.json('POST', '/api/v1/reports', reportBody()), 403, 'forbidden');
});

// --- submission --------------------------------------------------------------------

test('submit gives the receipt: a number and the time of receipt; the reporter sees it as sent', async () => {
  const body = reportBody();
  const d = await createDraft(kurator, body);
  const s = await kurator.json('POST', `/api/v1/reports/${d.id}/submit`);
  assert.equal(s.status, 200, s.text);
  const rep = s.body.report;
  assert.equal(rep.id, d.id);
  assert.equal(rep.status, 'submitted');
  assert.match(rep.number, /^OA-\d{4}-\d+$/);
  assert.match(rep.submitted_at, ISO_UTC);
  assert.match(rep.content.received_at, ISO_UTC);
  assert.equal(rep.content.observed, body.observed);
  assert.equal(rep.feedback, null);

  const line = (await myReports()).find((x) => x.id === d.id);
  assert.equal(line.status, 'submitted');
  assert.equal(line.number, rep.number);
  assert.equal(line.received_at, rep.content.received_at);
  assert.equal(line.feedback_outcome, null);

  const seen = await getReport(kurator, d.id);
  assert.equal(seen.number, rep.number);
  assert.equal(seen.content.version, 1);
  assert.equal(seen.child, null, 'the reporter gets no registry record');
});

test('double submit: 409 and nothing changes', async () => {
  const rep = await fileReport();
  const again = await kurator.json('POST', `/api/v1/reports/${rep.id}/submit`);
  assertError(again, 409, 'conflict');
  const seen = await getReport(kurator, rep.id);
  assert.equal(seen.number, rep.number);
  assert.equal(seen.content.received_at, rep.content.received_at);
  assert.equal((await myReports()).filter((x) => x.id === rep.id).length, 1);
  const v = await social.json('GET', `/api/v1/reports/${rep.id}/versions`);
  assert.equal(v.status, 200, v.text);
  assert.equal(v.body.versions.length, 1);
});

test('submit takes no fields', async () => {
  const d = await createDraft(kurator, reportBody());
  assertError(await kurator.json('POST', `/api/v1/reports/${d.id}/submit`, { number: 'OA-1' }), 400,
    'unknown_field', 'number');
  assert.equal((await getReport(kurator, d.id)).status, 'draft');
});

test('invalid personnummer: a wrong check digit is refused, naming child_pnr', async () => {
  const err = await expectRefused(reportBody({ child_pnr: wrongCheckDigit(freshPnr()) }), 'child_pnr');
  assert.ok(err.message.length > 5);
});

test('invalid personnummer: an impossible date (30 February) is refused', async () => {
  await expectRefused(reportBody({ child_pnr: numberFor('20150230', '238') }), 'child_pnr');
});

test('invalid personnummer: a date in the future is refused', async () => {
  await expectRefused(reportBody({ child_pnr: numberFor('20990101', '238') }), 'child_pnr');
});

test('a child over 20 is refused', async () => {
  assert.ok(adultPnr, 'a test number born in 1990');
  const err = await expectRefused(reportBody({ child_pnr: adultPnr }), 'child_pnr');
  assert.match(err.message, /20/);
});

test('a reserve identity needs a real birth date, not in the future, of someone 0-20', async () => {
  await expectRefused(reportBody({ child_pnr: undefined, child_birth_date: '2015-02-30' }), 'child_birth_date');
  await expectRefused(reportBody({ child_pnr: undefined, child_birth_date: '2099-01-01' }), 'child_birth_date');
  await expectRefused(reportBody({ child_pnr: undefined, child_birth_date: '1990-05-05' }), 'child_birth_date');
  await expectRefused(reportBody({ child_pnr: undefined }), 'child_pnr');
});

test('a child without a number gets a reserve identity from name and birth date', async () => {
  const rep = await fileReport(kurator, { child_pnr: undefined, child_birth_date: '2016-03-14' });
  const seen = await getReport(social, rep.id);
  assert.equal(seen.child.id_kind, 'reserve');
  assert.equal(seen.child.pnr, null);
  assert.equal(seen.child.birth_date, '2016-03-14');
});

test('empty required fields on submit: 400 naming the field, and the draft stays a draft', async () => {
  await expectRefused(reportBody({ observed: '' }), 'observed');
  await expectRefused(reportBody({ observed: undefined }), 'observed');
  await expectRefused(reportBody({ child_name: '   ' }), 'child_name');
  await expectRefused(reportBody({ category: undefined }), 'category');
  const d = await createDraft(kurator, {});
  const s = await kurator.json('POST', `/api/v1/reports/${d.id}/submit`);
  assertError(s, 400, 'invalid');
  assert.ok(s.body.error.field, 'the error names a field');
  assert.equal((await getReport(kurator, d.id)).status, 'draft');
});

test('a personnummer written YYMMDD-NNNN is stored as 12 digits', async () => {
  const pnr = freshPnr();
  const rep = await fileReport(kurator, { child_pnr: `${pnr.slice(2, 8)}-${pnr.slice(8)}` });
  const seen = await getReport(social, rep.id);
  assert.equal(seen.child.pnr, pnr);
  assert.equal(seen.child.id_kind, 'personnummer');
  assert.equal(seen.content.child_pnr, pnr);
});

// --- who reads what ------------------------------------------------------------------

test('intake staff read every submitted report, with the child from the registry', async () => {
  const rep = await fileReport();
  const seen = await getReport(social, rep.id);
  assert.equal(seen.number, rep.number);
  assert.equal(seen.reporter_id, kurator.user.id);
  assert.equal(typeof seen.reporter_name, 'string');
  assert.equal(seen.nversions, 1);
  assert.equal(typeof seen.child.id, 'number');
  assert.match(seen.child.pnr, /^\d{12}$/);
  assert.equal(seen.child.details_hidden, false);
  assert.ok(seen.child.age >= 0 && seen.child.age <= 20);
  assert.ok(Array.isArray(seen.child.guardians));
});

test('school staff other than the reporter, leisure and strategic staff get 403 on a report; the denial is logged', async () => {
  const rep = await fileReport();
  const since = await newestLogId();
  for (const other of [rektor, fritid, utveckling, admin, auditor]) {
    assertError(await other.json('GET', `/api/v1/reports/${rep.id}`), 403, 'forbidden');
    assertError(await other.json('GET', `/api/v1/reports/${rep.id}/versions`), 403, 'forbidden');
  }
  const denied = (await logSince(since, { user_id: rektor.user.id })).filter((e) => e.action === 'deny');
  assert.ok(denied.length >= 1, 'a deny row for the rector');
  assert.equal(denied[0].outcome, 'denied');
  assert.ok(denied.some((e) => e.record_id === rep.id), JSON.stringify(denied));
  const leaked = JSON.stringify(denied);
  assert.ok(!leaked.includes(rep.content.observed));
});

test('reads of a child are in the access log with the child as the person concerned', async () => {
  const rep = await fileReport();
  const childId = (await getReport(social, rep.id)).child.id;
  const since = await newestLogId();
  const r = await social.json('GET', `/api/v1/children/${childId}`);
  assert.equal(r.status, 200, r.text);
  const rows = await logSince(since, { subject_type: 'child', subject_id: childId });
  const reads = rows.filter((e) => e.action === 'read' && e.user_id === social.user.id);
  assert.ok(reads.length >= 1, JSON.stringify(rows));
  assert.equal(reads[0].outcome, 'ok');
  assert.equal(reads[0].channel, 'api');
});

// --- corrections ----------------------------------------------------------------------

test('corrections never overwrite: a new version with a reason, the earlier one stays readable', async () => {
  const rep = await fileReport();
  const childId = (await getReport(social, rep.id)).child.id;
  const since = await newestLogId();
  const c = await social.json('POST', `/api/v1/reports/${rep.id}/corrections`, {
    category: 'own_behaviour', observed: 'Rättad text.', reason: 'Anmälaren ringde och förtydligade.',
  });
  assert.equal(c.status, 200, c.text);
  assert.equal(c.body.report.nversions, 2);
  assert.equal(c.body.report.content.version, 2);
  assert.equal(c.body.report.content.category, 'own_behaviour');
  assert.equal(c.body.report.content.reason, 'Anmälaren ringde och förtydligade.');
  assert.equal(c.body.report.content.made_by, social.user.id);
  assert.equal(c.body.report.content.child_words, rep.content.child_words, 'fields not given stay');

  const v = await social.json('GET', `/api/v1/reports/${rep.id}/versions`);
  assert.equal(v.status, 200, v.text);
  assert.deepEqual(v.body.versions.map((x) => x.version), [1, 2]);
  assert.equal(v.body.versions[0].category, 'neglect');
  assert.equal(v.body.versions[0].observed, rep.content.observed);
  assert.equal(v.body.versions[0].reason, null);

  // The reporter keeps reading what she sent.
  const mine = await getReport(kurator, rep.id);
  assert.equal(mine.content.version, 1);
  assert.equal(mine.content.category, 'neglect');

  const rows = await logSince(since, { subject_type: 'child', subject_id: childId });
  assert.ok(rows.some((e) => e.action === 'update' && e.user_id === social.user.id), JSON.stringify(rows));
});

test('a correction of the school alone keeps the child and adds a version', async () => {
  const rep = await fileReport(kurator, { child_school: 'Norrskolan' });
  const before = (await getReport(social, rep.id)).child.id;
  const c = await social.json('POST', `/api/v1/reports/${rep.id}/corrections`, {
    child_school: 'Söderskolan', reason: 'Barnet bytte skola i augusti.',
  });
  assert.equal(c.status, 200, c.text);
  assert.equal(c.body.report.nversions, 2);
  assert.equal(c.body.report.content.child_school, 'Söderskolan');
  assert.equal(c.body.report.child.id, before, 'the same child');
  const v = (await social.json('GET', `/api/v1/reports/${rep.id}/versions`)).body.versions;
  assert.deepEqual(v.map((x) => x.child_school), ['Norrskolan', 'Söderskolan']);
  // The same school again changes nothing and adds no version.
  assertError(await social.json('POST', `/api/v1/reports/${rep.id}/corrections`, {
    child_school: 'Söderskolan', reason: 'Igen.',
  }), 400, 'invalid', 'reason');
});

test('a search by name ignores case also for Å, Ä and Ö, on every back end', async () => {
  const rep = await fileReport(kurator, { child_name: `Örjan Åkerström ${childSeq + 1}` });
  const id = (await getReport(social, rep.id)).child.id;
  for (const q of ['åkerström', 'ÅKERSTRÖM', 'örjan åk']) {
    const r = await social.json('POST', '/api/v1/children/search', { q });
    assert.equal(r.status, 200, r.text);
    assert.ok(r.body.children.some((c) => c.id === id), `found by ${q}`);
  }
});

test('the reporter learns nothing of the registry: no child id, no hidden flag', async () => {
  const rep = await fileReport();
  const mine = await getReport(kurator, rep.id);
  assert.equal(mine.content.child_id, null);
  assert.equal(mine.hidden, false);
  assert.ok((await getReport(social, rep.id)).content.child_id > 0, 'intake sees the child');
});

test('reading the versions logs every child they name', async () => {
  const rep = await fileReport();
  const first = (await getReport(social, rep.id)).child.id;
  const c = await social.json('POST', `/api/v1/reports/${rep.id}/corrections`, {
    child_pnr: freshPnr(), child_name: 'Rättad Barnsdotter', reason: 'Fel barn i anmälan.',
  });
  assert.equal(c.status, 200, c.text);
  const second = c.body.report.child.id;
  assert.notEqual(first, second);
  const since = await newestLogId();
  assert.equal((await social.json('GET', `/api/v1/reports/${rep.id}/versions`)).status, 200);
  const rows = await logSince(since, { subject_type: 'child' });
  const read = rows.filter((e) => e.record_type === 'report_versions').map((e) => e.subject_id).sort();
  assert.deepEqual(read, [first, second].sort((a, b) => a - b));
});

test('a correction cannot move the time of receipt past what is recorded, nor change the child after the decision',
  async () => {
    const rep = await fileReport();
    let r = await social.json('POST', `/api/v1/reports/${rep.id}/protection`,
      { needed: false, reasoning: 'Inget akut skyddsbehov.' });
    assert.equal(r.status, 200, r.text);
    const assessed = r.body.intake.protection_at;
    const later = new Date(Date.parse(assessed) + 120_000).toISOString();
    assertError(await social.json('POST', `/api/v1/reports/${rep.id}/corrections`,
      { received_at: later, reason: 'Fel tid.' }), 400, 'invalid', 'received_at');
    r = await social.json('POST', `/api/v1/reports/${rep.id}/decision`, {
      decision: 'not_investigate', reasons: 'Ingen grund.', child_heard: true,
    });
    assert.equal(r.status, 200, r.text);
    assertError(await social.json('POST', `/api/v1/reports/${rep.id}/corrections`,
      { child_pnr: freshPnr(), child_name: 'Annan Barnsson', reason: 'Fel barn.' }), 409, 'conflict');
    assert.equal((await getReport(social, rep.id)).nversions, 1, 'nothing was written');
  });

test('a correction needs a reason and a permitted user; a refused one adds no version', async () => {
  const rep = await fileReport();
  assertError(await social.json('POST', `/api/v1/reports/${rep.id}/corrections`, { category: 'other' }), 400,
    'invalid', 'reason');
  assertError(await social.json('POST', `/api/v1/reports/${rep.id}/corrections`, { category: 'other', reason: ' ' }),
    400, 'invalid', 'reason');
  assertError(await social.json('POST', `/api/v1/reports/${rep.id}/corrections`,
    { category: 'martians', reason: 'Fel kategori.' }), 400, 'invalid', 'category');
  assertError(await social.json('POST', `/api/v1/reports/${rep.id}/corrections`,
    { received_at: 'igår', reason: 'Fel tid.' }), 400, 'invalid', 'received_at');
  assertError(await social.json('POST', `/api/v1/reports/${rep.id}/corrections`,
    { child_pnr: wrongCheckDigit(freshPnr()), child_name: 'Ny Namnsson', reason: 'Fel barn.' }), 400, 'invalid',
  'child_pnr');
  for (const other of [kurator, rektor, admin]) {
    assertError(await other.json('POST', `/api/v1/reports/${rep.id}/corrections`,
      { category: 'other', reason: 'Försök.' }), 403, 'forbidden');
  }
  const seen = await getReport(social, rep.id);
  assert.equal(seen.nversions, 1);
  assert.equal(seen.content.category, 'neglect');
});

test('a correction of the child moves the report to the right child; the first stays in version 1', async () => {
  const rep = await fileReport();
  const first = (await getReport(social, rep.id)).child;
  const pnr = freshPnr();
  const c = await social.json('POST', `/api/v1/reports/${rep.id}/corrections`, {
    child_pnr: pnr, child_name: 'Rätt Barnsson', reason: 'Fel barn angavs i anmälan.',
  });
  assert.equal(c.status, 200, c.text);
  assert.equal(c.body.report.child.pnr, pnr);
  assert.notEqual(c.body.report.child.id, first.id);
  const v = await social.json('GET', `/api/v1/reports/${rep.id}/versions`);
  assert.equal(v.body.versions[0].child_id, first.id);
  assert.equal(v.body.versions[1].child_id, c.body.report.child.id);
});

// --- the child registry -------------------------------------------------------------------

test('children search is a POST by personnummer or name, for intake staff only', async () => {
  const rep = await fileReport();
  const seen = await getReport(social, rep.id);
  const byPnr = await social.json('POST', '/api/v1/children/search', { q: seen.child.pnr });
  assert.equal(byPnr.status, 200, byPnr.text);
  assert.ok(byPnr.body.children.some((c) => c.id === seen.child.id), byPnr.text);
  const byName = await social.json('POST', '/api/v1/children/search', { q: seen.child.name });
  assert.ok(byName.body.children.some((c) => c.id === seen.child.id), byName.text);
  assertError(await social.json('POST', '/api/v1/children/search', { q: '1' }), 400, 'invalid', 'q');
  assertError(await social.json('POST', '/api/v1/children/search', {}), 400, 'invalid', 'q');
  assertError(await social.json('POST', '/api/v1/children/search', { pnr: seen.child.pnr }), 400, 'unknown_field',
    'pnr');
  for (const other of [kurator, rektor, fritid, admin]) {
    assertError(await other.json('POST', '/api/v1/children/search', { q: seen.child.pnr }), 403, 'forbidden');
  }
  // No way to put a personnummer in a URL.
  const get = await social.json('GET', `/api/v1/children/search?q=${seen.child.pnr}`);
  assert.ok([404, 405].includes(get.status), get.text);
});

test('GET /children/{id} gives the child with its reports and open investigations', async () => {
  const first = await fileReport();
  const child = (await getReport(social, first.id)).child;
  const second = await fileReport(kurator, { child_pnr: child.pnr, child_name: child.name });
  const r = await social.json('GET', `/api/v1/children/${child.id}`);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.child.id, child.id);
  const ids = r.body.reports.map((x) => x.id);
  assert.ok(ids.includes(first.id) && ids.includes(second.id), r.text);
  assert.ok(Array.isArray(r.body.investigations));
  for (const other of [kurator, rektor, fritid, utveckling, admin]) {
    assertError(await other.json('GET', `/api/v1/children/${child.id}`), 403, 'forbidden');
  }
  assertError(await social.json('GET', '/api/v1/children/99999999'), 404, 'not_found');
});

test('intake staff change a child and add guardians; bad input changes nothing', async () => {
  const rep = await fileReport();
  const child = (await getReport(social, rep.id)).child;
  const p = await social.json('PATCH', `/api/v1/children/${child.id}`, { address: 'Provgatan 1, Demoby' });
  assert.equal(p.status, 200, p.text);
  assert.equal(p.body.child.address, 'Provgatan 1, Demoby');
  assertError(await social.json('PATCH', `/api/v1/children/${child.id}`, { name: '' }), 400, 'invalid', 'name');
  assertError(await social.json('PATCH', `/api/v1/children/${child.id}`, { school_unit_id: 99999999 }), 400,
    'invalid', 'school_unit_id');
  assertError(await social.json('PATCH', `/api/v1/children/${child.id}`, { pnr: '1' }), 400, 'unknown_field', 'pnr');
  assertError(await kurator.json('PATCH', `/api/v1/children/${child.id}`, { address: 'Annan väg 2' }), 403,
    'forbidden');

  const g = await social.json('POST', `/api/v1/children/${child.id}/guardians`, { name: 'Vera Provsson', phone: '070-111 11 11' });
  assert.equal(g.status, 201, g.text);
  assert.equal(g.body.guardian.name, 'Vera Provsson');
  assert.equal(g.body.guardian.custody, true);
  assertError(await social.json('POST', `/api/v1/children/${child.id}/guardians`, { phone: '070' }), 400, 'invalid',
    'name');
  assertError(await rektor.json('POST', `/api/v1/children/${child.id}/guardians`, { name: 'X Y' }), 403, 'forbidden');

  const now = (await social.json('GET', `/api/v1/children/${child.id}`)).body.child;
  assert.equal(now.name, child.name);
  assert.equal(now.address, 'Provgatan 1, Demoby');
  assert.deepEqual(now.guardians.map((x) => x.name), ['Vera Provsson']);
});

test('protected identity hides address and school; every access is flagged for the log review', async () => {
  const rep = await fileReport(kurator, { child_school: 'Norrskolan klass 5B' });
  const child = (await getReport(social, rep.id)).child;
  let r = await social.json('PATCH', `/api/v1/children/${child.id}`,
    { address: 'Hemlig väg 3', school_name: 'Norrskolan' });
  assert.equal(r.status, 200, r.text);
  r = await social.json('PATCH', `/api/v1/children/${child.id}`, { protected_identity: true });
  assert.equal(r.status, 200, r.text);

  const hidden = (await social.json('GET', `/api/v1/children/${child.id}`)).body.child;
  assert.equal(hidden.protected_identity, true);
  assert.equal(hidden.details_hidden, true);
  assert.equal(hidden.address, null);
  assert.equal(hidden.school_name, null);
  assert.equal(hidden.school_unit_id, null);
  const viaReport = await getReport(social, rep.id);
  assert.equal(viaReport.child.details_hidden, true);
  assert.equal(viaReport.child.address, null);
  assert.equal(viaReport.content.child_school, null, 'the school the reporter typed is hidden too');
  const search = await social.json('POST', '/api/v1/children/search', { q: child.pnr });
  const found = search.body.children.find((c) => c.id === child.id);
  assert.equal(found.address, null);
  assert.equal(found.school_name, null);
  assert.ok(!JSON.stringify([hidden, viaReport, search.body]).includes('Hemlig väg'), 'nowhere in the replies');
  // Without the right, address and school are not changed either, and the protection
  // cannot be lifted (which would show them): each a logged denial about the child.
  assertError(await social.json('PATCH', `/api/v1/children/${child.id}`, { address: 'Ny väg 4' }), 403, 'forbidden');
  const beforeLift = await newestLogId();
  assertError(await social.json('PATCH', `/api/v1/children/${child.id}`, { protected_identity: false }),
    403, 'forbidden');
  const still = (await social.json('GET', `/api/v1/children/${child.id}`)).body.child;
  assert.equal(still.protected_identity, true, 'the protection stays');
  const denials = await logSince(beforeLift, { subject_type: 'child', subject_id: child.id });
  assert.ok(denials.some((e) => e.action === 'deny' && e.outcome === 'denied'), JSON.stringify(denials));

  // An intake worker with the explicit right sees them.
  const units = (await admin.json('GET', '/api/v1/units')).body.units;
  const ifo = units.find((u) => u.name === 'IFO Barn och unga');
  const email = 'skyddad.behorighet@demoby.example';
  const password = 'skyddad-behorighet-2026';
  const u = await admin.json('POST', '/api/v1/users', {
    name: 'Sara Skyddsbehörig', email, role: 'staff', unit_id: ifo.id, password,
  });
  assert.equal(u.status, 201, u.text);
  sql(server.dbUrl, `UPDATE users SET protected_access = 1 WHERE id = ${u.body.user.id}`);
  const entitled = await login(server.url, { email, password });
  const shown = (await entitled.json('GET', `/api/v1/children/${child.id}`)).body.child;
  assert.equal(shown.details_hidden, false);
  assert.equal(shown.address, 'Hemlig väg 3');
  assert.equal(shown.school_name, 'Norrskolan');

  const flagged = Number(sql(server.dbUrl, `SELECT COUNT(*) FROM access_log WHERE subject_type = 'child' ` +
    `AND subject_id = ${child.id} AND flag = 'protected'`));
  assert.ok(flagged >= 3, `reads of the protected child are flagged (${flagged})`);
});

test('protected identity hides the school in every version of the report too',
  async () => {
    const rep = await fileReport(kurator, { child_school: 'Norrskolan klass 4A' });
    const child = (await getReport(social, rep.id)).child;
    const p = await social.json('PATCH', `/api/v1/children/${child.id}`, { protected_identity: true });
    assert.equal(p.status, 200, p.text);
    const v = await social.json('GET', `/api/v1/reports/${rep.id}/versions`);
    assert.equal(v.status, 200, v.text);
    assert.equal(v.body.versions[0].child_school, null);
    assert.ok(!v.text.includes('Norrskolan klass 4A'));
  });
