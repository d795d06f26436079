// Routines, deviations and the yearly report in Chromium, axe-core on every page: a
// development lead opens the yearly report (its SVG chart with a title and description,
// and the same figures in a table, the reviews of routines due that year), creates a
// routine with links, records a review today and sees it in the routine's review table; a
// member of staff files a deviation whose text looks like a personnummer, sees the
// warning once with the text kept, confirms and files it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

import { repoRoot } from '../lib/server.mjs';
import { login as apiLogin } from '../lib/api.mjs';
import {
  assertFieldError, assertNotice, expectH1, go, login, logout, pathOf, screenshot,
  stockholmDate, submit, useServerAndBrowser,
} from './flows.mjs';

const env = useServerAndBrowser();
const { withPage } = env;

const utveckling = { email: 'utveckling@demoby.example', password: 'demo-utveckling-2026' };
const fritid = { email: 'fritid@demoby.example', password: 'demo-fritid-2026' };

// A Skatteverket test number (tests/data/testpersonnummer.txt), never a real person's.
const testPnr = fs.readFileSync(path.join(repoRoot, 'tests', 'data', 'testpersonnummer.txt'),
  'utf8').split('\n').map((l) => l.trim()).find((n) => /^20(0|1)\d{9}$/.test(n));

/** The same day a year on (the default next review). */
const yearOn = (day) => `${Number(day.slice(0, 4)) + 1}${day.slice(4)}`;

/** The form that holds a button with this name. */
const formWith = (page, button) => page.locator('main form').filter({
  has: page.getByRole('button', { name: button, exact: true }),
});

