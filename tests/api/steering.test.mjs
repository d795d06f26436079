// Steering (styrning): groups with their members, conveners and required cadence; meetings
// with agenda, attendance, minutes, decisions and action items; the cooperation plan in
// versions; the yearly activity plan with its rows and filters. Who may edit what, and the
// personnummer warning on free text. Tests are named after the rules they show.
// Contract: docs/API.md "Steering"; src/domain/group.h, plan.h; DOMAIN.md "The strategic
// and tactical levels". Only Skatteverket's test numbers.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../lib/server.mjs';
import { login, startWithLogins, errorAsserter, ISO_UTC } from '../lib/api.mjs';

const assertError = errorAsserter({ message: 'non-empty' });

let server, admin, auditor, kurator, rektor, fritid, utveckling;

before(async () => {
  ({ server, admin, auditor, kurator } = await startWithLogins(['admin', 'auditor', 'kurator']));
  rektor = await login(server.url, { email: 'rektor@demoby.example', password: 'demo-rektor-2026' });
  // The leisure leader is in no styrgrupp, in the demo or here: she may not edit plans.
  fritid = await login(server.url, { email: 'fritid@demoby.example', password: 'demo-fritid-2026' });
  utveckling = await login(server.url,
    { email: 'utveckling@demoby.example', password: 'demo-utveckling-2026' });
  // Plans are edited by the styrgrupp's members: make the development lead one, whatever
  // the demo data holds.
  const g = await admin.json('POST', '/api/v1/groups',
    { name: 'Styrgrupp (API-test)', kind: 'styrgrupp', purpose: 'Leder samverkan.' });
  assert.equal(g.status, 201, g.text);
  const m = await admin.json('POST', `/api/v1/groups/${g.body.group.id}/members`,
    { user_id: utveckling.user.id });
  assert.equal(m.status, 201, m.text);
});

after(() => server?.stop());

// --- helpers ------------------------------------------------------------------------

