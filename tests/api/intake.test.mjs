// Intake (mottagning) of reports of concern, with the legal deadlines: protection
// assessment, the pre-assessment decision within 14 days, the violence rule, meetings,
// guardians, feedback to the reporter, investigations with their four-month end, the
// inbox, and who may see any of it. Tests are named after the rules they show.
// Contract: docs/API.md "Reports of concern and intake"; src/domain/intake.h, report.h,
// access.h; DOMAIN.md "Rules with their sources". Only Skatteverket's test numbers.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot, sql } from '../lib/server.mjs';
import { login, startWithLogins, errorAsserter, ISO_UTC } from '../lib/api.mjs';

const assertError = errorAsserter({ message: 'non-empty' });

let server, social, kurator, auditor, admin, rektor, fritid, utveckling;

before(async () => {
  ({ server, social, kurator, auditor, admin } =
    await startWithLogins(['social', 'kurator', 'auditor', 'admin']));
  rektor = await login(server.url, { email: 'rektor@demoby.example', password: 'demo-rektor-2026' });
  fritid = await login(server.url, { email: 'fritid@demoby.example', password: 'demo-fritid-2026' });
  utveckling = await login(server.url,
    { email: 'utveckling@demoby.example', password: 'demo-utveckling-2026' });
});

after(() => server?.stop());

// --- days and times, in Stockholm -------------------------------------------------