test('a development lead opens the yearly report with its chart and table, creates a '
  + 'routine and marks it reviewed', () => withPage(async (page) => {
  const base = env.server.url;

  // A working group with a long name (made this year, so in this year's chart).
  const api = await apiLogin(base, utveckling);
  assert.equal((await api.json('POST', '/api/v1/groups', { kind: 'arbetsgrupp',
    name: 'Arbetsgruppen för insatser kring barn och unga med långvarig '
      + 'skolfrånvaro i förskola, grundskola och gymnasieskola' })).status, 201);
  await login(page, base, utveckling, 'utveckling');
  const res = await go(page, `${base}/styrning/arsrapport/2026`, 'yearly report 2026');
  assert.equal(res.status(), 200);
  await expectH1(page, 'Årsrapport 2026');

  // Every chart is an image with a title and a description, and its bars carry numbers
  // as text; the meetings chart is always there when there are groups.
  const charts = page.locator('main svg[role="img"]');
  assert.ok(await charts.count() >= 1, 'at least one chart');
  for (const svg of await charts.all()) {
    const title = (await svg.locator('title').textContent()).trim();
    assert.match(title, /2026/, 'the chart title names the year');
    assert.ok((await svg.locator('desc').textContent()).trim().length > 0, 'a description');
    const labelled = (await svg.getAttribute('aria-labelledby')).split(' ');
    assert.equal(labelled.length, 2, 'labelled by its title and description');
    assert.ok(await svg.locator('rect').count() > 0, 'bars');
    assert.ok(await svg.locator('text').count() > 0, 'text labels');
    // No label runs past the chart's edge (a long group name wraps into lines).
    const overflow = await svg.evaluate((el) => [...el.querySelectorAll('text')]
      .map((t) => ({ text: t.textContent, right: t.getBBox().x + t.getBBox().width }))
      .filter((t) => t.right > el.viewBox.baseVal.width));
    assert.deepEqual(overflow, [], 'every label inside the chart');
  }
  const meetings = page.locator('main svg#svg-moten');
  assert.equal(await meetings.count(), 1, 'the meetings chart');
  assert.match(await meetings.locator('title').textContent(),
    /^Hållna möten mot krav per grupp 2026$/);
  // The same figures as a table.
  assert.equal(await page.locator('main table caption', {
    hasText: 'Möten per grupp: krav, hållna och planerade' }).count(), 1);
  assert.equal(await page.locator('main table caption', {
    hasText: 'Avvikelser per rutin och kvartal 2026' }).count(), 1);
  if (await page.locator('main svg#svg-status').count() === 1)
    assert.equal(await page.locator('main table caption', {
      hasText: 'Aktiviteter per mål och status (diagrammets siffror)' }).count(), 1);
  // The reviews due in the year, from the history (the demo's routines have some).
  assert.equal(await page.locator('main table caption', {
    hasText: 'Granskningar av rutiner som skulle göras 2026' }).count(), 1);
  const reviewRows = page.locator('main table', { hasText: 'Rutinernas granskningar 2026' })
    .locator('tbody tr');
  // The demo's reviews lie relative to today: when it runs in 2026 some are due in 2026.
  assert.ok(await reviewRows.count() >= 1, 'a row, or the row that says there is none');
  for (const row of await reviewRows.all())
    assert.match(await row.innerText(),
      /(I tid|För sent|Inte gjord|Inte aktuell ännu|Ingen rutin skulle granskas 2026)/,
      'each review says its state in words');
  // The printing hint works without script.
  assert.match(await page.locator('main').innerText(), /Använd webbläsarens utskrift/);
  await screenshot(page, 'yearly-report-2026');
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('header nav').first().isVisible(), false,
    'no navigation on paper');
  await screenshot(page, 'yearly-report-2026-print');
  await page.emulateMedia({ media: 'screen' });

  // A routine reviewed a year and a half ago is overdue at once.
  await go(page, `${base}/styrning/rutiner`, 'routines');
  await expectH1(page, 'Rutiner');
  const title = 'Rutin för gemensam planering vid skolfrånvaro';
  const create = formWith(page, 'Skapa rutinen');
  await create.getByLabel('Rubrik', { exact: true }).fill(title);
  await create.getByLabel('Omfattning (vilka och vad rutinen gäller)').fill('Skola och socialtjänst');
  await create.getByLabel('Rutinens text').fill('Skolan kallar till ett gemensamt möte.');
  await create.getByLabel('Länkar till dokument, en per rad').fill(
    'Frånvarorutinen | https://demoby.example/rutiner/franvaro.pdf\nPärmen i personalrummet');
  await create.getByLabel('Senast granskad (ÅÅÅÅ-MM-DD)').fill(stockholmDate(-540));
  const created = await submit(page, create.getByRole('button', { name: 'Skapa rutinen' }),
    'new routine');
  assert.equal(created.status(), 200);
  assert.match(pathOf(page), /^\/styrning\/rutiner\/\d+\?klart=skapad$/);
  await expectH1(page, title);
  assert.match(await page.locator('main').innerText(), /Granskning försenad/);
  // The links: an http(s) line is a link with its title, other text stays text.
  const docLink = page.getByRole('link', { name: 'Frånvarorutinen', exact: true });
  assert.equal(await docLink.getAttribute('href'), 'https://demoby.example/rutiner/franvaro.pdf');
  assert.equal(await page.locator('main ul.documents li', { hasText: 'Pärmen i personalrummet' })
    .locator('a').count(), 0);
  // The review given at creation is in the history, without a due day.
  const history = page.locator('main table', { hasText: 'Granskningar av rutinen' });
  assert.equal(await history.locator('tbody tr').count(), 1);
  assert.match(await history.locator('tbody tr').first().innerText(),
    new RegExp(`^${stockholmDate(-540)}\\s+–\\s+Okänt`));

  await go(page, `${base}/styrning/rutiner`, 'routines with an overdue one');
  const row = page.locator('main table tbody tr', { hasText: title });
  assert.match(await row.innerText(), /Granskning försenad/, 'overdue in words, not colour alone');
  await submit(page, row.getByRole('link', { name: title }), 'the routine again');

  // The review form holds today's date; recording it closes the overdue review, late.
  const review = formWith(page, 'Registrera granskningen');
  assert.equal(await review.getByLabel('Granskad den (ÅÅÅÅ-MM-DD)').inputValue(), stockholmDate());
  await submit(page, review.getByRole('button', { name: 'Registrera granskningen' }),
    'routine reviewed');
  await assertNotice(page, 'Rutinen är markerad som granskad.');
  const facts = await page.locator('main dl.facts').innerText();
  assert.match(facts, new RegExp(`Senast granskad\\s+${stockholmDate()}`));
  assert.doesNotMatch(await page.locator('main').innerText(), /Granskning försenad/);
  const rows = page.locator('main table', { hasText: 'Granskningar av rutinen' })
    .locator('tbody tr');
  assert.equal(await rows.count(), 2, 'the new review is in the history');
  const newest = await rows.first().innerText();
  assert.match(newest, new RegExp(`^${stockholmDate()}\\s+${yearOn(stockholmDate(-540))}\\s+Nej, försenad`));
  assert.match(newest, /Ulla Utvecklingsledare/);
  await screenshot(page, 'routine-reviews');

  // A review day in the future is refused beside its field, the page kept.
  const again = formWith(page, 'Registrera granskningen');
  await again.getByLabel('Granskad den (ÅÅÅÅ-MM-DD)').fill(stockholmDate(30));
  const refused = await submit(page, again.getByRole('button', { name: 'Registrera granskningen' }),
    'a review in the future');
  assert.equal(refused.status(), 400);
  await assertFieldError(page, 'reviewed_on', /framtiden/);
  assert.equal(await rows.count(), 2, 'nothing recorded');
}));

