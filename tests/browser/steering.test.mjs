// Steering (styrning) in Chromium, axe-core on every page: a convener creates a group
// with a cadence, records two held meetings with an action item and sees held against
// required (the gap in red and in words); minutes with a personnummer need a confirmation;
// a development lead imports the 2015 activity plan (a file with errors first: nothing is
// imported, every error is listed), marks an activity done, filters and groups the plan,
// downloads it, sees the done activity in the yearly report's chart and corrects a row's
// text in its form. Together the two tests are the acceptance flow.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

import { repoRoot } from '../lib/server.mjs';
import { outDir } from '../lib/browser.mjs';
import {
  assertFieldError, assertNotice, checkA11y, expectH1, follow, go, login, pathOf, screenshot,
  stockholmDate, submit, tableRows, useServerAndBrowser,
} from './flows.mjs';

const env = useServerAndBrowser();
const { withPage } = env;

const rektor = { email: 'rektor@demoby.example', password: 'demo-rektor-2026' };
const utveckling = { email: 'utveckling@demoby.example', password: 'demo-utveckling-2026' };
const planCsv = path.join(repoRoot, 'tests', 'data', 'aktivitetsplan-2015.csv');
// How the people pickers name the development lead.
const ulla = 'Ulla Utvecklingsledare (Utvecklingsledare, Förvaltningsledning utbildning)';

// A Skatteverket test number (tests/data/testpersonnummer.txt), never a real person's.
const testPnr = fs.readFileSync(path.join(repoRoot, 'tests', 'data', 'testpersonnummer.txt'),
  'utf8').split('\n').map((l) => l.trim()).find((n) => /^20(0|1)\d{9}$/.test(n));

const mainNav = (page) => page.getByRole('navigation', { name: 'Huvudmeny' });
/** The form that holds a button with this name. */
const formWith = (page, button) => page.locator('main form').filter({
  has: page.getByRole('button', { name: button, exact: true }),
});