function stockholmParts(date) {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/Stockholm', year: 'numeric', month: '2-digit', day: '2-digit',
    hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  }).formatToParts(date);
  return Object.fromEntries(parts.map((p) => [p.type, p.value]));
}
/** Today (or offset days from now) as a Stockholm calendar day, YYYY-MM-DD. */
function today(offsetDays = 0) {
  const p = stockholmParts(new Date(Date.now() + offsetDays * 86_400_000));
  return `${p.year}-${p.month}-${p.day}`;
}
/** A time as a person writes it on the Stockholm wall clock: YYYY-MM-DDTHH:MM. */
function localMinute(date) {
  const p = stockholmParts(date);
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}
function addDays(ymd, n) {
  const d = new Date(`${ymd}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}
/** ymd plus n months; a day the month lacks becomes its last day. */
function addMonths(ymd, n) {
  const [y, m, d] = ymd.split('-').map(Number);
  const first = new Date(Date.UTC(y, m - 1 + n, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(d, last));
  return first.toISOString().slice(0, 10);
}

// --- reports ------------------------------------------------------------------------

const childNumbers = fs.readFileSync(path.join(repoRoot, 'tests', 'data', 'testpersonnummer.txt'), 'utf8')
  .split('\n').map((l) => l.trim()).filter((l) => /^201[0-6]\d{8}$/.test(l));
let seq = 0;
/** A fresh child: a test personnummer (born 2010-2016) and a name not used before. */
function freshChild() {
  seq += 1;
  return { child_pnr: childNumbers[(seq * 89) % childNumbers.length], child_name: `Kim Intagsson ${seq}` };
}

/** Files and submits a report as the school counsellor; returns it as submitted. */
async function fileReport(extra = {}) {
  const c = await kurator.json('POST', '/api/v1/reports', {
    ...freshChild(),
    category: 'neglect',
    observed: 'Barnet har vid upprepade tillfällen berättat att det är ensamt hemma på nätterna.',
    guardians_know: 'unknown',
    urgency: 'normal',
    reporter_phone: '070-000 00 00',
    ...extra,
  });
  assert.equal(c.status, 201, c.text);
  const s = await kurator.json('POST', `/api/v1/reports/${c.body.report.id}/submit`);
  assert.equal(s.status, 200, s.text);
  return s.body.report;
}

async function intakeOf(id) {
  const r = await social.json('GET', `/api/v1/reports/${id}/intake`);
  assert.equal(r.status, 200, r.text);
  return r.body.intake;
}

async function investigation(id) {
  const r = await social.json('GET', `/api/v1/investigations/${id}`);
  assert.equal(r.status, 200, r.text);
  return r.body.investigation;
}

/** Intake staff move the time of receipt (a correction with a reason). */
async function receivedAt(id, localTime) {
  const r = await social.json('POST', `/api/v1/reports/${id}/corrections`,
    { received_at: localTime, reason: 'Anmälan kom in per brev; mottagningstiden rättas.' });
  assert.equal(r.status, 200, r.text);
  return r.body.report;
}

const assess = (id, body = { needed: false, reasoning: 'Inget omedelbart skyddsbehov.' }) =>
  social.json('POST', `/api/v1/reports/${id}/protection`, body);
const decide = (id, body) => social.json('POST', `/api/v1/reports/${id}/decision`, body);
const notInvestigate = {
  decision: 'not_investigate',
  reasons: 'Familjen har redan stöd via Familjeteamet.',
  child_heard: true,
};

async function assessed(extra) {
  const rep = await fileReport(extra);
  const a = await assess(rep.id);
  assert.equal(a.status, 200, a.text);
  return rep;
}

async function inbox(query = '') {
  const r = await social.json('GET', `/api/v1/intake/inbox${query}`);
  assert.equal(r.status, 200, r.text);
  return r.body;
}

// --- deadlines --------------------------------------------------------------------------

test('a submitted report opens intake: protection assessment due at once, decision in 14 days', async () => {
  const rep = await fileReport();
  const i = await intakeOf(rep.id);
  assert.equal(i.report_id, rep.id);
  assert.equal(i.stage, 'new');
  assert.equal(i.act, 'SFS 2025:400');
  assert.ok(i.protection_due.day >= today(), 'protection is due today or on the next working day');
  assert.ok(i.protection_due.day <= today(5), JSON.stringify(i.protection_due));
  assert.equal(i.protection_needed, null);
  assert.equal(i.decision, null);
  assert.equal(i.feedback_due, null);
  assert.equal(i.by_violence_rule, false);
});

test('14-day due date: the decision is due 14 days after the day of receipt', async () => {
  const rep = await fileReport();
  const i = await intakeOf(rep.id);
  assert.equal(i.decision_due.day, addDays(today(), 14));
  // days_left counts to the day it moves to when the 14th day is not a working day.
  if (i.decision_due.moved_to === null) assert.equal(i.decision_due.days_left, 14);
  else assert.ok(i.decision_due.days_left > 14 && i.decision_due.moved_to > i.decision_due.day);
  assert.equal(i.decision_due.overdue, false);
  assert.equal(i.decision_due.soon, false);
});

test('next working day across Easter: a deadline on Easter Monday moves to the Tuesday', async () => {
  const rep = await fileReport();
  await receivedAt(rep.id, '2025-04-07T10:00');
  const i = await intakeOf(rep.id);
  assert.equal(i.decision_due.day, '2025-04-21');
  assert.equal(i.decision_due.moved_to, '2025-04-22');
  assert.equal(i.decision_due.overdue, true);
});

test('next working day across Easter: a report late on Maundy Thursday is assessed on the Tuesday', async () => {
  const rep = await fileReport();
  await receivedAt(rep.id, '2025-04-17T17:30');
  const due = (await intakeOf(rep.id)).protection_due;
  assert.equal(due.moved_to ?? due.day, '2025-04-22', JSON.stringify(due));
});

test('next working day across Midsummer: a deadline on Midsummer Eve moves to the Monday', async () => {
  const rep = await fileReport();
  await receivedAt(rep.id, '2025-06-06T10:00');
  const i = await intakeOf(rep.id);
  assert.equal(i.decision_due.day, '2025-06-20');
  assert.equal(i.decision_due.moved_to, '2025-06-23');
});

test('act chosen by event date: received 2025-06-30 is judged by the old act, 2025-07-01 by the new', async () => {
  const old = await fileReport();
  await receivedAt(old.id, '2025-06-30T14:00');
  assert.equal((await intakeOf(old.id)).act, 'SFS 2001:453');
  const next = await fileReport();
  await receivedAt(next.id, '2025-07-01T09:00');
  assert.equal((await intakeOf(next.id)).act, 'SFS 2025:400');
});

// --- protection assessment -----------------------------------------------------------------

test('the protection assessment is recorded once, with time and author', async () => {
  const rep = await fileReport();
  assertError(await assess(rep.id, { reasoning: 'Utan ställningstagande.' }), 400, 'invalid', 'needed');
  assertError(await assess(rep.id, { needed: 'nej' }), 400, 'invalid', 'needed');
  assertError(await assess(rep.id, { needed: false, at: 'i morse' }), 400, 'invalid', 'at');
  assertError(await assess(rep.id, { needed: false, at: localMinute(new Date(Date.now() + 86_400_000)) }), 400,
    'invalid', 'at');
  assert.equal((await intakeOf(rep.id)).stage, 'new');

  const a = await assess(rep.id, { needed: true, reasoning: 'Barnet är ensamt hemma i natt.' });
  assert.equal(a.status, 200, a.text);
  assert.equal(a.body.intake.stage, 'assessed');
  assert.equal(a.body.intake.protection_needed, true);
  assert.equal(a.body.intake.protection_reasoning, 'Barnet är ensamt hemma i natt.');
  assert.equal(a.body.intake.protection_by, social.user.id);
  assert.equal(typeof a.body.intake.protection_by_name, 'string');
  assert.match(a.body.intake.protection_at, ISO_UTC);

  assertError(await assess(rep.id, { needed: false }), 409, 'conflict');
  assert.equal((await intakeOf(rep.id)).protection_needed, true);
});

test('the decision comes after the protection assessment', async () => {
  const rep = await fileReport();
  assertError(await decide(rep.id, notInvestigate), 409, 'conflict');
  assert.equal((await intakeOf(rep.id)).decision, null);
});

// --- the pre-assessment decision ------------------------------------------------------------

test('a decision before the report was received is refused and nothing is written', async () => {
  const rep = await assessed();
  const before = new Date(Date.parse(rep.content.received_at) - 3_600_000);
  assertError(await decide(rep.id, { ...notInvestigate, at: localMinute(before) }), 400, 'invalid', 'at');
  assertError(await decide(rep.id, { ...notInvestigate, at: localMinute(new Date(Date.now() + 2 * 86_400_000)) }),
    400, 'invalid', 'at');
  const i = await intakeOf(rep.id);
  assert.equal(i.decision, null);
  assert.equal(i.decided_at, null);
  assert.equal(i.stage, 'assessed');
  assert.equal(i.feedback_due, null);
});

test('not opening an investigation needs reasons, and why the child was not heard', async () => {
  const rep = await assessed();
  assertError(await decide(rep.id, { decision: 'not_investigate', child_heard: true }), 400, 'invalid', 'reasons');
  assertError(await decide(rep.id, { decision: 'not_investigate', reasons: '  ', child_heard: true }), 400,
    'invalid', 'reasons');
  const noHeard = await decide(rep.id, { decision: 'not_investigate', reasons: 'Stöd finns redan.' });
  assertError(noHeard, 400, 'invalid', 'child_heard');
  assertError(await decide(rep.id, { ...notInvestigate, child_heard: false }), 400, 'invalid',
    'child_not_heard_reason');
  assertError(await decide(rep.id, { ...notInvestigate, decision: 'perhaps' }), 400, 'invalid', 'decision');
  assert.equal((await intakeOf(rep.id)).decision, null);

  const ok = await decide(rep.id, { ...notInvestigate, child_heard: false,
    child_not_heard_reason: 'Barnet är tre år.' });
  assert.equal(ok.status, 200, ok.text);
  const i = ok.body.intake;
  assert.equal(i.stage, 'decided');
  assert.equal(i.decision, 'not_investigate');
  assert.equal(i.child_heard, false);
  assert.equal(i.child_not_heard_reason, 'Barnet är tre år.');
  assert.equal(i.decided_by, social.user.id);
  assert.match(i.decided_at, ISO_UTC);
  assert.equal(i.investigation_id, null);
  // Feedback within a week of the decision (SFS 2025:1501, from 2026-01-15).
  assert.equal(i.feedback_due.day, addDays(today(), 7));
});

test('a second decision on the same report gets 409 and the first stands', async () => {
  const rep = await assessed();
  const first = await decide(rep.id, notInvestigate);
  assert.equal(first.status, 200, first.text);
  assertError(await decide(rep.id, { decision: 'investigate' }), 409, 'conflict');
  const i = await intakeOf(rep.id);
  assert.equal(i.decision, 'not_investigate');
  assert.equal(i.decided_at, first.body.intake.decided_at);
  assert.equal(i.investigation_id, null);
});

test('exceptional reason required after day 14', async () => {
  const rep = await fileReport();
  await receivedAt(rep.id, `${today(-20)}T10:00`);
  assert.equal((await assess(rep.id)).status, 200);
  const i0 = await intakeOf(rep.id);
  assert.equal(i0.decision_due.overdue, true);
  assertError(await decide(rep.id, notInvestigate), 400, 'invalid', 'exceptional_reason');
  assertError(await decide(rep.id, { ...notInvestigate, exceptional_reason: ' ' }), 400, 'invalid',
    'exceptional_reason');
  assert.equal((await intakeOf(rep.id)).decision, null);
  const ok = await decide(rep.id, { ...notInvestigate,
    exceptional_reason: 'Vårdnadshavarna var utomlands och kunde inte nås.' });
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.body.intake.exceptional_reason, 'Vårdnadshavarna var utomlands och kunde inte nås.');
});

test('within 14 days no exceptional reason is needed', async () => {
  const rep = await fileReport();
  await receivedAt(rep.id, `${today(-13)}T10:00`);
  assert.equal((await assess(rep.id)).status, 200);
  const ok = await decide(rep.id, notInvestigate);
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.body.intake.exceptional_reason, null);
});

// --- investigations --------------------------------------------------------------------------

test('four-month end and extension', async () => {
  const rep = await assessed();
  const d = await decide(rep.id, { decision: 'investigate', reasons: 'Behov av utredning.', child_heard: true });
  assert.equal(d.status, 200, d.text);
  const invId = d.body.intake.investigation_id;
  assert.equal(typeof invId, 'number');
  const inv = await investigation(invId);
  assert.equal(inv.basis, 'decision');
  assert.equal(inv.opened_by, social.user.id);
  assert.match(inv.opened_at, ISO_UTC);
  assert.equal(inv.end_date, addMonths(today(), 4));
  assert.equal(inv.closed_at, null);
  assert.deepEqual(inv.extensions, []);

  const ext = (body) => social.json('POST', `/api/v1/investigations/${invId}/extensions`, body);
  const later = addMonths(inv.end_date, 1);
  assertError(await ext({ new_end: later }), 400, 'invalid', 'reasons');
  assertError(await ext({ new_end: later, reasons: '' }), 400, 'invalid', 'reasons');
  assertError(await ext({ reasons: 'Särskilda skäl.', new_end: addDays(inv.end_date, -1) }), 400, 'invalid',
    'new_end');
  assertError(await ext({ reasons: 'Särskilda skäl.', new_end: '2027-02-30' }), 400, 'invalid', 'new_end');
  assertError(await ext({ reasons: 'Särskilda skäl.' }), 400, 'invalid', 'new_end');
  assert.deepEqual(await investigation(invId), inv, 'refused extensions change nothing');

  const ok = await ext({ reasons: 'Utlåtande från BUP dröjer.', new_end: later });
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.body.investigation.end_date, later);
  assert.equal(ok.body.investigation.extensions.length, 1);
  const x = ok.body.investigation.extensions[0];
  assert.equal(x.previous_end, inv.end_date);
  assert.equal(x.new_end, later);
  assert.equal(x.reasons, 'Utlåtande från BUP dröjer.');
  assert.equal(x.decided_by, social.user.id);

  const lines = (await inbox('?limit=1000')).lines;
  const line = lines.find((l) => l.kind === 'investigation' && l.investigation_id === invId);
  assert.ok(line, 'the open investigation is in the inbox');
  assert.equal(line.due.day, later);

  const closed = await social.json('POST', `/api/v1/investigations/${invId}/close`);
  assert.equal(closed.status, 200, closed.text);
  assert.match(closed.body.investigation.closed_at, ISO_UTC);
  assertError(await social.json('POST', `/api/v1/investigations/${invId}/close`), 409, 'conflict');
  const after = (await inbox('?limit=1000')).lines;
  assert.equal(after.some((l) => l.kind === 'investigation' && l.investigation_id === invId), false);
});

test('violence opens an investigation at once, without pre-assessment, and says why', async () => {
  const rep = await fileReport({ category: 'violence', urgency: 'acute' });
  const i = await intakeOf(rep.id);
  assert.equal(i.decision, 'investigate');
  assert.equal(i.by_violence_rule, true);
  assert.equal(typeof i.violence_rule_source, 'string');
  assert.ok(i.violence_rule_source.length > 0);
  assert.equal(i.decided_by, null, 'decided by the rule, not by a person');
  assert.equal(i.decision_due, null, 'no pre-assessment is due');
  assert.equal(typeof i.investigation_id, 'number');
  const inv = await investigation(i.investigation_id);
  assert.equal(inv.basis, 'violence');
  assert.equal(inv.opened_by, null);
  assert.equal(inv.end_date, addMonths(today(), 4));
  assertError(await decide(rep.id, notInvestigate), 409, 'conflict');
  // The protection assessment is still made, at once.
  assert.equal(i.protection_needed, null);
  const a = await assess(rep.id, { needed: true, reasoning: 'Barnet placeras akut.' });
  assert.equal(a.status, 200, a.text);
  assert.equal(a.body.intake.decision, 'investigate');
});

test('witnessing violence opens an investigation too; a second report joins the open one', async () => {
  const child = freshChild();
  const first = await fileReport({ ...child, category: 'witnessed_violence' });
  const i1 = await intakeOf(first.id);
  assert.equal(i1.by_violence_rule, true);
  const second = await fileReport({ ...child, category: 'violence' });
  const i2 = await intakeOf(second.id);
  assert.equal(i2.investigation_id, i1.investigation_id);
});

test('a report on a child with an open investigation is linked to it: decision ongoing', async () => {
  const child = freshChild();
  const v = await fileReport({ ...child, category: 'violence' });
  const invId = (await intakeOf(v.id)).investigation_id;
  const rep = await fileReport({ ...child });
  assert.equal((await assess(rep.id)).status, 200);
  const wrong = await decide(rep.id, { decision: 'ongoing', investigation_id: 99999999 });
  assertError(wrong, 400, 'invalid', 'investigation_id');
  const ok = await decide(rep.id, { decision: 'ongoing', investigation_id: invId });
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.body.intake.decision, 'ongoing');
  assert.equal(ok.body.intake.investigation_id, invId);

  const childId = (await social.json('GET', `/api/v1/reports/${rep.id}`)).body.report.child.id;
  const c = await social.json('GET', `/api/v1/children/${childId}`);
  assert.equal(c.status, 200, c.text);
  assert.ok(c.body.investigations.some((x) => x.id === invId), c.text);
  assert.ok(c.body.reports.some((x) => x.id === rep.id) && c.body.reports.some((x) => x.id === v.id));
});

// --- meeting, guardians, feedback --------------------------------------------------------------

test('the offer of a meeting and that guardians were informed are recorded with time', async () => {
  const rep = await fileReport({ category: 'violence' });
  const meet = (body) => social.json('POST', `/api/v1/reports/${rep.id}/meeting`, body);
  assertError(await meet({}), 400, 'invalid', 'to');
  assertError(await meet({ to: 'polisen' }), 400, 'invalid', 'to');
  assertError(await meet({ to: 'child', at: '2020-01-01T10:00' }), 400, 'invalid', 'at');
  assert.equal((await intakeOf(rep.id)).meeting_offered_at, null);
  const m = await meet({ to: 'child,guardian,reporter' });
  assert.equal(m.status, 200, m.text);
  assert.match(m.body.intake.meeting_offered_at, ISO_UTC);
  assert.equal(m.body.intake.meeting_offered_to, 'child,guardian,reporter');

  const g = await social.json('POST', `/api/v1/reports/${rep.id}/guardians-informed`);
  assert.equal(g.status, 200, g.text);
  assert.match(g.body.intake.guardians_informed_at, ISO_UTC);
  assertError(await social.json('POST', `/api/v1/reports/${rep.id}/guardians-informed`, { when: 'nu' }), 400,
    'unknown_field', 'when');
});

test('reporter sees feedback only', async () => {
  const rep = await assessed();
  const secret = 'Intern bedömning: familjen är känd sedan tidigare.';
  assertError(await social.json('POST', `/api/v1/reports/${rep.id}/feedback`, { message: 'För tidigt.' }), 409,
    'conflict');
  const d = await decide(rep.id, { ...notInvestigate, reasons: secret });
  assert.equal(d.status, 200, d.text);
  await social.json('POST', `/api/v1/reports/${rep.id}/corrections`,
    { observed: 'Rättad av mottagningen.', reason: 'Förtydligande.' });

  const before = (await kurator.json('GET', '/api/v1/reports')).body.reports.find((x) => x.id === rep.id);
  assert.equal(before.feedback_outcome, null);

  const f = await social.json('POST', `/api/v1/reports/${rep.id}/feedback`, { message: 'Tack för din anmälan.' });
  assert.equal(f.status, 200, f.text);
  assert.equal(f.body.intake.feedback_outcome, 'not_opened');
  assert.match(f.body.intake.feedback_sent_at, ISO_UTC);
  assertError(await social.json('POST', `/api/v1/reports/${rep.id}/feedback`, { message: 'Igen.' }), 409,
    'conflict');

  const line = (await kurator.json('GET', '/api/v1/reports')).body.reports.find((x) => x.id === rep.id);
  assert.equal(line.feedback_outcome, 'not_opened');
  assert.equal(line.feedback_unread, true);

  const r = await kurator.json('GET', `/api/v1/reports/${rep.id}`);
  assert.equal(r.status, 200, r.text);
  const seen = r.body.report;
  assert.equal(seen.feedback.outcome, 'not_opened');
  assert.equal(seen.feedback.message, 'Tack för din anmälan.');
  assert.match(seen.feedback.sent_at, ISO_UTC);
  assert.equal(seen.content.version, 1, 'her report as she sent it');
  assert.equal(seen.content.observed, rep.content.observed);
  assert.equal(seen.child, null);
  assert.ok(!r.text.includes(secret), 'no reasons of the decision');
  assert.ok(!r.text.includes('Rättad av mottagningen'), 'no later versions');
  const again = (await kurator.json('GET', '/api/v1/reports')).body.reports.find((x) => x.id === rep.id);
  assert.equal(again.feedback_unread, false, 'reading the report marks the feedback read');

  for (const p of ['intake', 'versions']) {
    assertError(await kurator.json('GET', `/api/v1/reports/${rep.id}/${p}`), 403, 'forbidden');
  }
  assertError(await kurator.json('POST', '/api/v1/children/search', { q: rep.content.child_pnr }), 403, 'forbidden');
});

test('feedback queues a mail that names nothing about the report', async () => {
  const rep = await assessed();
  assert.equal((await decide(rep.id, { decision: 'investigate', child_heard: true })).status, 200);
  const count = () => Number(sql(server.dbUrl,
    `SELECT COUNT(*) FROM mail_outbox WHERE user_id = ${kurator.user.id} AND kind = 'feedback'`));
  const before = count();
  const f = await social.json('POST', `/api/v1/reports/${rep.id}/feedback`, {});
  assert.equal(f.status, 200, f.text);
  assert.equal(f.body.intake.feedback_outcome, 'opened');
  assert.equal(count(), before + 1);
});

// --- who may see intake ----------------------------------------------------------------------

test('school user gets 403 on intake', async () => {
  const rep = await fileReport({ category: 'violence' });
  const invId = (await intakeOf(rep.id)).investigation_id;
  const since = Number(sql(server.dbUrl, 'SELECT COALESCE(MAX(id), 0) FROM access_log'));
  for (const who of [rektor, kurator, fritid, utveckling, admin]) {
    assertError(await who.json('GET', '/api/v1/intake/inbox'), 403, 'forbidden');
    assertError(await who.json('GET', `/api/v1/reports/${rep.id}/intake`), 403, 'forbidden');
    assertError(await who.json('POST', `/api/v1/reports/${rep.id}/protection`, { needed: false }), 403,
      'forbidden');
    assertError(await who.json('POST', `/api/v1/reports/${rep.id}/meeting`, { to: 'child' }), 403, 'forbidden');
    assertError(await who.json('GET', `/api/v1/investigations/${invId}`), 403, 'forbidden');
    assertError(await who.json('POST', `/api/v1/investigations/${invId}/extensions`,
      { reasons: 'x', new_end: '2099-01-01' }), 403, 'forbidden');
  }
  const i = await intakeOf(rep.id);
  assert.equal(i.protection_needed, null);
  assert.equal(i.meeting_offered_at, null);
  assert.deepEqual((await investigation(invId)).extensions, []);

  const r = await auditor.json('GET', `/api/v1/audit?user_id=${rektor.user.id}&limit=100`);
  const denied = r.body.entries.filter((e) => e.id > since && e.action === 'deny');
  assert.ok(denied.length >= 6, JSON.stringify(denied));
  assert.ok(denied.every((e) => e.outcome === 'denied'));
});

// --- the inbox -----------------------------------------------------------------------------------

test('the inbox lists what is due, acute first, with counts and a limit', async () => {
  const normal = await fileReport({ urgency: 'normal' });
  const acute = await fileReport({ urgency: 'acute' });
  const body = await inbox('?limit=1000');
  for (const k of ['protection', 'decision', 'feedback', 'investigations', 'overdue', 'soon']) {
    assert.equal(typeof body.counts[k], 'number', k);
  }
  assert.ok(body.counts.protection >= 2);
  const at = (id) => body.lines.findIndex((l) => l.kind === 'protection' && l.report_id === id);
  assert.ok(at(acute.id) >= 0 && at(normal.id) >= 0, 'both reports wait for a protection assessment');
  assert.ok(at(acute.id) < at(normal.id), 'acute before normal');
  const line = body.lines[at(acute.id)];
  assert.equal(line.number, acute.number);
  assert.equal(line.urgency, 'acute');
  assert.equal(typeof line.child_name, 'string');
  assert.equal(typeof line.child_age, 'number');
  assert.equal(typeof line.due.day, 'string');
  assert.equal(typeof line.due.overdue, 'boolean');

  assert.equal((await inbox('?limit=1')).lines.length, 1);
  assert.equal((await inbox('?limit=1')).counts.protection, body.counts.protection, 'counts are over all');
  for (const bad of ['0', '1001', 'x', '-1', '5x', '']) {
    assertError(await social.json('GET', `/api/v1/intake/inbox?limit=${bad}`), 400, 'invalid', 'limit');
  }

  assert.equal((await assess(acute.id)).status, 200);
  const next = await inbox('?limit=1000');
  assert.equal(next.lines.some((l) => l.kind === 'protection' && l.report_id === acute.id), false);
  assert.ok(next.lines.some((l) => l.kind === 'decision' && l.report_id === acute.id));
});

// --- searchability (the old act's practice) -------------------------------------------------------

test('a report received before 2025-07-01 that led to no investigation is not found by name or personnummer', async () => {
  const child = freshChild();
  const old = await fileReport({ ...child });
  await receivedAt(old.id, '2025-03-10T10:00');
  assert.equal((await assess(old.id)).status, 200);
  const d = await decide(old.id, { ...notInvestigate, exceptional_reason: 'Rättad mottagningstid.' });
  assert.equal(d.status, 200, d.text);

  const seen = (await social.json('GET', `/api/v1/reports/${old.id}`)).body.report;
  assert.equal(seen.hidden, true, 'still reached by its id');
  const search = async (q) => {
    const r = await social.json('POST', '/api/v1/children/search', { q });
    assert.equal(r.status, 200, r.text);
    return r.body.children.some((c) => c.id === seen.child.id);
  };
  assert.equal(await search(child.child_pnr), false);
  assert.equal(await search(child.child_name), false);

  // A report under the new act makes the child searchable, but not the old report.
  const fresh = await fileReport({ ...child });
  assert.equal(await search(child.child_pnr), true);
  const c = await social.json('GET', `/api/v1/children/${seen.child.id}`);
  const ids = c.body.reports.map((x) => x.id);
  assert.ok(ids.includes(fresh.id));
  assert.equal(ids.includes(old.id), false);
});

test('a report received before 2025-07-01 that led to an investigation stays searchable', async () => {
  const child = freshChild();
  const old = await fileReport({ ...child });
  await receivedAt(old.id, '2025-03-10T10:00');
  assert.equal((await assess(old.id)).status, 200);
  const d = await decide(old.id, { decision: 'investigate', exceptional_reason: 'Rättad mottagningstid.' });
  assert.equal(d.status, 200, d.text);
  const r = await social.json('POST', '/api/v1/children/search', { q: child.child_pnr });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.children.length, 1);
  assert.equal((await social.json('GET', `/api/v1/reports/${old.id}`)).body.report.hidden, false);
});
