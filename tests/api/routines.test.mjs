// Routines (rutiner) with their yearly review, deviations (avvikelser) filed by any staff
// user and handled by the styrgrupp, counted per routine and quarter, and the yearly report
// (årsrapport) to the committees. Tests are named after the rules they show.
// Contract: docs/API.md "Steering"; src/domain/routine.h, yearly.h; DOMAIN.md "The
// strategic and tactical levels". Only Skatteverket's test numbers.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot, sql } from '../lib/server.mjs';
import { login, startWithLogins, errorAsserter, ISO_UTC } from '../lib/api.mjs';

const assertError = errorAsserter({ message: 'non-empty' });

let server, admin, auditor, fritid, utveckling;

before(async () => {
  ({ server, admin, auditor } = await startWithLogins(['admin', 'auditor']));
  // The leisure leader is staff but in no styrgrupp: she files deviations, handles none.
  fritid = await login(server.url, { email: 'fritid@demoby.example', password: 'demo-fritid-2026' });
  // The development lead convenes the demo's styrgrupp: she edits routines and handles
  // deviations.
  utveckling = await login(server.url,
    { email: 'utveckling@demoby.example', password: 'demo-utveckling-2026' });
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
const thisQuarter = Math.floor((Number(today().slice(5, 7)) - 1) / 3);

/** The same day a year on. */
function yearOn(day) {
  return `${Number(day.slice(0, 4)) + 1}${day.slice(4)}`;
}

/** A Luhn-valid test personnummer written as people write it: YYYYMMDD-NNNN. */
const testPnr = (() => {
  const n = fs.readFileSync(path.join(repoRoot, 'tests', 'data', 'testpersonnummer.txt'), 'utf8')
    .split('\n').map((l) => l.trim()).find((l) => /^20\d{10}$/.test(l));
  return `${n.slice(0, 8)}-${n.slice(8)}`;
})();

/** The personnummer warning on a deviation's texts: where, the rule, what to do. */
const pnrWarning = (where) => `Det ser ut att finnas ett personnummer i ${where}. `
  + 'En avvikelse får inte innehålla personuppgifter om enskilda barn. Ta bort numret, '
  + 'eller bekräfta att texten inte innehåller personuppgifter om ett barn.';

let seq = 0;
/** A routine made by the development lead; returns it. */
async function newRoutine(extra = {}) {
  seq += 1;
  const r = await utveckling.json('POST', '/api/v1/routines', {
    title: `Rutin ${seq} för samverkan (API-test)`,
    scope: 'Skola och socialtjänst',
    body: 'Vid oro kontaktar skolan socialtjänsten samma dag.',
    ...extra,
  });
  assert.equal(r.status, 201, r.text);
  return r.body.routine;
}

async function fileDeviation(who, body) {
  const r = await who.json('POST', '/api/v1/deviations', body);
  assert.equal(r.status, 201, r.text);
  return r.body.deviation;
}

// --- routines -----------------------------------------------------------------------

test('test_styrgrupp_member_creates_a_routine_reviewed_again_a_year_on', async () => {
  const rt = await newRoutine({ links: 'https://demoby.example/rutiner/oro.pdf' });
  assert.equal(rt.scope, 'Skola och socialtjänst');
  assert.equal(rt.links, 'https://demoby.example/rutiner/oro.pdf');
  assert.equal(rt.active, true, 'a new routine is active');
  assert.equal(rt.last_reviewed, null);
  assert.equal(rt.next_review, yearOn(today()), 'the next review defaults to a year on');
  assert.equal(rt.overdue, false);
  assert.equal(rt.deviations, 0);
  assert.equal(rt.owner_function_id, null);
  assert.equal(rt.can_edit, true);

  const got = await fritid.json('GET', `/api/v1/routines/${rt.id}`);
  assert.equal(got.status, 200, got.text);
  assert.equal(got.body.routine.title, rt.title);
  assert.equal(got.body.routine.can_edit, false, 'staff outside the styrgrupp only read');

  const reviewed = await utveckling.json('POST', `/api/v1/routines/${rt.id}/reviewed`);
  assert.equal(reviewed.status, 200, reviewed.text);
  assert.equal(reviewed.body.routine.last_reviewed, today());
  assert.equal(reviewed.body.routine.next_review, yearOn(today()));

  const patched = await utveckling.json('PATCH', `/api/v1/routines/${rt.id}`,
    { scope: 'Skola, socialtjänst och fritid' });
  assert.equal(patched.status, 200, patched.text);
  assert.equal(patched.body.routine.scope, 'Skola, socialtjänst och fritid');
  assert.equal(patched.body.routine.body, rt.body, 'fields not given stay');

  const retired = await newRoutine({ active: false });
  assert.equal(retired.active, false, 'a routine may be created inactive');
  const back = await utveckling.json('PATCH', `/api/v1/routines/${retired.id}`, { active: true });
  assert.equal(back.status, 200, back.text);
  assert.equal(back.body.routine.active, true);
});

test('test_an_overdue_routine_is_listed_first', async () => {
  const late = await newRoutine({ last_reviewed: '2020-03-01', next_review: '2021-03-01' });
  assert.equal(late.overdue, true);
  await newRoutine();
  const list = await fritid.json('GET', '/api/v1/routines');
  assert.equal(list.status, 200, list.text);
  const rows = list.body.routines;
  assert.equal(rows[0].overdue, true, 'an overdue routine comes first');
  const firstOnTime = rows.findIndex((x) => !x.overdue);
  const lastOverdue = rows.map((x) => x.overdue).lastIndexOf(true);
  assert.ok(firstOnTime === -1 || lastOverdue < firstOnTime, 'every overdue one first');
  assert.ok(rows.some((x) => x.id === late.id && x.overdue));
});

test('test_the_routines_page_marks_the_row_of_an_overdue_routine', async () => {
  const late = await newRoutine({ last_reviewed: '2020-03-01', next_review: '2021-03-01' });
  const fresh = await newRoutine();
  const page = await fritid.get('/styrning/rutiner');
  assert.equal(page.status, 200);
  assert.ok(page.text.includes(
    `<tr class="overdue"><td><a href="/styrning/rutiner/${late.id}">`), 'the overdue row is marked');
  assert.ok(page.text.includes(`<tr><td><a href="/styrning/rutiner/${fresh.id}">`),
    'a routine on time is not');
  assert.ok(!page.text.includes('&quot;overdue&quot;'), 'the class is markup, not text');
  assert.ok(page.text.includes('<p>Samverkans rutiner granskas en gång om året.'));
});

test('test_only_the_styrgrupp_edits_routines', async () => {
  assertError(await fritid.json('POST', '/api/v1/routines', { title: 'Fritidens rutin' }),
    403, 'forbidden');
  const rt = await newRoutine();
  assertError(await fritid.json('PATCH', `/api/v1/routines/${rt.id}`, { title: 'x' }),
    403, 'forbidden');
  assertError(await fritid.json('POST', `/api/v1/routines/${rt.id}/reviewed`), 403, 'forbidden');
  assertError(await utveckling.json('POST', '/api/v1/routines', { title: rt.title }),
    409, 'conflict', 'title');
  assertError(await utveckling.json('POST', '/api/v1/routines',
    { title: 'Datumfel', next_review: '2026-13-40' }), 400, 'invalid', 'next_review');
  assertError(await utveckling.json('GET', '/api/v1/routines/999999'), 404, 'not_found');
});

// --- deviations ---------------------------------------------------------------------

test('test_any_staff_files_a_deviation_and_the_styrgrupp_moves_it_forward', async () => {
  const rt = await newRoutine();
  const d = await fileDeviation(fritid,
    { routine_id: rt.id, description: 'Skolan ringde inte samma dag.' });
  assert.equal(d.routine_id, rt.id);
  assert.equal(d.routine_title, rt.title);
  assert.equal(d.status, 'filed');
  assert.equal(d.filed_by, fritid.user.id);
  assert.match(d.filed_at, ISO_UTC);
  assert.equal(d.closed_at, null);

  assertError(await fritid.json('PATCH', `/api/v1/deviations/${d.id}`,
    { analysis: 'Min analys' }), 403, 'forbidden');
  assertError(await utveckling.json('PATCH', `/api/v1/deviations/${d.id}`,
    { status: 'closed' }), 400, 'invalid', 'analysis');

  let r = await utveckling.json('PATCH', `/api/v1/deviations/${d.id}`,
    { analysis: 'Rutinen var okänd på skolan.', status: 'analysed' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.deviation.status, 'analysed');
  assert.equal(r.body.deviation.can_handle, true);
  r = await utveckling.json('PATCH', `/api/v1/deviations/${d.id}`,
    { action: 'Rutinen gås igenom på nästa APT.', status: 'acted' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.deviation.status, 'acted');
  assertError(await utveckling.json('PATCH', `/api/v1/deviations/${d.id}`,
    { status: 'filed' }), 409, 'conflict', 'status');
  assertError(await utveckling.json('PATCH', `/api/v1/deviations/${d.id}`,
    { status: 'reopened' }), 400, 'invalid', 'status');
  r = await utveckling.json('PATCH', `/api/v1/deviations/${d.id}`, { status: 'closed' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.deviation.status, 'closed');
  assert.match(r.body.deviation.closed_at, ISO_UTC);
  assert.equal(r.body.deviation.analysis, 'Rutinen var okänd på skolan.');

  const got = await fritid.json('GET', `/api/v1/deviations/${d.id}`);
  assert.equal(got.status, 200, got.text);
  assert.equal(got.body.deviation.status, 'closed');
  const closed = await fritid.json('GET', '/api/v1/deviations?status=closed');
  assert.equal(closed.status, 200, closed.text);
  assert.ok(closed.body.deviations.some((x) => x.id === d.id));
  assert.ok(closed.body.deviations.every((x) => x.status === 'closed'));
  const filed = await fritid.json('GET', '/api/v1/deviations?status=filed');
  assert.ok(!filed.body.deviations.some((x) => x.id === d.id));
  assertError(await fritid.json('GET', '/api/v1/deviations?status=open'), 400, 'invalid',
    'status');
  assert.equal((await fritid.json('GET', `/api/v1/routines/${rt.id}`)).body.routine.deviations, 1);
});

test('test_a_deviation_about_the_cooperation_in_general_has_no_routine', async () => {
  const d = await fileDeviation(fritid, { description: 'Ingen kallade till 2+2 i våras.' });
  assert.equal(d.routine_id, null);
  assert.equal(d.routine_title, null);
  assertError(await fritid.json('POST', '/api/v1/deviations',
    { routine_id: 999999, description: 'Fel rutin' }), 400, 'invalid', 'routine_id');
  assertError(await fritid.json('POST', '/api/v1/deviations', { description: '' }),
    400, 'invalid', 'description');
});

test('test_a_deviation_that_looks_like_a_personnummer_needs_a_logged_confirmation', async () => {
  const rt = await newRoutine();
  const description = `Eleven ${testPnr} fick vänta.`;
  const warned = await fritid.json('POST', '/api/v1/deviations',
    { routine_id: rt.id, description });
  assertError(warned, 409, 'conflict', 'confirm_personal_data');
  assert.equal(warned.body.error.message, pnrWarning('beskrivningen'),
    'the warning says where the number is and what to do');
  // The page's form: the same words on the confirm box, the text kept.
  const page = await fritid.form('/styrning/avvikelser',
    { _csrf: fritid.csrf, routine_id: String(rt.id), description });
  assert.equal(page.status, 409);
  assert.ok(page.text.includes(
    `<p class="field-error" id="e-confirm">${pnrWarning('beskrivningen')}</p>`),
  'the warning on the confirm box');
  assert.ok(page.text.includes(`${description}</textarea>`), 'the description kept');
  const saved = await fileDeviation(fritid, { routine_id: rt.id, description, confirm: true });
  assert.equal(saved.description, description);

  // Handling: the analysis and the action decided are named when they hold a number.
  const handled = await utveckling.json('PATCH', `/api/v1/deviations/${saved.id}`,
    { analysis: `Gäller ${testPnr}.`, action: `Ring om ${testPnr}.` });
  assertError(handled, 409, 'conflict', 'confirm_personal_data');
  assert.equal(handled.body.error.message, pnrWarning('analysen och den beslutade åtgärden'));

  const log = await auditor.json('GET', '/api/v1/audit?limit=500');
  assert.equal(log.status, 200, log.text);
  const rows = log.body.entries.filter((e) => e.purpose === 'personnummer_confirmed');
  assert.ok(rows.length >= 1, 'the confirmed deviation is in the access log');
  const row = rows.find((e) => e.record_id === saved.id) ?? rows[0];
  assert.equal(row.user_id, fritid.user.id);
  assert.equal(row.outcome, 'ok');
  assert.equal(row.channel, 'api');
  assert.ok(!JSON.stringify(log.body).includes(testPnr.replace('-', '')),
    'the number itself is not logged');
});

test('test_deviations_are_counted_per_routine_and_quarter', async () => {
  const rt = await newRoutine();
  await fileDeviation(fritid, { routine_id: rt.id, description: 'Första avvikelsen.' });
  await fileDeviation(fritid, { routine_id: rt.id, description: 'Andra avvikelsen.' });
  await fileDeviation(fritid, { description: 'En allmän avvikelse.' });

  const r = await fritid.json('GET', `/api/v1/deviations/counts?year=${thisYear}`);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.year, thisYear);
  const mine = r.body.counts.find((c) => c.routine_id === rt.id);
  assert.ok(mine, r.text);
  assert.equal(mine.routine_title, rt.title);
  assert.equal(mine.total, 2);
  assert.equal(mine.quarters.length, 4);
  assert.equal(mine.quarters[thisQuarter], 2);
  assert.equal(mine.quarters.reduce((a, b) => a + b, 0), 2);
  const general = r.body.counts.find((c) => c.routine_id === null);
  assert.ok(general && general.total >= 1, 'the general ones are counted too');
  assert.equal(general.routine_title, null);

  const none = await fritid.json('GET', `/api/v1/deviations/counts?year=${thisYear - 10}`);
  assert.equal(none.status, 200, none.text);
  assert.ok(!none.body.counts.some((c) => c.routine_id === rt.id));
  assertError(await fritid.json('GET', '/api/v1/deviations/counts?year=tjugo'), 400, 'invalid',
    'year');
});

// --- the yearly report --------------------------------------------------------------

test('test_the_yearly_report_gives_goals_activities_and_held_against_required', async () => {
  const rt = await newRoutine();
  await fileDeviation(fritid, { routine_id: rt.id, description: 'Till årsrapporten.' });

  const r = await utveckling.json('GET', '/api/v1/yearly-report/2026');
  assert.equal(r.status, 200, r.text);
  const y = r.body.yearly_report;
  assert.equal(y.year, 2026);
  assert.equal(y.has_plan, true, 'the demo has an activity plan for 2026');
  assert.ok(y.coop_plan, r.text);
  assert.ok(y.coop_plan.first_year <= 2026 && y.coop_plan.last_year >= 2026);
  assert.equal(y.coop_plan.first_year, 2023);
  assert.equal(y.coop_plan.last_year, 2026);

  assert.ok(y.goals.length > 0, 'the cooperation plan has goals');
  assert.ok(y.activities_total > 0, 'the activity plan has rows');
  const sum = (s) => s.planned + s.ongoing + s.done + s.cancelled;
  assert.equal(sum(y.by_status), y.activities_total);
  for (const g of y.goals) {
    assert.equal(typeof g.number, 'number');
    assert.equal(typeof g.text, 'string');
    assert.equal(sum(g.by_status), g.activities.length);
    for (const a of g.activities) {
      assert.ok(a.goals.split(',').map((x) => Number(x.trim())).includes(g.number),
        `activity ${a.id} names goal ${g.number}`);
      assert.ok(['planned', 'ongoing', 'done', 'cancelled'].includes(a.status));
      assert.ok('followup' in a && 'responsible' in a && 'when_text' in a);
    }
  }
  assert.ok(y.goals.some((g) => g.activities.length > 0));

  const heldTwice = y.groups.filter((g) => g.held === 2);
  assert.ok(heldTwice.length >= 3, 'three demo groups held two meetings each in 2026');
  for (const g of y.groups) {
    assert.equal(typeof g.required, 'number');
    assert.ok(g.name && g.kind && g.level);
    assert.ok('planned' in g && 'gap' in g);
  }

  if (thisYear === 2026) {
    const mine = y.deviations.find((c) => c.routine_id === rt.id);
    assert.ok(mine, 'the deviations of the year are in the report');
    assert.equal(mine.total, 1);
    assert.equal(mine.quarters[thisQuarter], 1);
  }
  const rv = y.routines;
  assert.equal(rv.due, rv.reviews.length);
  assert.equal(rv.due, rv.on_time + rv.late + rv.not_reviewed + rv.not_yet_due);
  assert.ok(!rv.reviews.some((x) => x.routine_id === rt.id),
    'a routine made today is first due next year');

  const empty = await utveckling.json('GET', '/api/v1/yearly-report/1995');
  assert.equal(empty.status, 200, empty.text);
  assert.equal(empty.body.yearly_report.has_plan, false);
  assert.equal(empty.body.yearly_report.coop_plan, null);
  assert.deepEqual(empty.body.yearly_report.goals, []);
});

// --- review history -------------------------------------------------------------------

/** Access-log rows of the development lead on one routine. */
async function routineLog(id) {
  const log = await auditor.json('GET', `/api/v1/audit?user_id=${utveckling.user.id}&limit=500`);
  assert.equal(log.status, 200, log.text);
  return log.body.entries.filter((e) => e.record_type === 'routine' && e.record_id === id);
}

test('test_the_meetings_chart_wraps_a_long_group_name_into_lines_and_grows', async () => {
  const name = 'Samverkansgrupp för barn och unga i behov av särskilt stöd i förskola, '
    + 'grundskola och gymnasieskola i hela Demoby kommun';
  assert.ok(name.length >= 118, `a long name (${name.length})`);
  const svgOf = (html) => /<svg[^>]* id="svg-moten">[\s\S]*?<\/svg>/.exec(html)?.[0];
  const heightOf = (svg) => Number(/ height="(\d+)"/.exec(svg)[1]);
  const before = svgOf((await fritid.get(`/styrning/arsrapport/${thisYear}`)).text);
  assert.ok(before, 'the meetings chart');

  const g = await utveckling.json('POST', '/api/v1/groups', { name, kind: 'arbetsgrupp' });
  assert.equal(g.status, 201, g.text);
  const page = await fritid.get(`/styrning/arsrapport/${thisYear}`);
  assert.equal(page.status, 200);
  const svg = svgOf(page.text);
  // The name's heading is one <text> of <tspan> lines, each short enough for the chart.
  const heading = [...svg.matchAll(/<text [^>]*class="chart-group"[^>]*>([\s\S]*?)<\/text>/g)]
    .map((m) => m[1]).find((t) => t.includes('Samverkansgrupp för barn'));
  assert.ok(heading, 'the group has a heading in the chart');
  const lines = [...heading.matchAll(/<tspan x="8" y="\d+">([^<]*)<\/tspan>/g)].map((m) => m[1]);
  assert.ok(lines.length >= 3, `several lines: ${heading}`);
  assert.equal(lines.join(' '), name, 'every word, in order');
  for (const line of lines) assert.ok(line.length <= 45, `a short line: ${line}`);
  const ys = [...heading.matchAll(/<tspan x="8" y="(\d+)">/g)].map((m) => Number(m[1]));
  assert.ok(ys.every((y, i) => i === 0 || y > ys[i - 1]), 'each line below the one before');
  // Two bars and a heading more than before, and a line height for each extra line.
  assert.equal(heightOf(svg) - heightOf(before), 24 + 2 * 22 + 8 + (lines.length - 1) * 16);
  // The table below keeps the full name.
  assert.ok(page.text.includes(`<tr><th scope="row">${name}</th>`), 'the table names it whole');
});

test('test_a_last_review_in_the_future_is_refused_on_create_and_edit', async () => {
  const tomorrow = new Date(Date.now() + 36 * 3600 * 1000).toISOString().slice(0, 10);
  const title = 'Rutin granskad i framtiden (API-test)';
  const r = await utveckling.json('POST', '/api/v1/routines', { title, last_reviewed: tomorrow });
  assertError(r, 400, 'invalid', 'last_reviewed');
  assert.match(r.body.error.message, /framtiden/);
  const list = await utveckling.json('GET', '/api/v1/routines');
  assert.ok(!list.body.routines.some((x) => x.title === title), 'nothing was made');

  const rt = await newRoutine({ last_reviewed: '2024-05-02' });
  const p = await utveckling.json('PATCH', `/api/v1/routines/${rt.id}`, { last_reviewed: tomorrow });
  assertError(p, 400, 'invalid', 'last_reviewed');
  const again = await utveckling.json('GET', `/api/v1/routines/${rt.id}`);
  assert.equal(again.body.routine.last_reviewed, '2024-05-02', 'unchanged');
  assert.equal(again.body.routine.reviews.length, 1);
});

test('test_each_review_is_kept_with_its_due_day_and_whether_it_was_on_time', async () => {
  const rt = await newRoutine({ last_reviewed: '2021-01-10' });
  assert.equal(rt.next_review, '2022-01-10');
  assert.equal(rt.reviews.length, 1, 'the review given at creation is in the history');
  assert.deepEqual(
    { ...rt.reviews[0], id: 0, recorded_at: 0 },
    { id: 0, recorded_at: 0, reviewed_on: '2021-01-10', due_on: null, on_time: null,
      next_review: '2022-01-10', reviewed_by: null, reviewed_by_name: null });
  assert.match(rt.reviews[0].recorded_at, ISO_UTC);

  const logBefore = (await routineLog(rt.id)).length;
  let r = await utveckling.json('POST', `/api/v1/routines/${rt.id}/reviewed`,
    { reviewed_on: '2022-03-01' });
  assert.equal(r.status, 200, r.text);
  let got = r.body.routine;
  assert.equal(got.last_reviewed, '2022-03-01');
  assert.equal(got.next_review, '2023-03-01', 'the next review a year after the review day');
  assert.equal(got.reviews.length, 2);
  assert.equal(got.reviews[0].reviewed_on, '2022-03-01', 'newest first');
  assert.equal(got.reviews[0].due_on, '2022-01-10', 'due: the next review before it');
  assert.equal(got.reviews[0].on_time, false, 'reviewed after the due day: late');
  assert.equal(got.reviews[0].next_review, '2023-03-01');
  assert.equal(got.reviews[0].reviewed_by, utveckling.user.id);
  assert.equal(got.reviews[0].reviewed_by_name, 'Ulla Utvecklingsledare');
  const logAfter = await routineLog(rt.id);
  assert.equal(logAfter.length, logBefore + 1, 'one access-log row for the review');
  assert.equal(logAfter[0].action, 'update');

  r = await utveckling.json('POST', `/api/v1/routines/${rt.id}/reviewed`,
    { reviewed_on: '2023-02-15', next_review: '2023-12-31' });
  assert.equal(r.status, 200, r.text);
  got = r.body.routine;
  assert.equal(got.reviews[0].due_on, '2023-03-01');
  assert.equal(got.reviews[0].on_time, true, 'reviewed before the due day: on time');
  assert.equal(got.next_review, '2023-12-31', 'a next review given is kept');

  // A review on the due day itself is on time.
  r = await utveckling.json('POST', `/api/v1/routines/${rt.id}/reviewed`,
    { reviewed_on: '2023-12-31' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.routine.reviews[0].on_time, true);

  // Refused reviews leave nothing behind.
  const tomorrow = (() => {
    const d = new Date(`${today()}T12:00:00Z`);
    d.setUTCDate(d.getUTCDate() + 1);
    return d.toISOString().slice(0, 10);
  })();
  assertError(await utveckling.json('POST', `/api/v1/routines/${rt.id}/reviewed`,
    { reviewed_on: '2023-06-01' }), 409, 'conflict', 'reviewed_on');
  assertError(await utveckling.json('POST', `/api/v1/routines/${rt.id}/reviewed`,
    { reviewed_on: tomorrow }), 400, 'invalid', 'reviewed_on');
  assertError(await utveckling.json('POST', `/api/v1/routines/${rt.id}/reviewed`,
    { reviewed_on: '2024-02-30' }), 400, 'invalid', 'reviewed_on');
  assertError(await utveckling.json('POST', `/api/v1/routines/${rt.id}/reviewed`,
    { reviewed_on: '2024-02-01', next_review: '2024-01-01' }), 400, 'invalid', 'next_review');
  assertError(await utveckling.json('POST', `/api/v1/routines/${rt.id}/reviewed`,
    { reviewed: 'i dag' }), 400, 'unknown_field');
  const still = (await fritid.json('GET', `/api/v1/routines/${rt.id}`)).body.routine;
  assert.equal(still.reviews.length, 4, 'no refused review is kept');
  assert.equal(still.last_reviewed, '2023-12-31');

  // No body: reviewed today.
  r = await utveckling.json('POST', `/api/v1/routines/${rt.id}/reviewed`);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.routine.reviews[0].reviewed_on, today());
  assert.equal(r.body.routine.reviews[0].on_time, false, 'due 2024-12-31, done later');
  assert.equal(r.body.routine.reviews.length, 5);

  // The routine's page shows the history in a table.
  const page = await fritid.get(`/styrning/rutiner/${rt.id}`);
  assert.equal(page.status, 200);
  assert.match(page.text, /<h2 id="granskningar">Granskningar<\/h2>/);
  assert.match(page.text,
    /<tr><td>2022-03-01<\/td><td>2022-01-10<\/td><td>Nej, försenad<\/td><td>2023-03-01<\/td><td>Ulla Utvecklingsledare<\/td><\/tr>/);
  assert.match(page.text,
    /<tr><td>2023-02-15<\/td><td>2023-03-01<\/td><td>Ja<\/td><td>2023-12-31<\/td>/);
  // The list does not carry the history.
  const list = await fritid.json('GET', '/api/v1/routines');
  assert.ok(!('reviews' in list.body.routines[0]));
});

/** Reviews of one routine in a yearly report. */
const dueOf = (y, id) => y.routines.reviews.filter((x) => x.routine_id === id)
  .map(({ due_on, reviewed_on, status }) => ({ due_on, reviewed_on, status }));

/** The figures of the page's review table for the year. */
function pageReviewCounts(html) {
  const n = (label) => Number(new RegExp(`<th scope="row">${label}</th><td>(\\d+)</td>`)
    .exec(html)?.[1]);
  return { on_time: n('Gjorda i tid'), late: n('Gjorda för sent'),
    not_reviewed: n('Inte gjorda, dagen har passerat'), not_yet_due: n('Inte aktuella ännu') };
}

test('test_the_yearly_report_of_a_past_year_counts_reviews_from_the_history', async () => {
  const rt = await newRoutine({ last_reviewed: '2019-05-01' });
  for (const day of ['2020-06-15', '2021-06-01']) {
    const r = await utveckling.json('POST', `/api/v1/routines/${rt.id}/reviewed`,
      { reviewed_on: day });
    assert.equal(r.status, 200, r.text);
  }
  // Due 2020-05-01, done 2020-06-15: late. Due 2021-06-15, done 2021-06-01: on time. Due
  // 2022-06-01 and never done: not reviewed. The routine's present dates (last reviewed
  // 2021) would say otherwise for 2020 and 2022.
  const report = async (year) => {
    const r = await fritid.json('GET', `/api/v1/yearly-report/${year}`);
    assert.equal(r.status, 200, r.text);
    const y = r.body.yearly_report;
    assert.equal(y.routines.due, y.routines.reviews.length);
    assert.equal(y.routines.due, y.routines.on_time + y.routines.late
      + y.routines.not_reviewed + y.routines.not_yet_due);
    return y;
  };
  const y2020 = await report(2020);
  assert.deepEqual(dueOf(y2020, rt.id),
    [{ due_on: '2020-05-01', reviewed_on: '2020-06-15', status: 'late' }]);
  assert.ok(y2020.routines.reviews_done >= 1, 'the review done in 2020');
  const y2021 = await report(2021);
  assert.deepEqual(dueOf(y2021, rt.id),
    [{ due_on: '2021-06-15', reviewed_on: '2021-06-01', status: 'on_time' }]);
  const y2022 = await report(2022);
  assert.deepEqual(dueOf(y2022, rt.id),
    [{ due_on: '2022-06-01', reviewed_on: null, status: 'not_reviewed' }]);
  assert.equal(y2022.routines.not_yet_due, 0, 'nothing in a past year is still to come');
  const y2019 = await report(2019);
  assert.deepEqual(dueOf(y2019, rt.id), [], 'the review known from creation had no due day');

  // An inactive routine's pending review is not counted; its history still is.
  const off = await utveckling.json('PATCH', `/api/v1/routines/${rt.id}`, { active: false });
  assert.equal(off.status, 200, off.text);
  assert.deepEqual(dueOf(await report(2022), rt.id), []);
  assert.equal(dueOf(await report(2021), rt.id).length, 1);
  await utveckling.json('PATCH', `/api/v1/routines/${rt.id}`, { active: true });

  // This year: a review due later this year is not yet due.
  const later = await newRoutine({ next_review: `${thisYear}-12-31` });
  const now = await report(thisYear);
  assert.deepEqual(dueOf(now, later.id),
    [{ due_on: `${thisYear}-12-31`, reviewed_on: null, status: 'not_yet_due' }]);

  // The page shows the same figures as the JSON.
  for (const y of [y2020, y2022, now]) {
    const page = await fritid.get(`/styrning/arsrapport/${y.year}`);
    assert.equal(page.status, 200);
    const { on_time, late, not_reviewed, not_yet_due } = y.routines;
    assert.deepEqual(pageReviewCounts(page.text), { on_time, late, not_reviewed, not_yet_due });
    assert.match(page.text, new RegExp(`Granskningar av rutiner i tid</dt><dd>${on_time} av ${y.routines.due}<`));
  }
  const page2020 = await fritid.get('/styrning/arsrapport/2020');
  assert.ok(page2020.text.includes(`<tr><th scope="row"><a href="/styrning/rutiner/${rt.id}">`
    + `${rt.title}</a></th><td>2020-05-01</td><td>2020-06-15</td><td>För sent</td></tr>`));
});

test('test_a_year_without_an_activity_plan_says_so_and_keeps_the_other_figures', async () => {
  const rt = await newRoutine({ last_reviewed: '2019-02-01' });
  const r0 = await utveckling.json('POST', `/api/v1/routines/${rt.id}/reviewed`,
    { reviewed_on: '2020-01-20' });
  assert.equal(r0.status, 200, r0.text);

  const r = await fritid.json('GET', '/api/v1/yearly-report/2020');
  assert.equal(r.status, 200, r.text);
  const y = r.body.yearly_report;
  assert.equal(y.has_plan, false);
  assert.equal(y.coop_plan, null, 'no cooperation plan covers 2020 in the demo');
  assert.deepEqual(y.goals, []);
  assert.equal(y.activities_total, 0);
  assert.deepEqual(dueOf(y, rt.id),
    [{ due_on: '2020-02-01', reviewed_on: '2020-01-20', status: 'on_time' }],
    'the routines are reported all the same');
  assert.ok(Array.isArray(y.groups) && Array.isArray(y.deviations));

  const page = await fritid.get('/styrning/arsrapport/2020');
  assert.equal(page.status, 200);
  assert.match(page.text, /<p>Det finns ingen aktivitetsplan för 2020\.<\/p>/);
  assert.ok(page.text.includes(`${rt.title}</a></th><td>2020-02-01</td><td>2020-01-20</td>`
    + '<td>I tid</td>'));
});

// --- links ----------------------------------------------------------------------------

test('test_routine_links_become_links_and_only_http_and_https_are_taken', async () => {
  const links = [
    'Rutinen som pdf | https://demoby.example/rutiner/oro.pdf',
    '',
    'http://demoby.example/sok?q=oro&typ=rutin',
    'Pärmen på expeditionen',
    'Obs: fråga rektor först',
    'https://demoby.example/a|b',
  ].join('\n');
  const rt = await newRoutine({ links });
  assert.equal(rt.links, links, 'the text is kept as written');
  assert.deepEqual(rt.link_list, [
    { title: 'Rutinen som pdf', url: 'https://demoby.example/rutiner/oro.pdf' },
    { title: 'http://demoby.example/sok?q=oro&typ=rutin',
      url: 'http://demoby.example/sok?q=oro&typ=rutin' },
    { title: 'Pärmen på expeditionen', url: null },
    { title: 'Obs: fråga rektor först', url: null },
    { title: 'https://demoby.example/a|b', url: 'https://demoby.example/a|b' },
  ]);

  const page = await fritid.get(`/styrning/rutiner/${rt.id}`);
  assert.equal(page.status, 200);
  assert.ok(page.text.includes(
    '<li><a href="https://demoby.example/rutiner/oro.pdf">Rutinen som pdf</a></li>'), page.text);
  assert.ok(page.text.includes('<li><a href="http://demoby.example/sok?q=oro&amp;typ=rutin">'
    + 'http://demoby.example/sok?q=oro&amp;typ=rutin</a></li>'));
  assert.ok(page.text.includes('<li>Pärmen på expeditionen</li>'), 'text stays text');

  // Anything but http(s) is refused with the line number, and nothing changes.
  const bad = [
    ['Bra länk | https://demoby.example/ok\nKlicka här | javascript:alert(1)', 2],
    ['javascript:alert(document.cookie)', 1],
    ['\n\nJavaScript: alert(1)', 3],
    ['Bild | data:text/html;base64,PHNjcmlwdD4=', 1],
    ['ftp://demoby.example/rutin.pdf', 1],
    ['mailto:rutiner@demoby.example', 1],
    ['Tom | https:///rutin.pdf', 1],
    ['https://demoby.example/min rutin.pdf', 1],
  ];
  for (const [text, line] of bad) {
    const r = await utveckling.json('PATCH', `/api/v1/routines/${rt.id}`, { links: text });
    assertError(r, 400, 'invalid', 'links');
    assert.match(r.body.error.message, new RegExp(`^Rad ${line} i länkarna`), text);
  }
  assertError(await utveckling.json('POST', '/api/v1/routines',
    { title: 'Rutin med farlig länk', links: 'javascript:alert(1)' }), 400, 'invalid', 'links');
  const same = (await fritid.json('GET', `/api/v1/routines/${rt.id}`)).body.routine;
  assert.equal(same.links, links, 'a refused change leaves the links as they were');
  assert.equal((await fritid.json('GET', '/api/v1/routines')).body.routines
    .some((x) => x.title === 'Rutin med farlig länk'), false);

  // The page's form refuses it too, in Swedish beside the field.
  const form = await utveckling.form(`/styrning/rutiner/${rt.id}`, {
    title: rt.title, scope: rt.scope, body: rt.body, links: 'Fel | javascript:alert(1)',
    owner_function_id: '', last_reviewed: '', next_review: rt.next_review, active: '1',
  }, { csrf: true });
  assert.equal(form.status, 400);
  assert.match(form.text, /Rad 1 i länkarna: bara adresser som börjar med http:\/\/ eller https:\/\//);
  assert.ok(!form.text.includes('href="javascript:'), 'never a javascript: link');
});

test('test_only_editors_see_the_review_and_edit_forms', async () => {
  const rt = await newRoutine();
  const asStaff = await fritid.get(`/styrning/rutiner/${rt.id}`);
  assert.equal(asStaff.status, 200);
  assert.ok(!asStaff.text.includes('Registrera granskningen'), 'no review form for staff');
  assert.ok(!asStaff.text.includes('Ändra rutinen'), 'no edit form for staff');
  const asLead = await utveckling.get(`/styrning/rutiner/${rt.id}`);
  assert.ok(asLead.text.includes('Registrera granskningen'));
  assert.ok(asLead.text.includes('Ändra rutinen'));
  const list = (await fritid.json('GET', '/api/v1/routines')).body.routines;
  assert.ok(list.length > 0 && list.every((x) => x.can_edit === false));
  assert.ok((await admin.json('GET', '/api/v1/routines')).body.routines
    .every((x) => x.can_edit === true));

  // The page's review form: a day in the future is refused beside its field.
  const res = await utveckling.form(`/styrning/rutiner/${rt.id}/granskad`,
    { reviewed_on: `${thisYear + 1}-01-01` }, { csrf: true });
  assert.equal(res.status, 400);
  assert.match(res.text, /Granskningsdagen kan inte ligga i framtiden/);
  const ok = await utveckling.form(`/styrning/rutiner/${rt.id}/granskad`,
    { reviewed_on: today() }, { csrf: true });
  assert.equal(ok.status, 303, ok.text);
  const got = (await fritid.json('GET', `/api/v1/routines/${rt.id}`)).body.routine;
  assert.equal(got.reviews.length, 1);
  assert.equal(got.reviews[0].reviewed_on, today());
});

test('test_the_demo_routines_have_reviews_on_time_and_late', async () => {
  const list = (await fritid.json('GET', '/api/v1/routines')).body.routines;
  const demo = list.find((x) => x.title === 'Rutin vid oro för ett barn');
  assert.ok(demo, 'the demo has its routines');
  const got = (await fritid.json('GET', `/api/v1/routines/${demo.id}`)).body.routine;
  assert.equal(got.reviews.length, 3);
  assert.deepEqual(got.reviews.map((v) => v.on_time), [true, false, null]);
  assert.ok(got.link_list.some((l) => l.url === 'https://demoby.example/rutiner/oro-for-barn.pdf'));
});

// --- a failing database -----------------------------------------------------------------

test('test_a_database_error_is_an_error_not_a_year_without_a_plan', async () => {
  sql(server.dbUrl, 'ALTER TABLE activity_plans RENAME TO activity_plans_away');
  try {
    const r = await fritid.json('GET', '/api/v1/yearly-report/2026');
    assert.ok([500, 503].includes(r.status), `a failing database is 500/503, got ${r.status}: ${r.text}`);
    assert.ok(['internal', 'unavailable'].includes(r.body.error.code));
    const page = await fritid.get('/styrning/arsrapport/2026');
    assert.ok([500, 503].includes(page.status), `the page too, got ${page.status}`);
    assert.ok(!page.text.includes('Det finns ingen aktivitetsplan'));
  } finally {
    sql(server.dbUrl, 'ALTER TABLE activity_plans_away RENAME TO activity_plans');
  }
  const back = await fritid.json('GET', '/api/v1/yearly-report/2026');
  assert.equal(back.status, 200, back.text);
  assert.equal(back.body.yearly_report.has_plan, true);
});

// --- who may --------------------------------------------------------------------------

test('test_a_log_reviewer_gets_403_on_routines_deviations_and_the_report', async () => {
  const rt = await newRoutine();
  const d = await fileDeviation(fritid, { routine_id: rt.id, description: 'För granskaren.' });
  const reads = ['/api/v1/routines', `/api/v1/routines/${rt.id}`, '/api/v1/deviations',
    `/api/v1/deviations/${d.id}`, `/api/v1/deviations/counts?year=${thisYear}`,
    '/api/v1/yearly-report/2026'];
  for (const p of reads) assertError(await auditor.json('GET', p), 403, 'forbidden');
  assertError(await auditor.json('POST', '/api/v1/routines', { title: 'Granskarens rutin' }),
    403, 'forbidden');
  assertError(await auditor.json('PATCH', `/api/v1/routines/${rt.id}`, { title: 'x' }),
    403, 'forbidden');
  assertError(await auditor.json('POST', `/api/v1/routines/${rt.id}/reviewed`), 403, 'forbidden');
  assertError(await auditor.json('POST', '/api/v1/deviations', { description: 'Logg' }),
    403, 'forbidden');
  assertError(await auditor.json('PATCH', `/api/v1/deviations/${d.id}`, { analysis: 'x' }),
    403, 'forbidden');
  // An administrator handles deviations too.
  const r = await admin.json('PATCH', `/api/v1/deviations/${d.id}`,
    { analysis: 'Granskad av administratören.', status: 'analysed' });
  assert.equal(r.status, 200, r.text);
});