test('a member of staff files a deviation; a personnummer needs a confirmation first',
  () => withPage(async (page) => {
    const base = env.server.url;
    assert.ok(testPnr, 'a test personnummer from tests/data/testpersonnummer.txt');
    const text = `Mötet om barnet ${testPnr} blev inte av: ingen kallelse skickades.`;

    await login(page, base, fritid, 'fritid');
    // Staff read the routines but get no form to create one.
    await go(page, `${base}/styrning/rutiner`, 'routines, as staff');
    assert.equal(await page.getByRole('button', { name: 'Skapa rutinen' }).count(), 0);
    await go(page, `${base}/styrning/avvikelser`, 'deviations');
    await expectH1(page, 'Avvikelser');
    let form = formWith(page, 'Anmäl avvikelsen');
    await form.getByLabel('Rutin', { exact: true }).selectOption({ label: 'Samverkan i allmänhet' });
    await form.getByLabel('Vad hände?').fill(text);
    let res = await submit(page, form.getByRole('button', { name: 'Anmäl avvikelsen' }),
      'deviation with a personnummer');
    assert.equal(res.status(), 409);
    await assertFieldError(page, 'confirm', new RegExp('^Det ser ut att finnas ett '
      + 'personnummer i beskrivningen\\. En avvikelse får inte innehålla personuppgifter om '
      + 'enskilda barn\\. Ta bort numret, eller bekräfta att texten inte innehåller '
      + 'personuppgifter om ett barn\\.$'));
    form = formWith(page, 'Anmäl avvikelsen');
    assert.equal(await form.getByLabel('Vad hände?').inputValue(), text, 'the text is kept');
    await form.getByLabel('Jag har kontrollerat att texten inte innehåller personuppgifter om '
      + 'ett barn').check();
    res = await submit(page, form.getByRole('button', { name: 'Anmäl avvikelsen' }),
      'deviation filed');
    assert.equal(res.status(), 200);
    assert.match(pathOf(page), /^\/styrning\/avvikelser\/\d+\?klart=registrerad$/);
    await expectH1(page, /^Avvikelse nr \d+$/);
    assert.match(await page.locator('main').innerText(), /Samverkan i allmänhet/);

    // The list shows it, and the counts of this year have it under the general row.
    await go(page, `${base}/styrning/avvikelser?status=filed`, 'deviations, filed');
    assert.ok(await page.locator('main table tbody tr', { hasText: 'ingen kallelse' }).count() >= 1);
    const general = page.locator('main table', { hasText: 'per rutin och kvartal' })
      .locator('tbody tr', { hasText: 'Samverkan i allmänhet' });
    assert.equal(await general.count(), 1);
    const link = page.locator('main table tbody tr', { hasText: 'ingen kallelse' }).first()
      .getByRole('link');
    const devPath = await link.getAttribute('href');
    // Staff may file but not handle: no handler's form.
    await go(page, `${base}${devPath}`, 'the deviation, as its reporter');
    assert.equal(await page.getByRole('button', { name: 'Spara', exact: true }).count(), 0);
    await logout(page);

    // A development lead analyses it.
    await login(page, base, utveckling, 'utveckling');
    await go(page, `${base}${devPath}`, 'the deviation, as a handler');
    const handle = formWith(page, 'Spara');
    await handle.getByLabel('Analys', { exact: true }).fill('Kallelsen gick till fel adress.');
    await handle.getByLabel('Status', { exact: true }).selectOption({ label: 'Analyserad' });
    res = await submit(page, handle.getByRole('button', { name: 'Spara' }), 'deviation analysed');
    assert.equal(res.status(), 200);
    await assertNotice(page, 'Ändringarna är sparade.');
    assert.match(await page.locator('main dl.facts').innerText(), /Status\s+Analyserad/);
  }));