/** Today as a Stockholm calendar day, YYYY-MM-DD. */
function today() {
  const p = Object.fromEntries(new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/Stockholm', year: 'numeric', month: '2-digit', day: '2-digit',
  }).formatToParts(new Date()).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day}`;
}
const thisYear = Number(today().slice(0, 4));

/** A Luhn-valid test personnummer written as people write it: YYYYMMDD-NNNN. */
const testPnr = (() => {
  const n = fs.readFileSync(path.join(repoRoot, 'tests', 'data', 'testpersonnummer.txt'), 'utf8')
    .split('\n').map((l) => l.trim()).find((l) => /^20\d{10}$/.test(l));
  return `${n.slice(0, 8)}-${n.slice(8)}`;
})();
/** Another one, for a text changed to hold a different number. */
const otherTestPnr = (() => {
  const n = fs.readFileSync(path.join(repoRoot, 'tests', 'data', 'testpersonnummer.txt'), 'utf8')
    .split('\n').map((l) => l.trim()).filter((l) => /^20\d{10}$/.test(l))[1];
  return `${n.slice(0, 8)}-${n.slice(8)}`;
})();

/** The personnummer warning on a group's texts: where the number is, the rule, what to do. */
const pnrWhere = (where) => `Det ser ut att finnas ett personnummer i ${where}. `
  + 'Protokoll får inte innehålla personuppgifter om enskilda barn.';
const PNR_TODO = 'Ta bort numret, eller bekräfta att texten inte innehåller personuppgifter om '
  + 'ett barn.';

let seq = 0;
/** A group made by `who` (its convener when staff); returns the group. */
async function newGroup(who, extra = {}) {
  seq += 1;
  const r = await who.json('POST', '/api/v1/groups',
    { name: `Samverkansgrupp ${seq} (API-test)`, kind: 'samverkansgrupp', ...extra });
  assert.equal(r.status, 201, r.text);
  return r.body.group;
}

async function newMeeting(who, groupId, body) {
  const r = await who.json('POST', `/api/v1/groups/${groupId}/meetings`, body);
  assert.equal(r.status, 201, r.text);
  return r.body.meeting;
}

/** A function made by the administrator; returns it. */
async function newFunction(name) {
  const r = await admin.json('POST', '/api/v1/functions', { name: `${name} ${++seq} (API-test)` });
  assert.equal(r.status, 201, r.text);
  return r.body.function;
}

/** A staff user made by the administrator, logged in; returns the client. */
async function newStaff(name, extra = {}) {
  seq += 1;
  const who = { email: `styrning.test${seq}@demoby.example`, password: `Styrningstest-${seq}-lösen` };
  const r = await admin.json('POST', '/api/v1/users',
    { name: `${name} ${seq}`, role: 'staff', ...who, ...extra });
  assert.equal(r.status, 201, r.text);
  return login(server.url, who);
}

/** A meeting's attendance as {user_id: {present, member}}. */
const attendanceOf = (m) => Object.fromEntries(m.attendance.map(
  (a) => [a.user_id, { present: a.present, member: a.member }]));

/** The access log's rows with an id above `since`. */
async function logSince(since) {
  const r = await auditor.json('GET', '/api/v1/audit?limit=500');
  assert.equal(r.status, 200, r.text);
  return r.body.entries.filter((e) => e.id > since);
}

/** A cooperation plan made by the administrator; returns it. */
async function newCoopPlan(extra) {
  const r = await admin.json('POST', '/api/v1/coop-plans', {
    title: 'Samverkansplan (API-test)',
    purpose: 'Barn och unga i riskzon ska få tidigt och samordnat stöd.',
    adopted_by: 'Socialnämnden och barn- och utbildningsnämnden',
    goals: '1. Gemensamma rutiner\n2. Gemensamma mötesstrukturer\n3. Kunskap om varandra',
    strategies: 'Binda samman verksamheternas resurser',
    ...extra,
  });
  assert.equal(r.status, 201, r.text);
  return r.body.coop_plan;
}

// --- groups -------------------------------------------------------------------------

test('test_any_staff_user_creates_a_group_and_becomes_its_convener', async () => {
  const list = await kurator.json('GET', '/api/v1/groups');
  assert.equal(list.status, 200, list.text);
  const kinds = Object.fromEntries(list.body.kinds.map((k) => [k.kind, k]));
  assert.deepEqual(Object.keys(kinds).sort(), ['arbetsgrupp', 'namnd', 'operativ_grupp',
    'referensgrupp', 'samverkansgrupp', 'styrgrupp', 'tva_plus_tva']);
  assert.equal(kinds.tva_plus_tva.meetings_per_year, 3, '2+2 meets three times a year');
  assert.equal(kinds.styrgrupp.meetings_per_year, 8, 'the styrgrupp at least eight');
  assert.equal(kinds.tva_plus_tva.label, '2+2');

  const g = await newGroup(kurator, { purpose: 'Samverkan skola och socialtjänst.' });
  assert.equal(g.kind, 'samverkansgrupp');
  assert.equal(g.level, kinds.samverkansgrupp.level, 'the level defaults from the kind');
  assert.equal(g.meetings_per_year, kinds.samverkansgrupp.meetings_per_year);
  assert.equal(g.purpose, 'Samverkan skola och socialtjänst.');
  assert.equal(g.active, true);
  assert.match(g.created_at, ISO_UTC);
  assert.equal(g.can_edit, true);
  assert.equal(g.members.length, 1);
  assert.equal(g.members[0].user_id, kurator.user.id);
  assert.equal(g.members[0].function_id, null);
  assert.equal(g.members[0].convener, true);

  const again = await kurator.json('GET', `/api/v1/groups/${g.id}`);
  assert.equal(again.status, 200);
  assert.deepEqual(again.body.group, g);
  assert.ok((await kurator.json('GET', '/api/v1/groups')).body.groups.some((x) => x.id === g.id));

  const s = await kurator.json('POST', '/api/v1/groups',
    { name: '2+2 (API-test)', kind: 'tva_plus_tva', level: 'strategic', meetings_per_year: 4 });
  assert.equal(s.status, 201, s.text);
  assert.equal(s.body.group.meetings_per_year, 4, 'a cadence given overrides the default');
});

test('test_only_an_administrator_makes_a_styrgrupp_since_its_members_edit_the_plans', async () => {
  assertError(await fritid.json('POST', '/api/v1/groups', { name: `Egen styrgrupp ${++seq}`, kind: 'styrgrupp' }),
    403, 'forbidden');
  const g = await fritid.json('POST', '/api/v1/groups', { name: `Arbetsgrupp ${++seq}`, kind: 'arbetsgrupp' });
  assert.equal(g.status, 201, g.text);
  assertError(await fritid.json('PATCH', `/api/v1/groups/${g.body.group.id}`, { kind: 'styrgrupp' }),
    403, 'forbidden');
  assert.equal((await fritid.json('GET', `/api/v1/groups/${g.body.group.id}`)).body.group.kind, 'arbetsgrupp');
  // A function as convener: whoever holds it edits the group (the kurator is Skolkurator).
  const fns = (await admin.json('GET', '/api/v1/functions')).body.functions;
  const kuratorFn = fns.find((f) => f.name === 'Skolkurator');
  const add = await fritid.json('POST', `/api/v1/groups/${g.body.group.id}/members`,
    { function_id: kuratorFn.id, convener: true });
  assert.equal(add.status, 201, add.text);
  const edit = await kurator.json('PATCH', `/api/v1/groups/${g.body.group.id}`, { purpose: 'Ändrat av kuratorn.' });
  assert.equal(edit.status, 200, edit.text);
});

test('test_only_an_administrator_switches_a_styrgrupp_off_or_on', async () => {
  // Membership of an active styrgrupp is the right to edit the plans: a convener who is
  // no administrator may not switch it off (nor on again), as she may not change its members.
  const convener = await newStaff('Styrgruppens sammankallande');
  const g = await admin.json('POST', '/api/v1/groups',
    { name: `Styrgrupp ${++seq} (på och av)`, kind: 'styrgrupp', purpose: 'Före.' });
  assert.equal(g.status, 201, g.text);
  const gid = g.body.group.id;
  const conv = await admin.json('POST', `/api/v1/groups/${gid}/members`,
    { user_id: convener.user.id, convener: true });
  assert.equal(conv.status, 201, conv.text);
  const editsPlans = async () => (await convener.json('GET', '/api/v1/coop-plans')).body
    .coop_plans.some((p) => p.can_edit);
  assert.equal(await editsPlans(), true, 'a member of an active styrgrupp edits the plans');

  const since = (await auditor.json('GET', '/api/v1/audit?limit=1')).body.entries[0].id;
  assertError(await convener.json('PATCH', `/api/v1/groups/${gid}`,
    { active: false, purpose: 'Efter.' }), 403, 'forbidden', 'active');
  let now = (await admin.json('GET', `/api/v1/groups/${gid}`)).body.group;
  assert.equal(now.active, true, 'still active');
  assert.equal(now.closed_on, null);
  assert.equal(now.purpose, 'Före.', 'nothing of the write is saved');
  assert.equal(await editsPlans(), true, 'she still edits the plans');
  const rows = (await logSince(since)).filter((e) => e.user_id === convener.user.id);
  assert.deepEqual(rows.map((e) => [e.action, e.record_type, e.record_id, e.outcome]),
    [['deny', 'group', gid, 'denied']], 'the refusal is logged');

  // She still edits the rest, and may send the active flag it already has.
  const same = await convener.json('PATCH', `/api/v1/groups/${gid}`,
    { active: true, purpose: 'Efter.' });
  assert.equal(same.status, 200, same.text);
  assert.equal(same.body.group.purpose, 'Efter.');

  const off = await admin.json('PATCH', `/api/v1/groups/${gid}`, { active: false });
  assert.equal(off.status, 200, off.text);
  assert.equal(off.body.group.active, false);
  assert.equal(await editsPlans(), false, 'an inactive styrgrupp gives no right to the plans');
  assertError(await convener.json('PATCH', `/api/v1/groups/${gid}`, { active: true }),
    403, 'forbidden', 'active');
  assert.equal((await admin.json('GET', `/api/v1/groups/${gid}`)).body.group.active, false,
    'nor may she switch it on again');

  // Another kind of group is its conveners' to switch off and on.
  const other = await newGroup(convener);
  const o = await convener.json('PATCH', `/api/v1/groups/${other.id}`, { active: false });
  assert.equal(o.status, 200, o.text);
  assert.equal(o.body.group.active, false);
});

/** The options of a page's <select name="…">, as [value, selected]. */
function selectOptions(html, name) {
  const m = html.match(new RegExp(`<select id="f-${name}" name="${name}"[^>]*>([\\s\\S]*?)</select>`));
  assert.ok(m, `a select ${name}`);
  return [...m[1].matchAll(/<option value="([^"]*)"( selected)?>/g)].map((o) => [o[1], !!o[2]]);
}

test('test_a_samverkansgrupp_is_warned_without_a_convener_from_each_sector', async () => {
  // The kurator works in the school sector: the social services' convener is missing.
  const g = await newGroup(kurator);
  assert.equal(g.kind, 'samverkansgrupp');
  assert.match(g.convener_warning,
    /^En samverkansgrupp ska ha två sammankallande, .*Nu saknas en sammankallande från socialtjänsten\.$/);
  const page = await kurator.request('GET', `/styrning/grupper/${g.id}`);
  assert.ok(page.text.includes('Nu saknas en sammankallande från socialtjänsten.'),
    'said on the group page');
  const list = await kurator.request('GET', '/styrning/grupper');
  assert.ok(list.text.includes('Sammankallande saknas från en sektor.'), 'and in the list');

  // A member from the social services who is no convener changes nothing; as convener she does.
  const users = (await admin.json('GET', '/api/v1/users')).body.users;
  const social = users.find((u) => u.email === 'socialsekreterare@demoby.example');
  let r = await kurator.json('POST', `/api/v1/groups/${g.id}/members`, { user_id: social.id });
  assert.equal(r.status, 201, r.text);
  assert.match(r.body.group.convener_warning, /socialtjänsten/);
  const m = r.body.group.members.find((x) => x.user_id === social.id);
  assert.equal((await kurator.del(`/api/v1/groups/${g.id}/members/${m.id}`)).status, 204);
  r = await kurator.json('POST', `/api/v1/groups/${g.id}/members`,
    { user_id: social.id, convener: true });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.group.convener_warning, null);

  // Other kinds have no such rule; the demo's samverkansgrupp has both.
  const other = await newGroup(kurator, { kind: 'arbetsgrupp' });
  assert.equal(other.convener_warning, null);
  const demo = (await kurator.json('GET', '/api/v1/groups')).body.groups
    .find((x) => x.name === 'Samverkansgruppen barn och unga');
  assert.equal(demo.convener_warning, null);
});

test('test_a_convener_cannot_leave_an_active_group_without_a_convener', async () => {
  const g = await newGroup(kurator);
  const me = g.members.find((m) => m.user_id === kurator.user.id);
  assert.equal(me.convener, true);

  // The last convener removing herself: 409, and she is still there.
  let r = await kurator.del(`/api/v1/groups/${g.id}/members/${me.id}`);
  assertError(r, 409, 'conflict');
  assert.match(r.body.error.message, /^Gruppen måste ha minst en sammankallande\./);
  let now = (await kurator.json('GET', `/api/v1/groups/${g.id}`)).body.group;
  assert.ok(now.members.some((m) => m.id === me.id), 'nothing was removed');
  assert.equal(now.can_edit, true);

  // On the page: the group page again with the reason, not an error page.
  const page = await kurator.form(`/styrning/grupper/${g.id}/medlemmar/${me.id}/ta-bort`,
    { _csrf: kurator.csrf });
  assert.equal(page.status, 409);
  assert.match(page.text, /<h1[^>]*>[^<]*<\/h1>/);
  assert.ok(page.text.includes('Gruppen måste ha minst en sammankallande.'));

  // With a second convener she may leave.
  const add = await kurator.json('POST', `/api/v1/groups/${g.id}/members`,
    { user_id: utveckling.user.id, convener: true });
  assert.equal(add.status, 201, add.text);
  r = await kurator.del(`/api/v1/groups/${g.id}/members/${me.id}`);
  assert.equal(r.status, 204, r.text);

  // An administrator may remove the last one (she can always edit the group).
  now = (await admin.json('GET', `/api/v1/groups/${g.id}`)).body.group;
  const last = now.members.find((m) => m.user_id === utveckling.user.id);
  assert.equal((await admin.del(`/api/v1/groups/${g.id}/members/${last.id}`)).status, 204);
});

test('test_the_group_forms_offer_a_styrgrupp_only_to_administrators', async () => {
  // The new-group form: a kurator is not offered the styrgrupp, and the form starts on
  // a kind she may make; the administrator is offered every kind.
  const page = await kurator.request('GET', '/styrning/grupper');
  assert.equal(page.status, 200);
  const kinds = selectOptions(page.text, 'kind');
  assert.ok(!kinds.some(([v]) => v === 'styrgrupp'), 'no styrgrupp for a kurator');
  assert.deepEqual(kinds.filter(([, sel]) => sel).map(([v]) => v), ['arbetsgrupp']);
  const adminKinds = selectOptions((await admin.request('GET', '/styrning/grupper')).text, 'kind');
  assert.ok(adminKinds.some(([v]) => v === 'styrgrupp'));
  assert.deepEqual(adminKinds.filter(([, sel]) => sel).map(([v]) => v), ['arbetsgrupp']);

  // A refusal that still comes (a form from before, or made by hand) is the form again
  // with the message on the kind and what was typed; nothing is made, the denial logged.
  const name = `Kuratorns styrgrupp ${++seq}`;
  const since = (await auditor.json('GET', '/api/v1/audit?limit=1')).body.entries[0].id;
  const refused = await kurator.form('/styrning/grupper', {
    _csrf: kurator.csrf, name, kind: 'styrgrupp', level: '', meetings_per_year: '',
    purpose: 'Syftet som skrevs in.',
  });
  assert.equal(refused.status, 403);
  assert.match(refused.text, /<h1[^>]*>Grupper<\/h1>/, 'the groups page, not an error page');
  assert.match(refused.text, /<a href="#f-kind">Bara en administratör kan lägga upp en styrgrupp/);
  assert.match(refused.text, /id="e-kind"[^>]*>[^<]*Bara en administratör kan lägga upp en styrgrupp/);
  assert.ok(refused.text.includes(`value="${name}"`), 'the name is kept');
  assert.match(refused.text, /name="purpose"[^>]*>\s*Syftet som skrevs in\.<\/textarea>/, 'the purpose is kept');
  assert.ok(!(await admin.json('GET', '/api/v1/groups')).body.groups.some((g) => g.name === name));
  assert.deepEqual((await logSince(since)).filter((e) => e.user_id === kurator.user.id)
    .map((e) => [e.action, e.record_type, e.outcome, e.channel]),
  [['deny', 'group', 'denied', 'web']]);

  // The edit form of a styrgrupp, for its convener who is no administrator: the kind
  // cannot be changed and there is no box "Aktiv"; saving the rest works.
  const convener = await newStaff('Styrgruppssidans sammankallande');
  const sg = await admin.json('POST', '/api/v1/groups',
    { name: `Styrgrupp ${++seq} (sidtest)`, kind: 'styrgrupp', purpose: 'Före.' });
  assert.equal(sg.status, 201, sg.text);
  const sgid = sg.body.group.id;
  assert.equal((await admin.json('POST', `/api/v1/groups/${sgid}/members`,
    { user_id: convener.user.id, convener: true })).status, 201);
  const edit = await convener.request('GET', `/styrning/grupper/${sgid}`);
  assert.equal(edit.status, 200);
  assert.deepEqual(selectOptions(edit.text, 'kind'), [['styrgrupp', true]]);
  assert.ok(!edit.text.includes('name="active"'), 'no box to switch the styrgrupp off');
  assert.match(edit.text, /id="f-active"[^>]*>Styrgruppen är aktiv\. Bara en administratör/);
  const fields = {
    _csrf: convener.csrf, name: sg.body.group.name, kind: 'styrgrupp', level: 'strategic',
    meetings_per_year: '8', purpose: 'Efter.',
  };
  const saved = await convener.form(`/styrning/grupper/${sgid}`, fields);
  assert.equal(saved.status, 303, saved.text.slice(0, 300));
  let now = (await admin.json('GET', `/api/v1/groups/${sgid}`)).body.group;
  assert.equal(now.purpose, 'Efter.');
  assert.equal(now.active, true, 'saving the form leaves it active');

  const away = await convener.form(`/styrning/grupper/${sgid}`,
    { ...fields, kind: 'arbetsgrupp', purpose: 'Annat syfte.' });
  assert.equal(away.status, 403);
  assert.match(away.text, /id="e-kind"[^>]*>[^<]*Bara en administratör kan göra en grupp till styrgrupp/);
  assert.match(away.text, /name="purpose"[^>]*>\s*Annat syfte\.<\/textarea>/, 'what was typed is kept');
  const off = await convener.form(`/styrning/grupper/${sgid}`, { ...fields, active_shown: '1' });
  assert.equal(off.status, 403);
  assert.match(off.text, /<a href="#f-active">Bara en administratör kan göra en styrgrupp inaktiv/);
  now = (await admin.json('GET', `/api/v1/groups/${sgid}`)).body.group;
  assert.equal(now.kind, 'styrgrupp');
  assert.equal(now.active, true);
  assert.equal(now.purpose, 'Efter.');

  // Another group's edit form: every kind but the styrgrupp, and the box "Aktiv".
  const other = await newGroup(convener);
  const otherEdit = await convener.request('GET', `/styrning/grupper/${other.id}`);
  const otherKinds = selectOptions(otherEdit.text, 'kind');
  assert.ok(!otherKinds.some(([v]) => v === 'styrgrupp'));
  assert.deepEqual(otherKinds.filter(([, sel]) => sel).map(([v]) => v), ['samverkansgrupp']);
  assert.ok(otherEdit.text.includes('name="active"'));
  const closed = await convener.form(`/styrning/grupper/${other.id}`, {
    _csrf: convener.csrf, name: other.name, kind: other.kind, level: other.level,
    meetings_per_year: String(other.meetings_per_year), purpose: '', active_shown: '1',
  });
  assert.equal(closed.status, 303, closed.text.slice(0, 300));
  assert.equal((await convener.json('GET', `/api/v1/groups/${other.id}`)).body.group.active, false,
    'the box unticked makes her own group inactive');
});

test('test_group_input_is_checked_field_by_field', async () => {
  assertError(await kurator.json('POST', '/api/v1/groups', { kind: 'arbetsgrupp' }),
    400, 'invalid', 'name');
  assertError(await kurator.json('POST', '/api/v1/groups', { name: 'Grupp X', kind: 'klubb' }),
    400, 'invalid', 'kind');
  assertError(await kurator.json('POST', '/api/v1/groups',
    { name: 'Grupp Y', kind: 'arbetsgrupp', level: 'galaktisk' }), 400, 'invalid', 'level');
  assertError(await kurator.json('POST', '/api/v1/groups',
    { name: 'Grupp Z', kind: 'arbetsgrupp', meetings_per_year: 400 }),
  400, 'invalid', 'meetings_per_year');
  assertError(await kurator.json('POST', '/api/v1/groups',
    { name: 'Grupp Z', kind: 'arbetsgrupp', meetings_per_year: 2 ** 40 }),
  400, 'invalid', 'meetings_per_year');
  assertError(await kurator.json('POST', '/api/v1/groups',
    { name: 'Grupp W', kind: 'arbetsgrupp', colour: 'blå' }), 400, 'unknown_field', 'colour');
  const g = await newGroup(kurator);
  assertError(await kurator.json('POST', '/api/v1/groups', { name: g.name, kind: 'arbetsgrupp' }),
    409, 'conflict', 'name');
  assertError(await kurator.json('GET', '/api/v1/groups/999999'), 404, 'not_found');
});

test('test_only_conveners_and_administrators_edit_a_group_and_its_members', async () => {
  const g = await newGroup(kurator);

  const seen = await rektor.json('GET', `/api/v1/groups/${g.id}`);
  assert.equal(seen.status, 200, 'all staff read the groups');
  assert.equal(seen.body.group.can_edit, false);
  assertError(await rektor.json('PATCH', `/api/v1/groups/${g.id}`, { purpose: 'Annat' }),
    403, 'forbidden');
  assertError(await rektor.json('POST', `/api/v1/groups/${g.id}/members`,
    { user_id: rektor.user.id }), 403, 'forbidden');

  const p = await kurator.json('PATCH', `/api/v1/groups/${g.id}`,
    { purpose: 'Samverkan kring skolfrånvaro.', meetings_per_year: 6 });
  assert.equal(p.status, 200, p.text);
  assert.equal(p.body.group.purpose, 'Samverkan kring skolfrånvaro.');
  assert.equal(p.body.group.meetings_per_year, 6);
  assert.equal(p.body.group.name, g.name, 'fields not given stay');

  // A member who is not a convener still may not edit.
  const add = await kurator.json('POST', `/api/v1/groups/${g.id}/members`,
    { user_id: rektor.user.id });
  assert.equal(add.status, 201, add.text);
  const member = add.body.group.members.find((m) => m.user_id === rektor.user.id);
  assert.equal(member.convener, false);
  assertError(await rektor.json('PATCH', `/api/v1/groups/${g.id}`, { purpose: 'Annat' }),
    403, 'forbidden');
  assertError(await kurator.json('POST', `/api/v1/groups/${g.id}/members`,
    { user_id: rektor.user.id }), 409, 'conflict');
  assertError(await kurator.json('POST', `/api/v1/groups/${g.id}/members`,
    { user_id: rektor.user.id, function_id: 1 }), 400, 'invalid');
  assertError(await kurator.json('POST', `/api/v1/groups/${g.id}/members`, {}), 400, 'invalid');

  // A function as a member: whoever holds it.
  const fns = await admin.json('GET', '/api/v1/functions');
  const fn = fns.body.functions[0];
  const byFn = await admin.json('POST', `/api/v1/groups/${g.id}/members`, { function_id: fn.id });
  assert.equal(byFn.status, 201, 'an administrator edits any group');
  const fm = byFn.body.group.members.find((m) => m.function_id === fn.id);
  assert.equal(fm.function_name, fn.name);
  assert.equal(fm.user_id, null);

  // A second convener may edit.
  const conv = await kurator.json('POST', `/api/v1/groups/${g.id}/members`,
    { user_id: utveckling.user.id, convener: true });
  assert.equal(conv.status, 201, conv.text);
  const u = await utveckling.json('PATCH', `/api/v1/groups/${g.id}`, { active: false });
  assert.equal(u.status, 200, u.text);
  assert.equal(u.body.group.active, false);

  assertError(await rektor.del(`/api/v1/groups/${g.id}/members/${member.id}`), 403, 'forbidden');
  const del = await kurator.del(`/api/v1/groups/${g.id}/members/${member.id}`);
  assert.equal(del.status, 204, del.text);
  const after = await kurator.json('GET', `/api/v1/groups/${g.id}`);
  assert.ok(!after.body.group.members.some((m) => m.id === member.id));

  const a = await admin.json('PATCH', `/api/v1/groups/${g.id}`, { active: true });
  assert.equal(a.status, 200, a.text);
  assert.equal(a.body.group.can_edit, true);
});

test('test_the_log_reviewer_is_refused_everything_in_steering', async () => {
  const g = await newGroup(kurator);
  const mt = await newMeeting(kurator, g.id, { day: today(), status: 'planned' });
  const reads = ['/api/v1/groups', '/api/v1/groups/cadence', `/api/v1/groups/${g.id}`,
    '/api/v1/steering/people',
    `/api/v1/groups/${g.id}/meetings`, `/api/v1/meetings/${mt.id}`, '/api/v1/actions',
    '/api/v1/coop-plans', '/api/v1/activity-plans', `/api/v1/activity-plans/${thisYear}`,
    `/api/v1/activity-plans/${thisYear}/export?format=csv`];
  for (const p of reads) assertError(await auditor.json('GET', p), 403, 'forbidden');
  assertError(await auditor.json('POST', '/api/v1/groups', { name: 'Logg', kind: 'arbetsgrupp' }),
    403, 'forbidden');
  assertError(await auditor.json('PATCH', `/api/v1/meetings/${mt.id}`, { title: 'x' }),
    403, 'forbidden');
  assertError(await auditor.json('POST', '/api/v1/activity-plans', { year: 2050 }),
    403, 'forbidden');
});

// --- cadence ------------------------------------------------------------------------

test('test_meetings_held_against_required_per_year_with_the_gap', async () => {
  const g = await newGroup(kurator, { kind: 'tva_plus_tva', name: `2+2 kadens (API-test)` });
  assert.equal(g.meetings_per_year, 3);
  await newMeeting(kurator, g.id, { day: `${thisYear}-01-01`, status: 'held' });
  await newMeeting(kurator, g.id, { day: today(), status: 'held' });
  await newMeeting(kurator, g.id, { day: `${thisYear}-12-31`, status: 'planned' });
  await newMeeting(kurator, g.id, { day: `${thisYear}-01-01`, status: 'cancelled' });
  await newMeeting(kurator, g.id, { day: `${thisYear - 1}-06-15`, status: 'held' });

  const now = await rektor.json('GET', `/api/v1/groups/cadence?year=${thisYear}`);
  assert.equal(now.status, 200, now.text);
  assert.equal(now.body.year, thisYear);
  const c = now.body.groups.find((x) => x.group_id === g.id);
  assert.deepEqual(
    { required: c.required, held: c.held, planned: c.planned, gap: c.gap },
    { required: 3, held: 2, planned: 1, gap: 1 },
    'cancelled meetings and last year\'s do not count');
  assert.equal(c.name, g.name);
  assert.equal(c.kind, 'tva_plus_tva');

  // Made this year, but it held a meeting last year (recorded afterwards): it counts then.
  const last = await rektor.json('GET', `/api/v1/groups/cadence?year=${thisYear - 1}`);
  const l = last.body.groups.find((x) => x.group_id === g.id);
  assert.deepEqual({ held: l.held, gap: l.gap }, { held: 1, gap: 2 });

  const dflt = await rektor.json('GET', '/api/v1/groups/cadence');
  assert.equal(dflt.body.year, thisYear, 'the year defaults to this year');
  assert.deepEqual(dflt.body.groups.find((x) => x.group_id === g.id), c);

  // More held than required: no gap.
  await newMeeting(kurator, g.id, { day: `${thisYear}-01-01`, status: 'held' });
  await newMeeting(kurator, g.id, { day: `${thisYear}-01-01`, status: 'held' });
  const over = await rektor.json('GET', `/api/v1/groups/cadence?year=${thisYear}`);
  const o = over.body.groups.find((x) => x.group_id === g.id);
  assert.deepEqual({ held: o.held, gap: o.gap }, { held: 4, gap: 0 });

  for (const y of ['abc', '20x6', '-1', '12']) {
    assertError(await rektor.json('GET', `/api/v1/groups/cadence?year=${y}`), 400, 'invalid', 'year');
  }
});

test('test_a_closed_group_counts_in_the_years_it_existed_and_not_after', async () => {
  const g = await newGroup(kurator, { kind: 'tva_plus_tva', name: `2+2 stängd ${++seq} (API-test)` });
  assert.equal(g.closed_on, null);
  await newMeeting(kurator, g.id, { day: today(), status: 'held' });
  const listed = async (year) => {
    const r = await rektor.json('GET', `/api/v1/groups/cadence?year=${year}`);
    assert.equal(r.status, 200, r.text);
    return r.body.groups.find((x) => x.group_id === g.id);
  };
  assert.equal((await listed(thisYear + 1))?.closed_on, null, 'an active group counts in later years');
  assert.equal(await listed(thisYear - 1), undefined, 'not in a year before it was made');

  const closed = await kurator.json('PATCH', `/api/v1/groups/${g.id}`, { active: false });
  assert.equal(closed.status, 200, closed.text);
  assert.equal(closed.body.group.active, false);
  assert.equal(closed.body.group.closed_on, today(), 'closed today (Stockholm)');
  const again = await kurator.json('PATCH', `/api/v1/groups/${g.id}`, { purpose: 'Avslutad.' });
  assert.equal(again.body.group.closed_on, today(), 'other changes keep the day it closed');

  const own = await listed(thisYear);
  assert.ok(own, 'a group closed this year counts in this year');
  assert.deepEqual({ held: own.held, required: own.required, gap: own.gap, closed_on: own.closed_on },
    { held: 1, required: 3, gap: 2, closed_on: today() });
  assert.equal(await listed(thisYear + 1), undefined, 'nor in a year after it closed');

  // The yearly report lists the groups the same way.
  const report = async (year) => {
    const r = await rektor.json('GET', `/api/v1/yearly-report/${year}`);
    assert.equal(r.status, 200, r.text);
    return r.body.yearly_report.groups.some((x) => x.group_id === g.id);
  };
  assert.equal(await report(thisYear), true);
  assert.equal(await report(thisYear + 1), false);

  const reopened = await kurator.json('PATCH', `/api/v1/groups/${g.id}`, { active: true });
  assert.equal(reopened.status, 200, reopened.text);
  assert.equal(reopened.body.group.closed_on, null, 'active again: no longer closed');
  assert.ok(await listed(thisYear + 1));
});

// --- meetings -----------------------------------------------------------------------

test('test_the_holder_of_a_member_function_attends_and_attendance_outlives_membership', async () => {
  const fn = await newFunction('Fältassistent');
  const holder = await newStaff('Fia Fältassistent', { function_id: fn.id });
  const g = await newGroup(kurator);
  const byFn = await kurator.json('POST', `/api/v1/groups/${g.id}/members`, { function_id: fn.id });
  assert.equal(byFn.status, 201, byFn.text);
  const byPerson = await kurator.json('POST', `/api/v1/groups/${g.id}/members`,
    { user_id: rektor.user.id });
  assert.equal(byPerson.status, 201, byPerson.text);
  const rektorMember = byPerson.body.group.members.find((m) => m.user_id === rektor.user.id);

  // Before anything is recorded: everyone who may attend, absent.
  const m = await newMeeting(kurator, g.id, { day: today(), status: 'planned' });
  assert.equal(m.can_edit, true);
  assert.deepEqual(attendanceOf(m), {
    [kurator.user.id]: { present: false, member: true },
    [rektor.user.id]: { present: false, member: true },
    [holder.user.id]: { present: false, member: true },
  }, 'members as persons and the holder of a member function');
  assert.equal(m.attendance.find((a) => a.user_id === holder.user.id).user_name, holder.user.name);
  assert.equal((await rektor.json('GET', `/api/v1/meetings/${m.id}`)).body.meeting.can_edit, false);

  const held = await kurator.json('PATCH', `/api/v1/meetings/${m.id}`,
    { status: 'held', present: [holder.user.id, rektor.user.id] });
  assert.equal(held.status, 200, held.text);
  assert.deepEqual(attendanceOf(held.body.meeting), {
    [kurator.user.id]: { present: false, member: true },
    [rektor.user.id]: { present: true, member: true },
    [holder.user.id]: { present: true, member: true },
  }, 'the holder of a member function is marked present');

  // The rektor leaves the group and the function changes hands.
  const del = await kurator.del(`/api/v1/groups/${g.id}/members/${rektorMember.id}`);
  assert.equal(del.status, 204, del.text);
  const moved = await admin.json('PATCH', `/api/v1/users/${holder.user.id}`, { function_id: null });
  assert.equal(moved.status, 200, moved.text);
  const successor = await newStaff('Sam Efterträdare', { function_id: fn.id });
  const after = (await kurator.json('GET', `/api/v1/meetings/${m.id}`)).body.meeting;
  assert.deepEqual(attendanceOf(after), {
    [kurator.user.id]: { present: false, member: true },
    [rektor.user.id]: { present: true, member: false },
    [holder.user.id]: { present: true, member: false },
    [successor.user.id]: { present: false, member: true },
  }, 'the held meeting keeps who was there; the new holder is listed, absent');
  assert.equal(after.attendance.find((a) => a.user_id === rektor.user.id).user_name, rektor.user.name);

  // Someone who is not a member: 400 on "present", and nothing of the write is saved.
  for (const present of [[fritid.user.id], [successor.user.id, fritid.user.id], [999999]]) {
    assertError(await kurator.json('PATCH', `/api/v1/meetings/${m.id}`,
      { minutes: 'Ska inte sparas.', present }), 400, 'invalid', 'present');
  }
  assertError(await kurator.json('POST', `/api/v1/groups/${g.id}/meetings`,
    { day: today(), status: 'held', present: [fritid.user.id] }), 400, 'invalid', 'present');
  const unchanged = (await kurator.json('GET', `/api/v1/meetings/${m.id}`)).body.meeting;
  assert.deepEqual(unchanged, after, 'nothing changed');
  assert.equal((await kurator.json('GET', `/api/v1/groups/${g.id}/meetings`)).body.meetings.length, 1);

  // Recording again: the new holder is present; those recorded before keep their rows.
  const again = await kurator.json('PATCH', `/api/v1/meetings/${m.id}`,
    { present: [successor.user.id, rektor.user.id] });
  assert.equal(again.status, 200, again.text);
  assert.deepEqual(attendanceOf(again.body.meeting), {
    [kurator.user.id]: { present: false, member: true },
    [rektor.user.id]: { present: true, member: false },
    [holder.user.id]: { present: false, member: false },
    [successor.user.id]: { present: true, member: true },
  });
});


test('test_a_meeting_has_agenda_attendance_minutes_and_decisions', async () => {
  const g = await newGroup(kurator);
  await kurator.json('POST', `/api/v1/groups/${g.id}/members`, { user_id: rektor.user.id });

  const m = await newMeeting(kurator, g.id, {
    day: `${thisYear}-12-10`, title: 'Decembermötet', status: 'planned',
    agenda: 'Föregående protokoll\n\n  Rutin för skolfrånvaro\nÖvriga frågor\n',
  });
  assert.equal(m.group_id, g.id);
  assert.equal(m.group_name, g.name);
  assert.equal(m.day, `${thisYear}-12-10`);
  assert.equal(m.title, 'Decembermötet');
  assert.equal(m.status, 'planned');
  assert.equal(m.can_edit, true);
  assert.deepEqual(m.agenda.map((i) => i.text.trim()),
    ['Föregående protokoll', 'Rutin för skolfrånvaro', 'Övriga frågor'], 'blank lines are ignored');
  assert.deepEqual(m.decisions, []);
  assert.deepEqual(m.actions, []);

  const held = await kurator.json('PATCH', `/api/v1/meetings/${m.id}`, {
    day: today(), status: 'held',
    minutes: 'Gruppen gick igenom rutinen för skolfrånvaro och kom överens om en ny kontaktväg.',
    decisions: 'Rutinen antas\nNästa möte i februari',
    present: [kurator.user.id],
  });
  assert.equal(held.status, 200, held.text);
  const h = held.body.meeting;
  assert.equal(h.status, 'held');
  assert.equal(h.day, today());
  assert.equal(h.title, 'Decembermötet', 'fields not given stay');
  assert.equal(h.agenda.length, 3);
  assert.match(h.minutes, /ny kontaktväg/);
  assert.deepEqual(h.decisions.map((i) => i.text), ['Rutinen antas', 'Nästa möte i februari']);
  const att = Object.fromEntries(h.attendance.map((a) => [a.user_id, a.present]));
  assert.equal(att[kurator.user.id], true);
  if (rektor.user.id in att) assert.equal(att[rektor.user.id], false, 'members not listed are absent');
  assert.ok(h.attendance.every((a) => typeof a.user_name === 'string'));

  const got = await rektor.json('GET', `/api/v1/meetings/${m.id}`);
  assert.equal(got.status, 200);
  assert.deepEqual({ ...got.body.meeting, can_edit: true }, h);
  assert.equal(got.body.meeting.can_edit, false);
  const list = await rektor.json('GET', `/api/v1/groups/${g.id}/meetings`);
  assert.equal(list.status, 200);
  assert.deepEqual(list.body.meetings.map((x) => x.id), [m.id]);

  // Attendance again: now both.
  const both = await kurator.json('PATCH', `/api/v1/meetings/${m.id}`,
    { present: [kurator.user.id, rektor.user.id] });
  assert.equal(both.status, 200, both.text);
  const att2 = Object.fromEntries(both.body.meeting.attendance.map((a) => [a.user_id, a.present]));
  assert.equal(att2[rektor.user.id], true);
  assert.equal(both.body.meeting.minutes, h.minutes);

  // Only conveners (and administrators) edit meetings.
  assertError(await rektor.json('POST', `/api/v1/groups/${g.id}/meetings`,
    { day: today(), status: 'planned' }), 403, 'forbidden');
  assertError(await rektor.json('PATCH', `/api/v1/meetings/${m.id}`, { minutes: 'x' }),
    403, 'forbidden');
  const byAdmin = await admin.json('PATCH', `/api/v1/meetings/${m.id}`, { title: 'Decembermöte' });
  assert.equal(byAdmin.status, 200, byAdmin.text);

  // Bad input.
  assertError(await kurator.json('PATCH', `/api/v1/meetings/${m.id}`, { present: 'alla' }),
    400, 'invalid', 'present');
  assertError(await kurator.json('PATCH', `/api/v1/meetings/${m.id}`, { present: [0] }),
    400, 'invalid', 'present');
  assertError(await kurator.json('PATCH', `/api/v1/meetings/${m.id}`, { present: ['1'] }),
    400, 'invalid', 'present');
  assertError(await kurator.json('PATCH', `/api/v1/meetings/${m.id}`,
    { present: [kurator.user.id], colour: 'blå' }), 400, 'unknown_field', 'colour');
  assertError(await kurator.json('PATCH', `/api/v1/meetings/${m.id}`,
    { present: [kurator.user.id], minutes: 5 }), 400, 'invalid', 'minutes');
  assertError(await kurator.json('PATCH', `/api/v1/meetings/${m.id}`, { status: 'kanske' }),
    400, 'invalid', 'status');
  assertError(await kurator.json('PATCH', `/api/v1/meetings/${m.id}`, { day: '2026-02-30' }),
    400, 'invalid', 'day');
  const notJson = await kurator.request('PATCH', `/api/v1/meetings/${m.id}`,
    { headers: { 'content-type': 'text/plain' }, body: '{"present": [1]}' });
  assert.equal(notJson.status, 415, notJson.text);
  const badJson = await kurator.request('PATCH', `/api/v1/meetings/${m.id}`,
    { headers: { 'content-type': 'application/json' }, body: '{"present": [1],' });
  assert.equal(badJson.status, 400);
  assert.equal(badJson.body.error.code, 'bad_json');
  assertError(await kurator.json('GET', '/api/v1/meetings/999999'), 404, 'not_found');
  assertError(await kurator.json('POST', '/api/v1/groups/999999/meetings',
    { day: today(), status: 'planned' }), 404, 'not_found');
});

test('test_minutes_that_look_like_a_personnummer_need_a_logged_confirmation', async () => {
  const g = await newGroup(kurator);
  const m = await newMeeting(kurator, g.id, { day: today(), status: 'held', minutes: 'Utan namn.' });
  const minutes = `Diskuterade ett ärende (${testPnr}) som exempel på rutinen.`;

  const warned = await kurator.json('PATCH', `/api/v1/meetings/${m.id}`, { minutes });
  assertError(warned, 409, 'conflict', 'confirm_personal_data');
  assert.equal(warned.body.error.message, `${pnrWhere('protokollet')} ${PNR_TODO}`,
    'the warning says where the number is and what to do');
  assert.equal((await kurator.json('GET', `/api/v1/meetings/${m.id}`)).body.meeting.minutes,
    'Utan namn.', 'nothing is saved before the confirmation');
  assertError(await kurator.json('PATCH', `/api/v1/meetings/${m.id}`,
    { decisions: `Beslut om ${testPnr}` }), 409, 'conflict', 'confirm_personal_data');
  assertError(await kurator.json('PATCH', `/api/v1/meetings/${m.id}`,
    { agenda: `Ärende ${testPnr}` }), 409, 'conflict', 'confirm_personal_data');
  assertError(await kurator.json('POST', `/api/v1/groups/${g.id}/meetings`,
    { day: today(), status: 'held', minutes }), 409, 'conflict', 'confirm_personal_data');
  assertError(await kurator.json('POST', `/api/v1/meetings/${m.id}/actions`,
    { text: `Ring om ${testPnr}`, owner_text: 'Kuratorn' }), 409, 'conflict', 'confirm_personal_data');

  // A number that fails the Luhn check is not a personnummer: no warning.
  const digits = testPnr.replace('-', '');
  const wrong = `${digits.slice(0, 8)}-${digits.slice(8, 11)}${(Number(digits[11]) + 1) % 10}`;
  const plain = await kurator.json('PATCH', `/api/v1/meetings/${m.id}`,
    { minutes: `Diarienummer ${wrong}.` });
  assert.equal(plain.status, 200, plain.text);

  const saved = await kurator.json('PATCH', `/api/v1/meetings/${m.id}`, { minutes, confirm: true });
  assert.equal(saved.status, 200, saved.text);
  assert.equal(saved.body.meeting.minutes, minutes);

  const log = await auditor.json('GET', '/api/v1/audit?limit=500');
  assert.equal(log.status, 200, log.text);
  const rows = log.body.entries.filter((e) => e.purpose === 'personnummer_confirmed');
  assert.ok(rows.length >= 1, 'the confirmed save is in the access log');
  const row = rows.find((e) => e.record_id === m.id) ?? rows[0];
  assert.equal(row.user_id, kurator.user.id);
  assert.equal(row.outcome, 'ok');
  assert.equal(row.channel, 'api');
  assert.ok(!JSON.stringify(log.body).includes(digits), 'the number itself is not logged');

  // A later change of something else does not ask again about the confirmed text.
  const later = await kurator.json('PATCH', `/api/v1/meetings/${m.id}`, { status: 'held' });
  assert.equal(later.status, 200, later.text);
});

test('test_the_personnummer_warning_names_the_texts_it_was_found_in', async () => {
  const g = await newGroup(kurator);
  const m = await newMeeting(kurator, g.id, { day: today(), status: 'held' });

  // Every text of a meeting at once: all four named in the form's order, and the
  // message whole (it is the longest the check writes).
  const all = await kurator.json('POST', `/api/v1/groups/${g.id}/meetings`, {
    day: today(), status: 'held', title: `Möte om ${testPnr}`, minutes: `Protokoll ${testPnr}`,
    agenda: `Ärende ${testPnr}`, decisions: `Beslut om ${testPnr}`,
  });
  assertError(all, 409, 'conflict', 'confirm_personal_data');
  assert.equal(all.body.error.message,
    `${pnrWhere('rubriken, dagordningen, protokollet och besluten')} ${PNR_TODO}`);

  // Two of them, and texts that hold no number are not named.
  const two = await kurator.json('PATCH', `/api/v1/meetings/${m.id}`,
    { title: 'Möte i maj', agenda: `Ärende ${testPnr}`, decisions: `Beslut om ${testPnr}` });
  assertError(two, 409, 'conflict', 'confirm_personal_data');
  assert.equal(two.body.error.message, `${pnrWhere('dagordningen och besluten')} ${PNR_TODO}`);

  // An action item: its text or its free-text owner.
  const owner = await kurator.json('POST', `/api/v1/meetings/${m.id}/actions`,
    { text: 'Ring skolan', owner_text: `Mentor för ${testPnr}` });
  assertError(owner, 409, 'conflict', 'confirm_personal_data');
  assert.equal(owner.body.error.message, `${pnrWhere('fältet för ansvarig')} ${PNR_TODO}`);
  const text = await kurator.json('POST', `/api/v1/meetings/${m.id}/actions`,
    { text: `Ring om ${testPnr}`, owner_text: 'Kuratorn' });
  assert.equal(text.body.error.message, `${pnrWhere('åtgärden')} ${PNR_TODO}`);
  assert.equal((await kurator.json('GET', `/api/v1/meetings/${m.id}`)).body.meeting.actions.length,
    0, 'nothing was added');

  // The meeting page puts the same words on the confirm box, the text kept.
  const page = await kurator.form(`/styrning/moten/${m.id}`, {
    _csrf: kurator.csrf, day: today(), title: '', status: 'held',
    minutes: `Ärende ${testPnr}`, agenda: '', decisions: '',
  });
  assert.equal(page.status, 409);
  assert.ok(page.text.includes(
    `<p class="field-error" id="e-confirm">${pnrWhere('protokollet')} ${PNR_TODO}</p>`),
  'the warning on the confirm box');
  assert.ok(page.text.includes(`Ärende ${testPnr}</textarea>`), 'the minutes kept');
});

test('test_the_meeting_page_asks_again_only_about_texts_the_save_changes', async () => {
  // The page's form sends every text on every save: a number confirmed before must not
  // stop ticking the attendance, while a text changed to hold a number is asked about.
  const g = await newGroup(kurator);
  const m = await newMeeting(kurator, g.id, { day: today(), status: 'held', title: 'Möte' });
  const minutes = `Första raden.\r\nDiskuterade ett ärende (${testPnr}) som exempel.`;
  /** The edit form as the page sends it: every text, the boxes ticked in `extra`. */
  const pagePost = (texts = {}, extra = []) => kurator.form(`/styrning/moten/${m.id}`,
    new URLSearchParams([...Object.entries({
      _csrf: kurator.csrf, day: today(), title: 'Möte', status: 'held', minutes,
      agenda: `Inledning\r\nÄrende ${testPnr}`,
      decisions: `Beslut om ${testPnr}\r\nNästa möte i maj`, ...texts,
    }), ...extra]));

  const warned = await pagePost();
  assert.equal(warned.status, 409);
  assert.match(warned.text, /id="e-confirm"/, 'the page warns first');
  const confirmed = await pagePost({}, [['confirm', 'true']]);
  assert.equal(confirmed.status, 303, confirmed.text.slice(0, 300));
  let now = (await kurator.json('GET', `/api/v1/meetings/${m.id}`)).body.meeting;
  assert.equal(now.minutes, minutes);
  assert.ok(!now.attendance.find((a) => a.user_id === kurator.user.id).present);

  // The same texts as the form shows them again (a blank line between the decisions),
  // and the attendance ticked: saved without asking.
  const present = await pagePost(
    { decisions: `Beslut om ${testPnr}\r\n\r\nNästa möte i maj\r\n` },
    [['present', String(kurator.user.id)]]);
  assert.equal(present.status, 303, present.text.slice(0, 300));
  now = (await kurator.json('GET', `/api/v1/meetings/${m.id}`)).body.meeting;
  assert.equal(now.attendance.find((a) => a.user_id === kurator.user.id).present, true);
  assert.equal(now.minutes, minutes, 'the minutes as they were');
  assert.deepEqual(now.decisions.map((d) => d.text), [`Beslut om ${testPnr}`, 'Nästa möte i maj']);

  // Minutes stored with LF through the API are the same text when the page sends CRLF.
  const lf = await kurator.json('PATCH', `/api/v1/meetings/${m.id}`,
    { minutes: minutes.replace('\r\n', '\n'), confirm: true });
  assert.equal(lf.status, 200, lf.text);
  const again = await pagePost({}, [['present', String(kurator.user.id)]]);
  assert.equal(again.status, 303, again.text.slice(0, 300));

  // A text changed to hold another number is asked about again, and nothing is saved.
  const changed = await pagePost({ minutes: `Nytt ärende (${otherTestPnr}).` });
  assert.equal(changed.status, 409);
  assert.match(changed.text, /id="e-confirm"/);
  assert.equal((await kurator.json('GET', `/api/v1/meetings/${m.id}`)).body.meeting.minutes,
    minutes.replace('\r\n', '\n'));
  const item = await pagePost({ decisions: `Beslut om ${otherTestPnr}` });
  assert.equal(item.status, 409, 'a changed list of decisions is asked about');
});

// --- action items -------------------------------------------------------------------

test('test_the_action_form_refuses_a_person_and_a_free_text_owner_together', async () => {
  const g = await newGroup(kurator);
  const m = await newMeeting(kurator, g.id, { day: today(), status: 'held' });
  const page = await kurator.form(`/styrning/moten/${m.id}/atgarder`, {
    _csrf: kurator.csrf, text: 'Boka lokal för nästa möte', owner_user_id: String(rektor.user.id),
    owner_text: 'Rektorerna', due: '',
  });
  assert.equal(page.status, 400);
  assert.ok(page.text.includes('<p class="field-error" id="e-owner_text">Välj en person eller '
    + 'skriv en ansvarig i fritext, inte båda.</p>'), 'the reason beside the free-text owner');
  assert.match(page.text,
    /<input id="f-owner_text" name="owner_text" type="text" value="Rektorerna"[^>]* aria-invalid="true"/,
    'what was typed is kept');
  assert.ok(page.text.includes(`<option value="${rektor.user.id}" selected>`),
    'the person chosen is kept');
  assert.ok(page.text.includes('Boka lokal för nästa möte</textarea>'), 'and the action');
  assert.deepEqual((await kurator.json('GET', `/api/v1/meetings/${m.id}`)).body.meeting.actions,
    [], 'nothing was added');
});

test('test_open_action_items_of_all_groups_on_one_list_and_marking_done', async () => {
  const g1 = await newGroup(kurator);
  const g2 = await newGroup(admin);
  const m1 = await newMeeting(kurator, g1.id, { day: today(), status: 'held' });
  const m2 = await newMeeting(admin, g2.id, { day: today(), status: 'held' });

  const a1 = await kurator.json('POST', `/api/v1/meetings/${m1.id}/actions`,
    { text: 'Skicka ut rutinen till rektorerna', owner_user_id: rektor.user.id, due: `${thisYear + 1}-01-15` });
  assert.equal(a1.status, 201, a1.text);
  const x1 = a1.body.action;
  assert.equal(x1.meeting_id, m1.id);
  assert.equal(x1.group_id, g1.id);
  assert.equal(x1.group_name, g1.name);
  assert.equal(x1.owner_user_id, rektor.user.id);
  assert.equal(typeof x1.owner_name, 'string');
  assert.equal(x1.due, `${thisYear + 1}-01-15`);
  assert.equal(x1.done, false);
  assert.equal(x1.done_at, null);
  assert.equal(x1.overdue, false);

  const a2 = await admin.json('POST', `/api/v1/meetings/${m2.id}/actions`,
    { text: 'Boka lokal', owner_text: 'Fältassistenterna', due: '2020-01-01' });
  assert.equal(a2.status, 201, a2.text);
  assert.equal(a2.body.action.owner_user_id, null);
  assert.equal(a2.body.action.owner_name, 'Fältassistenterna');
  assert.equal(a2.body.action.overdue, true);
  const a3 = await admin.json('POST', `/api/v1/meetings/${m2.id}/actions`,
    { text: 'Ta fram en broschyr', owner_text: 'Informationschefen' });
  assert.equal(a3.status, 201, a3.text);
  assert.equal(a3.body.action.due, null);
  const both = await admin.json('POST', `/api/v1/meetings/${m2.id}/actions`,
    { text: 'Två ansvariga', owner_user_id: rektor.user.id, owner_text: 'Rektorerna' });
  assertError(both, 400, 'invalid', 'owner_text');
  assert.match(both.body.error.message, /inte båda/);
  assert.ok(!(await admin.json('GET', `/api/v1/meetings/${m2.id}`)).body.meeting.actions
    .some((a) => a.text === 'Två ansvariga'), 'nothing was added');

  const meeting = await rektor.json('GET', `/api/v1/meetings/${m1.id}`);
  assert.deepEqual(meeting.body.meeting.actions.map((a) => a.id), [x1.id]);

  const open = await rektor.json('GET', '/api/v1/actions');
  assert.equal(open.status, 200, open.text);
  const ids = open.body.actions.map((a) => a.id);
  for (const id of [x1.id, a2.body.action.id, a3.body.action.id]) assert.ok(ids.includes(id));
  assert.ok(ids.indexOf(a2.body.action.id) < ids.indexOf(x1.id), 'by due day');
  assert.ok(ids.indexOf(x1.id) < ids.indexOf(a3.body.action.id), 'no due day last');

  // The owner may mark her item done though she is no convener; others may not.
  assertError(await utveckling.json('PATCH', `/api/v1/actions/${x1.id}`, { done: true }),
    403, 'forbidden');
  const done = await rektor.json('PATCH', `/api/v1/actions/${x1.id}`, { done: true });
  assert.equal(done.status, 200, done.text);
  assert.equal(done.body.action.done, true);
  assert.match(done.body.action.done_at, ISO_UTC);
  assert.ok(!(await rektor.json('GET', '/api/v1/actions')).body.actions.some((a) => a.id === x1.id),
    'done items leave the open list');
  const reopened = await kurator.json('PATCH', `/api/v1/actions/${x1.id}`, { done: false });
  assert.equal(reopened.status, 200, reopened.text);
  assert.equal(reopened.body.action.done_at, null);
  assert.ok((await rektor.json('GET', '/api/v1/actions')).body.actions.some((a) => a.id === x1.id));

  const byAdmin = await admin.json('PATCH', `/api/v1/actions/${a2.body.action.id}`, { done: true });
  assert.equal(byAdmin.status, 200, byAdmin.text);

  assertError(await rektor.json('PATCH', `/api/v1/actions/${x1.id}`, {}), 400, 'invalid', 'done');
  assertError(await rektor.json('PATCH', `/api/v1/actions/${x1.id}`, { done: 'ja' }),
    400, 'invalid', 'done');
  assertError(await rektor.json('PATCH', '/api/v1/actions/999999', { done: true }), 404, 'not_found');
  assertError(await rektor.json('POST', `/api/v1/meetings/${m1.id}/actions`,
    { text: 'Något', owner_text: 'Någon' }), 403, 'forbidden');
  assertError(await kurator.json('POST', `/api/v1/meetings/${m1.id}/actions`,
    { owner_text: 'Någon' }), 400, 'invalid', 'text');
  assertError(await kurator.json('POST', `/api/v1/meetings/${m1.id}/actions`,
    { text: 'Något', owner_text: 'Någon', due: '15 januari' }), 400, 'invalid', 'due');
});

test('test_a_convener_who_is_no_administrator_picks_people_from_the_steering_list', async () => {
  const fn = await newFunction('Samordnare');
  const convener = await newStaff('Vera Sammankallande', { function_id: fn.id });
  const g = await admin.json('POST', '/api/v1/groups',
    { name: `Arbetsgrupp ${++seq} (API-test)`, kind: 'arbetsgrupp' });
  assert.equal(g.status, 201, g.text);
  const gid = g.body.group.id;
  const made = await admin.json('POST', `/api/v1/groups/${gid}/members`,
    { user_id: convener.user.id, convener: true });
  assert.equal(made.status, 201, made.text);
  const gone = await newStaff('Gunnar Slutat');
  assert.equal((await admin.json('PATCH', `/api/v1/users/${gone.user.id}`, { active: false })).status, 200);

  // The directory of users stays closed to her; the steering list is open, one log row.
  assertError(await convener.json('GET', '/api/v1/users'), 403, 'forbidden');
  const since = (await auditor.json('GET', '/api/v1/audit?limit=1')).body.entries[0].id;
  const r = await convener.json('GET', '/api/v1/steering/people');
  assert.equal(r.status, 200, r.text);
  assert.ok(!r.text.includes('@'), 'no e-mail address');
  for (const p of r.body.people) {
    assert.deepEqual(Object.keys(p).sort(), ['function', 'id', 'name', 'unit']);
  }
  for (const f of r.body.functions) assert.deepEqual(Object.keys(f).sort(), ['id', 'name']);
  const byId = Object.fromEntries(r.body.people.map((p) => [p.id, p]));
  assert.equal(byId[kurator.user.id].name, kurator.user.name);
  assert.equal(byId[kurator.user.id].function, 'Skolkurator');
  assert.equal(byId[convener.user.id].function, fn.name);
  assert.equal(byId[gone.user.id], undefined, 'only active users');
  assert.ok(r.body.functions.some((f) => f.id === fn.id && f.name === fn.name));
  const rows = (await logSince(since)).filter((e) => e.user_id === convener.user.id);
  assert.deepEqual(rows.map((e) => [e.action, e.record_type, e.outcome, e.channel]),
    [['read', 'user_directory', 'ok', 'api']], 'the read is one row in the access log');

  // With it she adds a person and a function, and names an action item's owner.
  const person = await convener.json('POST', `/api/v1/groups/${gid}/members`, { user_id: rektor.user.id });
  assert.equal(person.status, 201, person.text);
  const func = await convener.json('POST', `/api/v1/groups/${gid}/members`,
    { function_id: r.body.functions.find((f) => f.name === 'Skolkurator').id, convener: true });
  assert.equal(func.status, 201, func.text);
  const mt = await newMeeting(convener, gid, { day: today(), status: 'held' });
  assert.equal(mt.can_edit, true);
  const act = await convener.json('POST', `/api/v1/meetings/${mt.id}/actions`,
    { text: 'Sammanställ läget', owner_user_id: utveckling.user.id });
  assert.equal(act.status, 201, act.text);
  assert.equal(act.body.action.owner_name, utveckling.user.name);

  // A styrgrupp's members are the administrator's to change, even for its convener.
  const sg = (await admin.json('GET', '/api/v1/groups')).body.groups
    .find((x) => x.name === 'Styrgrupp (API-test)');
  const conv = await admin.json('POST', `/api/v1/groups/${sg.id}/members`,
    { user_id: convener.user.id, convener: true });
  assert.equal(conv.status, 201, conv.text);
  assertError(await convener.json('POST', `/api/v1/groups/${sg.id}/members`,
    { user_id: rektor.user.id }), 403, 'forbidden');
  const ulla = conv.body.group.members.find((m) => m.user_id === utveckling.user.id);
  assertError(await convener.del(`/api/v1/groups/${sg.id}/members/${ulla.id}`), 403, 'forbidden');
  const still = (await admin.json('GET', `/api/v1/groups/${sg.id}`)).body.group;
  assert.ok(still.members.some((m) => m.id === ulla.id));
  assert.ok(!still.members.some((m) => m.user_id === rektor.user.id));
  assert.equal((await admin.del(`/api/v1/groups/${sg.id}/members/${
    still.members.find((m) => m.user_id === convener.user.id).id}`)).status, 204);

  // Not the log reviewer.
  assertError(await auditor.json('GET', '/api/v1/steering/people'), 403, 'forbidden');
});

test('test_the_people_picker_is_for_administrators_and_conveners_of_an_active_group', async () => {
  // The picker is a directory of staff: someone who convenes nothing may not read it.
  const plain = await newStaff('Petra Utan grupp');
  let since = (await auditor.json('GET', '/api/v1/audit?limit=1')).body.entries[0].id;
  assertError(await plain.json('GET', '/api/v1/steering/people'), 403, 'forbidden');
  assert.deepEqual((await logSince(since)).filter((e) => e.user_id === plain.user.id)
    .map((e) => [e.action, e.record_type, e.outcome]), [['deny', 'user_directory', 'denied']],
  'the refusal is logged');

  // A member who is no convener may not either.
  const g = await admin.json('POST', '/api/v1/groups',
    { name: `Referensgrupp ${++seq} (API-test)`, kind: 'referensgrupp' });
  assert.equal(g.status, 201, g.text);
  const gid = g.body.group.id;
  assert.equal((await admin.json('POST', `/api/v1/groups/${gid}/members`,
    { user_id: plain.user.id })).status, 201);
  assertError(await plain.json('GET', '/api/v1/steering/people'), 403, 'forbidden');

  // The convener of an active group may; of an inactive one only, not.
  const own = await newGroup(plain);
  assert.equal((await plain.json('GET', '/api/v1/steering/people')).status, 200);
  assert.equal((await plain.json('PATCH', `/api/v1/groups/${own.id}`, { active: false })).status, 200);
  assertError(await plain.json('GET', '/api/v1/steering/people'), 403, 'forbidden');

  // The pages of her inactive group show her no picker, and still answer.
  const mt = await newMeeting(plain, own.id, { day: today(), status: 'held' });
  since = (await auditor.json('GET', '/api/v1/audit?limit=1')).body.entries[0].id;
  const gpage = await plain.request('GET', `/styrning/grupper/${own.id}`);
  assert.equal(gpage.status, 200, gpage.text.slice(0, 300));
  assert.ok(!gpage.text.includes('name="user_id"'), 'no person picker');
  assert.match(gpage.text, /Gruppen är inaktiv\. Gör den aktiv igen för att lägga till medlemmar\./);
  const mpage = await plain.request('GET', `/styrning/moten/${mt.id}`);
  assert.equal(mpage.status, 200, mpage.text.slice(0, 300));
  assert.ok(!mpage.text.includes('name="owner_user_id"'), 'no owner picker');
  assert.ok(mpage.text.includes('name="owner_text"'), 'the owner in free text');
  assert.ok(!(await logSince(since)).some((e) => e.user_id === plain.user.id &&
    (e.record_type === 'user_directory')), 'the pages neither read nor are refused the directory');

  // Convening by function is convening: whoever holds the function may.
  const fn = await newFunction('Sammankallande funktion');
  const holder = await newStaff('Hanna Funktionsinnehavare', { function_id: fn.id });
  assertError(await holder.json('GET', '/api/v1/steering/people'), 403, 'forbidden');
  assert.equal((await admin.json('POST', `/api/v1/groups/${gid}/members`,
    { function_id: fn.id, convener: true })).status, 201);
  assert.equal((await holder.json('GET', '/api/v1/steering/people')).status, 200);
  const hpage = await holder.request('GET', `/styrning/grupper/${gid}`);
  assert.ok(hpage.text.includes('name="user_id"'), 'the picker on her active group');

  // Administrators may, and the log reviewer may not.
  assert.equal((await admin.json('GET', '/api/v1/steering/people')).status, 200);
  assertError(await auditor.json('GET', '/api/v1/steering/people'), 403, 'forbidden');
});

// --- the cooperation plan -----------------------------------------------------------

test('test_a_new_cooperation_plan_replaces_the_old_which_stays_readable', async () => {
  const old = await newCoopPlan({
    title: 'Samverkansplan (versionstest)', first_year: thisYear - 3, last_year: thisYear,
    adopted_on: `${thisYear - 3}-02-01`,
    goals: '1. Gemensamma rutiner\n2) Gemensamma mötesstrukturer\n\nKunskap om varandra',
    strategies: 'Binda samman resurserna\nSalutogent perspektiv',
  });
  assert.equal(old.first_year, thisYear - 3);
  assert.equal(old.last_year, thisYear);
  assert.equal(old.adopted_by, 'Socialnämnden och barn- och utbildningsnämnden');
  assert.equal(old.adopted_on, `${thisYear - 3}-02-01`);
  assert.deepEqual(old.goals, [
    { number: 1, text: 'Gemensamma rutiner' },
    { number: 2, text: 'Gemensamma mötesstrukturer' },
    { number: 3, text: 'Kunskap om varandra' },
  ]);
  assert.deepEqual(old.strategies.map((s) => s.text), ['Binda samman resurserna', 'Salutogent perspektiv']);
  assert.equal(old.replaces, null);
  assert.equal(old.replaced_by, null);
  assert.equal(old.in_force, true);
  assert.equal(old.revise_soon, true, 'its period ends this year: revise it');
  assert.match(old.created_at, ISO_UTC);

  const next = await utveckling.json('POST', '/api/v1/coop-plans', {
    title: 'Samverkansplan (ny version)', first_year: thisYear + 1, last_year: thisYear + 4,
    purpose: 'Samma syfte, ny period.', goals: '1. Tidiga insatser\n2. Gemensam uppföljning',
    replaces: old.id,
  });
  assert.equal(next.status, 201, `a styrgrupp member adopts a new version: ${next.text}`);
  const n = next.body.coop_plan;
  assert.equal(n.replaces, old.id);
  assert.equal(n.in_force, true);
  assert.equal(n.revise_soon, false);

  const oldNow = await rektor.json('GET', `/api/v1/coop-plans/${old.id}`);
  assert.equal(oldNow.status, 200, 'the old version stays readable');
  assert.equal(oldNow.body.coop_plan.replaced_by, n.id);
  assert.equal(oldNow.body.coop_plan.in_force, false);
  assert.equal(oldNow.body.coop_plan.revise_soon, false, 'a replaced plan needs no revision');
  assert.deepEqual(oldNow.body.coop_plan.goals, old.goals);

  const list = await rektor.json('GET', '/api/v1/coop-plans');
  assert.equal(list.status, 200);
  const ids = list.body.coop_plans.map((p) => p.id);
  assert.ok(ids.includes(old.id) && ids.includes(n.id));

  assertError(await admin.json('POST', '/api/v1/coop-plans', {
    title: 'Tredje', first_year: thisYear + 1, last_year: thisYear + 2, purpose: 'X',
    goals: '1. X', replaces: old.id,
  }), 409, 'conflict', 'replaces');
  assertError(await fritid.json('POST', '/api/v1/coop-plans', {
    title: 'Fritidsledarens plan', first_year: thisYear, last_year: thisYear + 1, purpose: 'X', goals: '1. X',
  }), 403, 'forbidden');
  assertError(await admin.json('POST', '/api/v1/coop-plans', {
    title: 'Baklänges', first_year: thisYear, last_year: thisYear - 1, purpose: 'X', goals: '1. X',
  }), 400, 'invalid', 'last_year');
  assertError(await admin.json('POST', '/api/v1/coop-plans', {
    title: 'Utan år', purpose: 'X', goals: '1. X', last_year: thisYear,
  }), 400, 'invalid', 'first_year');
  assertError(await admin.json('POST', '/api/v1/coop-plans', {
    title: 'Utan mål', first_year: thisYear, last_year: thisYear + 1, purpose: 'X',
  }), 400, 'invalid', 'goals');
  assertError(await admin.json('POST', '/api/v1/coop-plans', {
    title: 'Stort år', first_year: 2 ** 40, last_year: thisYear, purpose: 'X', goals: '1. X',
  }), 400, 'invalid', 'first_year');
  assertError(await rektor.json('GET', '/api/v1/coop-plans/999999'), 404, 'not_found');
});

// --- the activity plan --------------------------------------------------------------

test('test_the_activity_plan_of_a_year_its_rows_and_filters', async () => {
  const year = 2041;
  const cp = await newCoopPlan({ title: 'Samverkansplan 2040–2042 (API-test)', first_year: 2040,
    last_year: 2042 });

  assertError(await fritid.json('POST', '/api/v1/activity-plans', { year }), 403, 'forbidden');
  const made = await utveckling.json('POST', '/api/v1/activity-plans', { year });
  assert.equal(made.status, 201, made.text);
  const p = made.body.activity_plan;
  assert.equal(p.year, year);
  assert.equal(p.coop_plan_id, cp.id, 'under the cooperation plan in force that year');
  assert.equal(p.coop_plan_title, cp.title);
  assert.deepEqual(p.rows, []);
  assert.equal(p.can_edit, true);
  assertError(await utveckling.json('POST', '/api/v1/activity-plans', { year }), 409, 'conflict', 'year');
  assertError(await utveckling.json('POST', '/api/v1/activity-plans', {}), 400, 'invalid', 'year');
  assertError(await utveckling.json('POST', '/api/v1/activity-plans', { year: '2041' }),
    400, 'invalid', 'year');
  assertError(await utveckling.json('POST', '/api/v1/activity-plans', { year: 2077 }),
    404, 'not_found');

  const rows = [
    { goals: '1', activity: 'Inventera samverkanssvårigheter', responsible: 'Socialchef', when_text: 'Februari' },
    { goals: '1, 2,3', description: 'Tvärprofessionell arbetsgrupp', activity: 'Tillsätt arbetsgruppen',
      responsible: 'Socialchef, produktionschefer', when_text: 'Ht', level: 'forebyggande' },
    { goals: '3', activity: 'Gemensam fortbildning', responsible: 'Bitr produktionschef BoU',
      when_text: `${year}-09-15`, status: 'ongoing' },
    { goals: '2', activity: 'Samverkansgrupp på operativ nivå', responsible: 'Rektor' },
  ];
  const made2 = [];
  for (const row of rows) {
    const r = await utveckling.json('POST', `/api/v1/activity-plans/${year}/activities`, row);
    assert.equal(r.status, 201, r.text);
    made2.push(r.body.activity);
  }
  assert.deepEqual(made2.map((a) => a.goals), ['1', '1,2,3', '3', '2'], 'goals normalised');
  assert.deepEqual(made2.map((a) => a.goal_numbers), [[1], [1, 2, 3], [3], [2]]);
  assert.deepEqual(made2.map((a) => a.term), ['vt', 'ht', 'ht', null]);
  assert.deepEqual(made2.map((a) => a.status), ['planned', 'planned', 'ongoing', 'planned']);
  assert.deepEqual(made2.map((a) => a.level), [null, 'forebyggande', null, null]);
  assert.deepEqual(made2.map((a) => a.position), [...made2.map((a) => a.position)].sort((a, b) => a - b));
  assert.equal(made2[1].description, 'Tvärprofessionell arbetsgrupp');
  assert.equal(made2[0].when_text, 'Februari');
  assert.match(made2[0].updated_at, ISO_UTC);

  const whole = await fritid.json('GET', `/api/v1/activity-plans/${year}`);
  assert.equal(whole.status, 200, whole.text);
  assert.deepEqual(whole.body.activity_plan.rows, made2);
  assert.equal(whole.body.activity_plan.can_edit, false);

  const ids = async (q) => {
    const r = await fritid.json('GET', `/api/v1/activity-plans/${year}?${q}`);
    assert.equal(r.status, 200, `${q}: ${r.text}`);
    return r.body.activity_plan.rows.map((a) => a.id);
  };
  const [a, b, c, d] = made2.map((x) => x.id);
  assert.deepEqual(await ids('goal=1'), [a, b]);
  assert.deepEqual(await ids('goal=3'), [b, c]);
  assert.deepEqual(await ids('term=ht'), [b, c]);
  assert.deepEqual(await ids('term=vt'), [a]);
  assert.deepEqual(await ids('responsible=SOCIALCHEF'), [a, b], 'case-folded substring');
  assert.deepEqual(await ids('responsible=produktionschef'), [b, c]);
  assert.deepEqual(await ids('status=ongoing'), [c]);
  assert.deepEqual(await ids('goal=1&term=ht'), [b]);
  assert.deepEqual(await ids('goal=2&responsible=rektor&status=planned'), [d]);
  assert.deepEqual(await ids('goal=1&term=&status='), [a, b], 'empty parameters are unset');
  for (const [q, field] of [['goal=x', 'goal'], ['goal=0', 'goal'], ['term=host', 'term'],
    ['status=klar', 'status'], [`responsible=${'a'.repeat(300)}`, 'responsible']]) {
    assertError(await fritid.json('GET', `/api/v1/activity-plans/${year}?${q}`), 400, 'invalid', field);
  }

  // Status and follow-up through the year.
  const upd = await utveckling.json('PATCH', `/api/v1/activities/${a}`,
    { status: 'done', followup: 'Inventeringen klar; tre områden valdes.' });
  assert.equal(upd.status, 200, upd.text);
  assert.equal(upd.body.activity.status, 'done');
  assert.equal(upd.body.activity.followup, 'Inventeringen klar; tre områden valdes.');
  assert.equal(upd.body.activity.activity, rows[0].activity, 'fields not given stay');
  assert.deepEqual(await ids('status=done'), [a]);
  const byAdmin = await admin.json('PATCH', `/api/v1/activities/${d}`,
    { status: 'cancelled', when_text: 'mars' });
  assert.equal(byAdmin.status, 200, byAdmin.text);
  assert.equal(byAdmin.body.activity.term, 'vt');

  // Who may, and what is wrong.
  assertError(await fritid.json('PATCH', `/api/v1/activities/${a}`, { status: 'ongoing' }), 403, 'forbidden');
  assertError(await kurator.json('POST', `/api/v1/activity-plans/${year}/activities`, rows[0]),
    403, 'forbidden');
  const bad = (body) => utveckling.json('POST', `/api/v1/activity-plans/${year}/activities`,
    { goals: '1', activity: 'Något', ...body });
  assertError(await bad({ goals: '7' }), 400, 'invalid', 'goals');
  assertError(await bad({ goals: '1,x' }), 400, 'invalid', 'goals');
  assertError(await bad({ goals: '' }), 400, 'invalid', 'goals');
  assertError(await bad({ activity: ' ' }), 400, 'invalid', 'activity');
  assertError(await bad({ when_text: 'Blåmånad' }), 400, 'invalid', 'when_text');
  assertError(await bad({ level: 'akut' }), 400, 'invalid', 'level');
  assertError(await bad({ status: 'kanske' }), 400, 'invalid', 'status');
  assertError(await bad({ term: 'vt' }), 400, 'unknown_field', 'term');
  assertError(await utveckling.json('PATCH', '/api/v1/activities/999999', { status: 'done' }),
    404, 'not_found');
  assertError(await utveckling.json('POST', '/api/v1/activity-plans/2039/activities',
    { goals: '1', activity: 'X' }), 404, 'not_found');
  assertError(await fritid.json('GET', '/api/v1/activity-plans/2039'), 404, 'not_found');
  assertError(await fritid.json('GET', '/api/v1/activity-plans/99999'), 404, 'not_found');
  assertError(await fritid.json('GET', `/api/v1/activity-plans/${year}/export?format=pdf`),
    400, 'invalid', 'format');

  const list = await fritid.json('GET', '/api/v1/activity-plans');
  assert.equal(list.status, 200);
  const entry = list.body.activity_plans.find((x) => x.year === year);
  assert.equal(entry.id, p.id);
  assert.equal(entry.coop_plan_id, cp.id);
  assert.equal(entry.rows, undefined, 'the list leaves the rows out');
});

test('test_every_steering_write_is_in_the_access_log', async () => {
  const g = await newGroup(kurator);
  const log = await auditor.json('GET', `/api/v1/audit?user_id=${kurator.user.id}&limit=50`);
  assert.equal(log.status, 200, log.text);
  assert.ok(log.body.entries.some((e) => e.action === 'create' && e.record_id === g.id &&
    e.outcome === 'ok'), 'the new group is logged');
  await rektor.json('PATCH', `/api/v1/groups/${g.id}`, { purpose: 'x' });
  const denied = await auditor.json('GET', `/api/v1/audit?user_id=${rektor.user.id}&limit=50`);
  assert.ok(denied.body.entries.some((e) => e.outcome === 'denied'), 'the refusal is logged');
});