test('a convener creates a group with a cadence, records two meetings and an action item, '
  + 'and sees held against required', () => withPage(async (page) => {
  const base = env.server.url;
  const year = stockholmDate().slice(0, 4);
  const name = 'Arbetsgruppen för närvaro';

  await login(page, base, rektor, 'rektor');
  await follow(page, mainNav(page).getByRole('link', { name: 'Styrning' }), 'steering overview');
  await expectH1(page, 'Styrning');
  assert.equal(pathOf(page), '/styrning');
  await follow(page, page.locator('main').getByRole('link', { name: 'Grupper och möten' }),
    'groups');
  await expectH1(page, 'Grupper');

  // The kind's default cadence is in its label; this group wants six meetings a year.
  const create = formWith(page, 'Skapa gruppen');
  await create.getByLabel('Namn', { exact: true }).fill(name);
  await create.getByLabel('Slag', { exact: true }).selectOption({ label: 'Arbetsgrupp – taktisk nivå, inget krav på antal möten' });
  await create.getByLabel('Möten per år (lämna tomt för slagets antal)', { exact: true }).fill('6');
  await create.getByLabel('Syfte och uppdrag', { exact: true }).fill('Ta fram gemensamma rutiner vid skolfrånvaro.');
  let res = await submit(page, create.getByRole('button', { name: 'Skapa gruppen' }),
    'new group page');
  assert.equal(res.status(), 200);
  assert.match(pathOf(page), /^\/styrning\/grupper\/\d+\?klart=skapad$/);
  const groupPath = pathOf(page).replace(/\?.*$/, '');
  await expectH1(page, name);
  await assertNotice(page, 'Posten är skapad.');
  const line = page.locator('main p.cadence-line');
  assert.equal((await line.innerText()).trim(),
    `Möten ${year}: 0 hållna av 6 som krävs, 0 planerade. 6 möten saknas.`);
  assert.deepEqual((await tableRows(page, '#medlemmar + table tbody tr')).map((r) => r.slice(0, 3)),
    [['Rut Rektor', 'Person', 'Ja']], 'the creator is the convener');

  // A member: the convener, no administrator, picks from every active user, each named
  // with function and unit.
  const member = formWith(page, 'Lägg till medlemmen');
  await member.getByLabel('Person', { exact: true }).selectOption({ label: ulla });
  res = await submit(page, member.getByRole('button', { name: 'Lägg till medlemmen' }),
    'member added');
  await assertNotice(page, 'Medlemmen är tillagd.');

  // The first meeting, held, with an agenda.
  let meeting = formWith(page, 'Skapa mötet');
  await meeting.getByLabel('Dag (ÅÅÅÅ-MM-DD)', { exact: true }).fill(`${year}-01-20`);
  await meeting.getByLabel('Rubrik', { exact: true }).fill('Uppstart');
  await meeting.getByLabel('Status', { exact: true }).selectOption({ label: 'Hållet' });
  await meeting.getByLabel('Dagordning, en punkt per rad', { exact: true }).fill('Uppdraget\nLäget i skolorna\nNästa möte');
  res = await submit(page, meeting.getByRole('button', { name: 'Skapa mötet' }), 'meeting 1');
  assert.equal(res.status(), 200);
  assert.match(pathOf(page), /^\/styrning\/moten\/\d+\?klart=skapad$/);
  await expectH1(page, `${name} – möte ${year}-01-20`);
  assert.deepEqual(await page.locator('main h2:text-is("Dagordning") + ol li').allInnerTexts(),
    ['Uppdraget', 'Läget i skolorna', 'Nästa möte']);
  await screenshot(page, 'steering-01-meeting');

  // Minutes that hold a personnummer: a warning, the text kept, a box to tick.
  const edit = formWith(page, 'Spara mötet');
  await edit.getByLabel('Rut Rektor', { exact: true }).check();
  await edit.getByLabel('Ulla Utvecklingsledare', { exact: true }).check();
  const minutes = `Gruppen gick igenom läget. Ett exempel nämndes: ${testPnr}.`;
  await edit.getByLabel('Protokoll', { exact: true }).fill(minutes);
  await edit.getByLabel('Beslut, ett per rad', { exact: true }).fill('Rutinen tas fram före sommaren');
  res = await submit(page, edit.getByRole('button', { name: 'Spara mötet' }),
    'minutes with a personnummer');
  assert.equal(res.status(), 409);
  // Where the number is and what to do, on the box to tick.
  await assertFieldError(page, 'confirm', new RegExp('^Det ser ut att finnas ett personnummer i '
    + 'protokollet\\. Protokoll får inte innehålla personuppgifter om enskilda barn\\. Ta bort '
    + 'numret, eller bekräfta att texten inte innehåller personuppgifter om ett barn\\.$'));
  assert.equal(await page.getByLabel('Protokoll', { exact: true }).inputValue(), minutes, 'the text is kept');
  assert.ok(await page.getByLabel('Ulla Utvecklingsledare', { exact: true }).isChecked(), 'attendance is kept');
  await screenshot(page, 'steering-02-personnummer-warning');
  await page.getByLabel('Jag har kontrollerat att texten inte innehåller personuppgifter om ett barn', { exact: true })
    .check();
  res = await submit(page, formWith(page, 'Spara mötet').getByRole('button', { name: 'Spara mötet' }),
    'minutes confirmed');
  assert.equal(res.status(), 200);
  await assertNotice(page, 'Ändringarna är sparade.');
  assert.match(await page.locator('main').innerText(), /2 av 2 närvarande/);
  const meetingPath = pathOf(page).replace(/\?.*$/, '');

  // An action item with an owner and a due day.
  const action = formWith(page, 'Lägg till åtgärden');
  await action.getByLabel('Åtgärd', { exact: true }).fill('Skriv ett förslag till rutin vid skolfrånvaro');
  await action.getByLabel('Ansvarig person', { exact: true }).selectOption({ label: ulla });
  await action.getByLabel('Klart senast (ÅÅÅÅ-MM-DD)', { exact: true }).fill(stockholmDate(30));
  res = await submit(page, action.getByRole('button', { name: 'Lägg till åtgärden' }),
    'action item added');
  await assertNotice(page, 'Åtgärden är tillagd.');
  assert.deepEqual((await tableRows(page, '#atgarder + table tbody tr'))[0].slice(0, 4),
    ['Skriv ett förslag till rutin vid skolfrånvaro', 'Ulla Utvecklingsledare',
      stockholmDate(30), 'Öppen']);

  // The second meeting, held.
  await go(page, `${base}${groupPath}`, 'group page');
  meeting = formWith(page, 'Skapa mötet');
  await meeting.getByLabel('Dag (ÅÅÅÅ-MM-DD)', { exact: true }).fill(`${year}-01-27`);
  await meeting.getByLabel('Rubrik', { exact: true }).fill('Rutinen');
  await meeting.getByLabel('Status', { exact: true }).selectOption({ label: 'Hållet' });
  await submit(page, meeting.getByRole('button', { name: 'Skapa mötet' }), 'meeting 2');
  await assertNotice(page, 'Posten är skapad.');

  // Held against required: on the group page and in the overview, red and in words.
  await go(page, `${base}${groupPath}`, 'group page with two meetings');
  assert.equal((await line.innerText()).trim(),
    `Möten ${year}: 2 hållna av 6 som krävs, 0 planerade. 4 möten saknas.`);
  assert.deepEqual((await tableRows(page, '#moten + table tbody tr')).map((r) => r[2]),
    ['Hållet', 'Hållet']);
  await go(page, `${base}/styrning`, 'overview');
  const row = (await tableRows(page, 'table.cadence tbody tr')).find((r) => r[0] === name);
  assert.deepEqual(row, [name, 'Taktisk', '6', '2', '0', '4 möten saknas']);
  const gapCell = page.locator('table.cadence tr', { hasText: name }).locator('td.gap');
  assert.equal((await gapCell.innerText()).trim(), '4 möten saknas', 'the gap is said in words');
  assert.equal(await gapCell.evaluate((td) => getComputedStyle(td).color), 'rgb(164, 22, 26)',
    'and shown in red');
  assert.ok((await tableRows(page, 'table.actions tbody tr'))
    .some((r) => r[0] === 'Skriv ett förslag till rutin vid skolfrånvaro'),
  'the open action item is on the overview');
  await screenshot(page, 'steering-03-overview');

  // The convener closes the action item from the list of open items.
  await follow(page, page.locator('main').getByRole('link', { name: 'Öppna åtgärder' }).first(),
    'open action items');
  await expectH1(page, 'Öppna åtgärder');
  await submit(page, page.getByRole('button',
    { name: 'Markera som klar: Skriv ett förslag till rutin vid skolfrånvaro' }), 'action done');
  assert.equal(pathOf(page), '/styrning/atgarder?klart=atgard-klar');
  await assertNotice(page, 'Åtgärden är markerad som klar.');
  assert.ok(!(await page.locator('main table').innerText()).includes('Skriv ett förslag'));
  await go(page, `${base}${meetingPath}`, 'meeting with a done action item');
  assert.match((await tableRows(page, '#atgarder + table tbody tr'))[0][3], /^Klar \d{4}-\d{2}-\d{2}/);
}));

test('a development lead imports the 2015 activity plan, marks an activity done, '
  + 'downloads the plan and sees it in the yearly report\'s chart', () => withPage(async (page) => {
  const base = env.server.url;

  await login(page, base, utveckling, 'utveckling');
  await go(page, `${base}/styrning/aktivitetsplaner`, 'activity plans');
  await expectH1(page, 'Aktivitetsplaner');
  const create = formWith(page, 'Skapa aktivitetsplanen');
  await create.getByLabel('År', { exact: true }).fill('2015');
  let res = await submit(page, create.getByRole('button', { name: 'Skapa aktivitetsplanen' }),
    'the 2015 plan');
  assert.equal(res.status(), 200);
  assert.equal(pathOf(page), '/styrning/aktivitetsplaner/2015?klart=skapad');
  await expectH1(page, 'Aktivitetsplan 2015');
  assert.match(await page.locator('main').innerText(), /Planen har inga rader ännu/);

  // A file with errors: nothing is imported, every error is listed with its place.
  const csv = fs.readFileSync(planCsv, 'utf8');
  const lines = csv.split(/\r?\n/);
  lines[1] = lines[1].replace(/;Februari$/, ';Febuari');
  lines[3] = lines[3].replace(/^3;/, '7;');
  fs.mkdirSync(outDir, { recursive: true });
  const badFile = path.join(outDir, 'aktivitetsplan-2015-med-fel.csv');
  fs.writeFileSync(badFile, lines.join('\r\n'));
  const upload = formWith(page, 'Importera');
  await upload.getByLabel('Fil', { exact: true }).setInputFiles(badFile);
  res = await submit(page, upload.getByRole('button', { name: 'Importera' }), 'import with errors');
  assert.equal(res.status(), 400);
  // The summary links to the file field, which is described by the message and the list.
  const summary = page.locator('main .error-summary[role="alert"] a[href="#f-file"]');
  assert.match(await summary.innerText(), /^Filen har 2 fel\. Inget importerades\.$/);
  assert.equal((await page.locator('#e-file').innerText()).trim(),
    (await summary.innerText()).trim());
  assert.equal(await page.locator('#f-file').getAttribute('aria-invalid'), 'true');
  const errors = await page.locator('#import-errors li').allInnerTexts();
  assert.equal(errors.length, 2, `two errors: ${errors.join(' | ')}`);
  assert.match(errors[0], /^Rad 2\b.*Febuari/);
  assert.match(errors[1], /^Rad 4\b.*7/);
  // The summary at the top lists them too (up to five), each a link to the list.
  const listed = page.locator('main .error-summary[role="alert"] li a[href="#import-errors"]');
  assert.deepEqual(await listed.allInnerTexts(), errors, 'the same errors in the summary');
  assert.equal(await page.locator('main .error-summary', { hasText: 'fel till' }).count(), 0);
  assert.equal(await page.locator('#f-file').getAttribute('aria-describedby'),
    'e-file import-errors');
  assert.match(await page.locator('table.plan').innerText(), /Planen har inga rader ännu/);
  await screenshot(page, 'steering-04-import-errors');

  // A file over the import's limit (8 MiB, more than the server's usual 1 MiB): a page
  // that says so, and leads back to the plan.
  const hugeFile = path.join(outDir, 'aktivitetsplan-2015-for-stor.csv');
  fs.writeFileSync(hugeFile, Buffer.concat([Buffer.from(csv), Buffer.alloc(8 << 20, 0x20)]));
  await formWith(page, 'Importera').getByLabel('Fil', { exact: true }).setInputFiles(hugeFile);
  res = await submit(page, formWith(page, 'Importera').getByRole('button', { name: 'Importera' }),
    'import of a file too large');
  assert.equal(res.status(), 413);
  await expectH1(page, 'Filen är för stor');
  assert.match(await page.locator('main').innerText(), /högst 8 MB/);
  await follow(page, page.getByRole('link', { name: 'Tillbaka till aktivitetsplanen 2015' }),
    'back to the plan');
  await expectH1(page, 'Aktivitetsplan 2015');
  assert.match(await page.locator('table.plan').innerText(), /Planen har inga rader ännu/);

  // The right file: fourteen rows under goals 1-5.
  await formWith(page, 'Importera').getByLabel('Fil', { exact: true }).setInputFiles(planCsv);
  res = await submit(page, formWith(page, 'Importera').getByRole('button', { name: 'Importera' }),
    'import');
  assert.equal(res.status(), 200);
  assert.equal(pathOf(page), '/styrning/aktivitetsplaner/2015?klart=importerad&antal=14');
  assert.equal((await page.locator('main p.notice').innerText()).trim(),
    'Filen är importerad: 14 rader lades till.');
  let rows = await tableRows(page, 'table.plan tbody tr');
  assert.equal(rows.length, 14);
  assert.deepEqual(rows.map((r) => r[0]), ['1', '1,2,3', '3', '1', '1,2', '1,2', '1,2', '1,2',
    '3', '3', '3', '1,2', '4,5', '4']);
  assert.deepEqual(rows[2].slice(0, 7), ['3',
    'Ökad kunskap om verksamhetsområdenas sekretesslagstiftning', 'Gemensam fortbildning',
    'Bitr produktionschef BoU och bitr sektionschef FBU', 'September', '–', 'Planerad']);
  await screenshot(page, 'steering-05-plan');

  // The third row is done: its status and follow-up, and a function responsible besides
  // the text.
  const third = page.locator('table.plan tbody tr').nth(2);
  await third.locator('summary').click();
  await third.getByLabel('Status, rad 3', { exact: true }).selectOption({ label: 'Klar' });
  await third.getByLabel('Uppföljning, rad 3', { exact: true })
    .fill('Två utbildningsdagar hölls under hösten.');
  await third.getByRole('group', { name: 'Ansvariga funktioner för rad 3' })
    .getByLabel('Utvecklingsledare, rad 3', { exact: true }).check();
  res = await submit(page, third.getByRole('button', { name: 'Spara rad 3' }), 'row 3 done');
  assert.equal(res.status(), 200);
  await assertNotice(page, 'Ändringarna är sparade.');
  rows = await tableRows(page, 'table.plan tbody tr');
  assert.deepEqual(rows[2].slice(3, 8), [
    'Bitr produktionschef BoU och bitr sektionschef FBU\nFunktion: Utvecklingsledare',
    'September', '–', 'Klar', 'Två utbildningsdagar hölls under hösten.']);

  // Filtered by status, then grouped by goal.
  const filter = page.locator('main form.filters');
  await filter.getByLabel('Status', { exact: true }).selectOption({ label: 'Klar' });
  await submit(page, filter.getByRole('button', { name: 'Visa' }), 'done rows');
  assert.match(pathOf(page), /^\/styrning\/aktivitetsplaner\/2015\?.*\bstatus=done\b/);
  rows = await tableRows(page, 'table.plan tbody tr');
  assert.deepEqual(rows.map((r) => r[2]), ['Gemensam fortbildning']);
  await follow(page, page.getByRole('link', { name: 'Visa alla rader' }), 'all rows');

  // Filtered by who is responsible: a function, or a part of the free text.
  await filter.getByLabel('Ansvarig', { exact: true })
    .selectOption({ label: 'Utvecklingsledare (funktion)' });
  await submit(page, filter.getByRole('button', { name: 'Visa' }), 'a function\'s rows');
  assert.deepEqual((await tableRows(page, 'table.plan tbody tr')).map((r) => r[2]),
    ['Gemensam fortbildning']);
  await filter.getByLabel('Ansvarig', { exact: true }).selectOption({ label: 'Socialchef' });
  await submit(page, filter.getByRole('button', { name: 'Visa' }), 'a text part\'s rows');
  assert.deepEqual((await tableRows(page, 'table.plan tbody tr')).map((r) => r[0]),
    ['1', '1,2,3', '1,2', '3', '1,2'], 'the rows whose text has the part Socialchef');
  // Grouped by who is responsible, and by term.
  await filter.getByLabel('Ansvarig', { exact: true }).selectOption({ label: 'Alla' });
  await filter.getByLabel('Visa', { exact: true }).selectOption({ label: 'Grupperad efter ansvarig' });
  await submit(page, filter.getByRole('button', { name: 'Visa' }), 'grouped by responsible');
  const heads = await page.locator('main h2[id^="ansvarig-"]').allInnerTexts();
  assert.equal(heads[0], 'Utvecklingsledare (funktion)', 'functions first');
  assert.ok(heads.includes('Socialchef') && heads.includes('Informationschef'), heads.join(' | '));
  assert.deepEqual((await tableRows(page,
    'table.plan:has(caption:text-is("Aktiviteter där Informationschef är ansvarig")) tbody tr'))
    .map((r) => r[0]), ['4']);
  await filter.getByLabel('Visa', { exact: true }).selectOption({ label: 'Grupperad efter termin' });
  await submit(page, filter.getByRole('button', { name: 'Visa' }), 'grouped by term');
  assert.deepEqual(await page.locator('main h2[id^="termin-"]').allInnerTexts(),
    ['Vårterminen', 'Höstterminen', 'Ingen termin angiven']);
  assert.equal((await tableRows(page,
    'table.plan:has(caption:text-is("Aktiviteter: Ingen termin angiven")) tbody tr')).length, 1);
  await follow(page, page.getByRole('link', { name: 'Visa alla rader' }), 'all rows again');
  await page.locator('main form.filters').getByLabel('Visa', { exact: true }).selectOption({ label: 'Grupperad efter mål' });
  await submit(page, page.locator('main form.filters').getByRole('button', { name: 'Visa' }),
    'grouped by goal');
  assert.deepEqual(await page.locator('main h2[id^="mal-"]').allInnerTexts(),
    ['Mål 1', 'Mål 2', 'Mål 3', 'Mål 4', 'Mål 5']);
  const goal3 = await tableRows(page,
    'table.plan:has(caption:text-is("Aktiviteter för mål 3")) tbody tr');
  assert.deepEqual(goal3.map((r) => r[0]), ['1,2,3', '3', '3', '3', '3'],
    'a row is under each goal it names');
  await screenshot(page, 'steering-06-grouped');

  // A new activity with two functions responsible, ticked in the form.
  const add = formWith(page, 'Lägg till aktiviteten');
  await add.getByLabel('Mål (nummer, till exempel 1 eller 1,2,3)', { exact: true }).fill('5');
  await add.getByLabel('Aktivitet', { exact: true }).fill('Gemensam kompetensdag');
  const boxes = add.getByRole('group', { name: 'Ansvariga funktioner' });
  await boxes.getByLabel('Rektor', { exact: true }).check();
  await boxes.getByLabel('Skolkurator', { exact: true }).check();
  res = await submit(page, add.getByRole('button', { name: 'Lägg till aktiviteten' }),
    'new activity with functions');
  assert.equal(res.status(), 200);
  await assertNotice(page, 'Aktiviteten är tillagd.');
  rows = await tableRows(page, 'table.plan tbody tr');
  assert.deepEqual(rows.at(-1).slice(0, 4), ['5', '–', 'Gemensam kompetensdag',
    'Funktioner: Rektor, Skolkurator']);

  // Export: the same rows as a file to download.
  for (const [format, type] of [['csv', 'text/csv; charset=utf-8'],
    ['xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet']]) {
    const r = await page.request.get(`${base}/styrning/aktivitetsplaner/2015/export?format=${format}`);
    assert.equal(r.status(), 200);
    assert.equal(r.headers()['content-type'], type);
    assert.equal(r.headers()['content-disposition'],
      `attachment; filename="aktivitetsplan-2015.${format}"`);
    const body = await r.body();
    if (format === 'csv') {
      const text = body.toString('utf8');
      assert.match(text, /Gemensam fortbildning/);
      assert.match(text, /Två utbildningsdagar hölls under hösten\./);
    } else {
      assert.equal(body.subarray(0, 2).toString('latin1'), 'PK', 'a zip file');
    }
  }

  // The yearly report of 2015 draws the plan: the done activity is a bar under goal 3,
  // and the chart's numbers are in the table under it.
  res = await go(page, `${base}/styrning/arsrapport/2015`, 'yearly report 2015');
  assert.equal(res.status(), 200);
  await expectH1(page, 'Årsrapport 2015');
  const chart = page.locator('main svg#svg-status[role="img"]');
  assert.equal(await chart.count(), 1, 'the status chart');
  assert.equal((await chart.locator('title').textContent()).trim(),
    'Aktiviteter per mål och status 2015');
  const texts = (await chart.locator('text').allTextContents()).map((t) => t.trim());
  const at = texts.indexOf('Mål 3');
  assert.ok(at >= 0, `goal 3 in the chart: ${texts.join(' | ')}`);
  const goal3Bars = texts.slice(at + 1, at + 9);
  assert.equal(goal3Bars[goal3Bars.indexOf('Klar') + 1], '1', `one done under goal 3: ${goal3Bars}`);
  const totals = await page.locator('main table', {
    has: page.locator('caption', { hasText: 'Aktiviteter per mål och status (diagrammets siffror)' }),
  }).locator('tfoot tr').innerText();
  assert.deepEqual(totals.split('\t').map((t) => t.trim()),
    ['Hela planen', '14', '0', '1', '0', '15']);
  const goal5 = await tableRows(page,
    'table.plan:has(caption:text-is("Aktiviteter för mål 5")) tbody tr');
  assert.deepEqual(goal5.find((r) => r[0] === 'Gemensam kompetensdag').slice(0, 4),
    ['Gemensam kompetensdag', 'Rektor, Skolkurator', '–', 'Planerad'],
    'the functions responsible when there is no free text');
  await screenshot(page, 'steering-07-yearly-2015');

  // The cooperation plan in force is corrected on its page; a goal that rows of its
  // activity plans name cannot be removed.
  await go(page, `${base}/styrning/samverkansplaner`, 'cooperation plans');
  await follow(page, page.getByRole('link', { name: 'Samverkansplan för barns bästa' }).first(),
    'the plan in force');
  const edit = formWith(page, 'Spara ändringarna');
  const goals = await edit.getByLabel('Mål, ett per rad (”1. Text”)', { exact: true }).inputValue();
  assert.equal(goals.split('\n').length, 4);
  await edit.getByLabel('Mål, ett per rad (”1. Text”)', { exact: true })
    .fill(goals.split('\n').slice(0, 3).join('\n'));
  res = await submit(page, edit.getByRole('button', { name: 'Spara ändringarna' }),
    'a goal in use removed');
  assert.equal(res.status(), 409);
  await assertFieldError(page, 'goals', /^Mål 4 används av aktiviteter i aktivitetsplanerna/);
  await formWith(page, 'Spara ändringarna').getByLabel('Mål, ett per rad (”1. Text”)',
    { exact: true }).fill(`${goals}\n5. Gemensam uppföljning`);
  await formWith(page, 'Spara ändringarna').getByLabel('Antagen av (vilka nämnder)',
    { exact: true }).fill('Socialnämnden');
  res = await submit(page, formWith(page, 'Spara ändringarna')
    .getByRole('button', { name: 'Spara ändringarna' }), 'the plan changed');
  assert.equal(res.status(), 200);
  await assertNotice(page, 'Ändringarna är sparade.');
  assert.match(await page.locator('main').innerText(), /Mål 5\. Gemensam uppföljning/);
  assert.match(await page.locator('dl.facts').innerText(), /Antagen av\s+Socialnämnden/);

  // Someone who is not in the styrgrupp reads the plans, without the forms.
  await env.withPage(async (reader) => {
    await login(reader, base, { email: 'fritid@demoby.example', password: 'demo-fritid-2026' },
      'fritid');
    await go(reader, `${base}/styrning/aktivitetsplaner/2015`, 'the plan, for a reader');
    await expectH1(reader, 'Aktivitetsplan 2015');
    assert.equal((await tableRows(reader, 'table.plan tbody tr')).length, 15);
    assert.equal(await reader.getByRole('button', { name: 'Importera' }).count(), 0);
    assert.equal(await reader.getByRole('heading', { name: 'Ny aktivitet' }).count(), 0);
    assert.equal(await reader.locator('table.plan details').count(), 0);
    await go(reader, `${base}/styrning/samverkansplaner`, 'cooperation plans, for a reader');
    assert.equal(await reader.getByRole('button', { name: 'Skapa samverkansplanen' }).count(), 0);
    await follow(reader,
      reader.getByRole('link', { name: 'Samverkansplan för barns bästa' }).first(),
      'the plan in force, for a reader');
    assert.equal(await reader.getByRole('button', { name: 'Spara ändringarna' }).count(), 0);
  });

  // A row's activity text is corrected in its form on the plan's page.
  await go(page, `${base}/styrning/aktivitetsplaner/2015`, 'the plan again');
  const second = page.locator('table.plan tbody tr').nth(1);
  await second.locator('summary').click();
  await checkA11y(page, 'the plan with row 2\'s form open');
  await second.getByLabel('Aktivitet, rad 2', { exact: true }).fill('Gemensam planeringsdag (rättad)');
  res = await submit(page, second.getByRole('button', { name: 'Spara rad 2' }), 'row 2 corrected');
  assert.equal(res.status(), 200);
  await assertNotice(page, 'Ändringarna är sparade.');
  rows = await tableRows(page, 'table.plan tbody tr');
  assert.equal(rows[1][2], 'Gemensam planeringsdag (rättad)');
}));
