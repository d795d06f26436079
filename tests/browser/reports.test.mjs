// Reports of concern and intake in Chromium, axe-core on every page: a school
// counsellor files a report, the intake worker assesses, decides and sends feedback,
// the counsellor reads it; a report about violence opens an investigation at once; a
// school user is refused intake. Only Skatteverket's test personnummer
// (tests/data/testpersonnummer.txt) name children.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

import { demoUsers, repoRoot } from '../lib/server.mjs';
import {
  assertFieldError, assertNotice, expectH1, follow, go, login, logout, pathOf, screenshot,
  submit, tableRows, useServerAndBrowser,
} from './flows.mjs';

const env = useServerAndBrowser();
const { withPage } = env;

const rektor = { email: 'rektor@demoby.example', password: 'demo-rektor-2026' };

// Children born 2010-2016 (10 to 16 years old on 2026-11-26 and for years after),
// leaving out the numbers the demo data already uses.
const demoNumbers = new Set(fs.readFileSync(path.join(repoRoot, 'src', 'domain', 'demo_pnr.c'),
  'utf8').match(/\d{12}/g));
const childNumbers = fs.readFileSync(path.join(repoRoot, 'tests', 'data', 'testpersonnummer.txt'),
  'utf8').split('\n').map((l) => l.trim())
  .filter((n) => /^201[0-6]\d{8}$/.test(n) && !demoNumbers.has(n));
let nextChild = 0;
/** A test personnummer not used before in this file. */
function freshPnr() {
  nextChild += 1;
  return childNumbers[(nextChild * 211) % childNumbers.length];
}
/** The number with its check digit changed. */
const wrongCheckDigit = (pnr) => pnr.slice(0, 11) + String((Number(pnr[11]) + 1) % 10);
/** YYYYMMDD-NNNN, as the pages show a personnummer. */
const shown = (pnr) => `${pnr.slice(0, 8)}-${pnr.slice(8)}`;

const mainNav = (page) => page.getByRole('navigation', { name: 'Huvudmeny' });
const group = (page, name) => page.getByRole('group', { name, exact: true });
const section = (page, heading) => page.locator('main section').filter({
  has: page.getByRole('heading', { level: 2, name: heading }),
});

/** Every URL the page visits, to show that no personnummer ends up in one. */
function recordUrls(page) {
  const urls = [];
  page.on('framenavigated', (f) => { if (f === page.mainFrame()) urls.push(f.url()); });
  return urls;
}

/** Fills the report form (on /anmalningar/ny or a draft). */
async function fillReport(page, r) {
  await page.getByLabel('Barnets namn').fill(r.name);
  await page.getByLabel('Personnummer eller samordningsnummer (ÅÅÅÅMMDD-NNNN)').fill(r.pnr);
  await page.getByLabel('Barnets skola eller förskola').fill('Norrskolan');
  await group(page, 'Vad gäller oron?').getByLabel(r.category, { exact: true }).check();
  await page.getByLabel('Vad har du sett eller hört?').fill(r.observed);
  await page.getByLabel('Barnets egna ord, om barnet har berättat något').fill(r.words ?? '');
  await group(page, 'Vet vårdnadshavarna om din oro?').getByLabel('Vet inte').check();
  await group(page, 'Hur brådskande är det?').getByLabel('Normal').check();
  await page.getByLabel('Telefonnummer där socialtjänsten når dig').fill('070-123 45 67');
}

test('a counsellor files a report; intake assesses, decides and sends feedback; she reads it',
  () => withPage(async (page) => {
    const base = env.server.url;
    const urls = recordUrls(page);
    const report = {
      name: 'Tilde Testsson',
      pnr: freshPnr(),
      category: 'Omsorgssvikt',
      observed: 'Kommer utan frukost och utan ytterkläder flera dagar i veckan.',
      words: '”Det finns ingen mat hemma.”',
    };

    // The counsellor starts a report from the start page.
    await login(page, base, demoUsers.kurator, 'kurator');
    assert.deepEqual((await mainNav(page).getByRole('link').allInnerTexts()).map((s) => s.trim()),
      ['Start', 'Mina anmälningar', 'Styrning', 'Regler och frister', 'Byt lösenord'],
      'a counsellor has her reports in the menu, and no intake');
    await follow(page, page.locator('main').getByRole('link', { name: 'Ny orosanmälan' }),
      'new report form');
    await expectH1(page, 'Ny orosanmälan');
    await fillReport(page, { ...report, pnr: wrongCheckDigit(report.pnr) });
    await screenshot(page, 'reports-01-new-filled');

    // A wrong check digit: the form again with everything typed, the message beside it.
    let res = await submit(page, page.getByRole('button', { name: 'Skicka anmälan' }),
      'report form with a wrong check digit');
    assert.equal(res.status(), 400);
    await expectH1(page, 'Ny orosanmälan');
    await assertFieldError(page, 'child_pnr', /[Kk]ontrollsiffran/);
    assert.equal(await page.getByLabel('Barnets namn').inputValue(), report.name);
    assert.equal(await page.getByLabel('Vad har du sett eller hört?').inputValue(), report.observed);
    assert.ok(await group(page, 'Vad gäller oron?').getByLabel(report.category).isChecked());
    await screenshot(page, 'reports-02-wrong-check-digit');

    // Saved as a draft first: not sent, the form comes back from the draft.
    await page.getByLabel('Personnummer eller samordningsnummer (ÅÅÅÅMMDD-NNNN)').fill(report.pnr);
    res = await submit(page, page.getByRole('button', { name: 'Spara utkast' }), 'draft saved');
    assert.equal(res.status(), 200);
    assert.match(pathOf(page), /^\/anmalningar\/\d+\?klart=utkast$/);
    await expectH1(page, 'Utkast till orosanmälan');
    await assertNotice(page, 'Utkastet är sparat. Det är inte skickat.');
    assert.equal(await page.getByLabel('Barnets egna ord, om barnet har berättat något')
      .inputValue(), report.words);
    await follow(page, page.getByRole('link', { name: 'Tillbaka till Mina anmälningar' }),
      'my reports with a draft');
    const draftRow = (await tableRows(page))[0];
    assert.deepEqual([draftRow[1], draftRow[2], draftRow[4]],
      [report.name, report.category, 'Utkast, inte skickat'], 'drafts come first');
    await follow(page, page.locator('main table').getByRole('link', { name: /^Utkast/ }).first(),
      'the draft again');

    // Sent: a number, a receipt.
    res = await submit(page, page.getByRole('button', { name: 'Skicka anmälan' }), 'report sent');
    assert.equal(res.status(), 200);
    assert.match(pathOf(page), /^\/anmalningar\/\d+\?klart=skickad$/);
    await assertNotice(page, 'Anmälan är skickad till socialtjänsten.');
    const number = (await page.locator('h1').innerText()).trim().replace(/^Orosanmälan /, '');
    assert.match(number, /^OA-\d{4}-\d+$/);
    assert.match(await page.locator('main').innerText(), /Ingen återkoppling ännu/);
    await screenshot(page, 'reports-03-sent');
    await follow(page, page.getByRole('link', { name: 'Kvitto att skriva ut' }), 'receipt');
    await expectH1(page, 'Kvitto på orosanmälan');
    const receipt = await page.locator('main .receipt').innerText();
    assert.ok(receipt.includes(number), 'the receipt has the number');
    assert.match(receipt, /\d{4}-\d{2}-\d{2} \d{2}:\d{2} \(svensk tid\)/);
    assert.ok(receipt.includes(shown(report.pnr)) && receipt.includes(report.observed),
      'the receipt shows what was sent');
    await screenshot(page, 'reports-04-receipt');
    await go(page, `${base}/anmalningar`, 'my reports');
    const sentRow = (await tableRows(page)).find((r) => r[0] === number);
    assert.equal(sentRow?.[4], 'Skickad, ingen återkoppling ännu');
    await logout(page);

    // The intake worker finds it in the inbox.
    await login(page, base, demoUsers.social, 'socialsekreterare');
    await follow(page, mainNav(page).getByRole('link', { name: 'Mottagning' }), 'intake inbox');
    await expectH1(page, 'Mottagning');
    const inboxRow = (await tableRows(page)).find((r) => r[1] === number);
    assert.ok(inboxRow, 'the new report is in the inbox');
    assert.equal(inboxRow[0], 'Skyddsbedömning');
    assert.match(inboxRow[2], new RegExp(`^${report.name}, \\d+ år$`));
    assert.match(inboxRow[6], /Sista dagen i dag|dag(ar)? kvar/, 'the state in words, not colour');
    await screenshot(page, 'reports-05-inbox');
    await follow(page, page.locator('main table').getByRole('link', { name: number, exact: true }),
      'intake page');
    await expectH1(page, `Anmälan ${number}`);
    assert.match(await page.locator('main').innerText(), /då gällde socialtjänstlagen SFS 2025:400/);
    assert.match(await section(page, '1. Skyddsbedömning').innerText(), /Källa: 20 kap\. 1 §/);

    // 1. The protection assessment.
    const protection = section(page, '1. Skyddsbedömning');
    await group(page, 'Behövs omedelbart skydd?').getByLabel('Nej').check();
    await protection.getByLabel('Bedömning och skäl').fill('Inget tyder på akut fara i dag.');
    res = await submit(page, page.getByRole('button', { name: 'Registrera skyddsbedömningen' }),
      'protection assessment recorded');
    assert.equal(res.status(), 200);
    assert.match(pathOf(page), /^\/mottagning\/anmalningar\/\d+\?klart=registrerad$/);
    await assertNotice(page, 'Uppgiften är registrerad.');
    assert.match(await section(page, '1. Skyddsbedömning').innerText(),
      /Behövs omedelbart skydd\?\s*Nej/);

    // 2. The decision: not investigating needs reasons.
    const decision = section(page, '2. Förhandsbedömning');
    assert.match(await decision.innerText(), /Beslutet ska fattas senast \d{4}-\d{2}-\d{2}/);
    await group(page, 'Beslut').getByLabel('Inled inte utredning').check();
    await group(page, 'Har barnet hörts?').getByLabel('Nej').check();
    await decision.getByLabel('Om barnet inte har hörts: varför?').fill('Barnet var sjukt.');
    res = await submit(page, page.getByRole('button', { name: 'Registrera beslutet' }),
      'decision without reasons');
    assert.equal(res.status(), 400);
    await assertFieldError(page, 'decision_reasons', /.+/);
    assert.ok(await group(page, 'Beslut').getByLabel('Inled inte utredning').isChecked(),
      'the choice is kept');
    assert.equal(await page.getByLabel('Om barnet inte har hörts: varför?').inputValue(),
      'Barnet var sjukt.');
    await screenshot(page, 'reports-06-decision-without-reasons');
    await page.getByLabel('Skäl (krävs när utredning inte inleds)')
      .fill('Vårdnadshavarna har tagit emot stöd från familjecentralen.');
    res = await submit(page, page.getByRole('button', { name: 'Registrera beslutet' }),
      'decision recorded');
    assert.equal(res.status(), 200);
    await assertNotice(page, 'Uppgiften är registrerad.');
    assert.match(await section(page, '2. Förhandsbedömning').innerText(),
      /Beslut\s*Utredning inleds inte/);

    // 3. The meeting offer.
    await group(page, 'Mötet erbjöds').getByLabel('Anmälaren').check();
    await submit(page, page.getByRole('button', { name: 'Registrera erbjudandet' }),
      'meeting offer recorded');
    await assertNotice(page, 'Uppgiften är registrerad.');
    assert.match(await section(page, '3. Erbjudande om möte').innerText(),
      /Möte erbjudet .* till anmälaren\./);

    // 5. Feedback, with its due day.
    const feedback = section(page, '5. Återkoppling till anmälaren');
    assert.match(await feedback.innerText(), /Återkopplingen ska skickas senast \d{4}-\d{2}-\d{2}/);
    assert.match(await feedback.innerText(),
      /Anmälaren får veta: Socialtjänsten har beslutat att inte inleda en utredning\./);
    await feedback.getByLabel('Kort meddelande till anmälaren (frivilligt)')
      .fill('Tack för att du hörde av dig.');
    await screenshot(page, 'reports-07-before-feedback');
    res = await submit(page, page.getByRole('button', { name: 'Skicka återkoppling' }),
      'feedback sent');
    assert.equal(res.status(), 200);
    await assertNotice(page, 'Återkopplingen är skickad till anmälaren.');
    await logout(page);

    // The counsellor sees the feedback, marked new until she has opened it.
    await login(page, base, demoUsers.kurator, 'kurator again');
    await follow(page, mainNav(page).getByRole('link', { name: 'Mina anmälningar' }),
      'my reports with feedback');
    let row = (await tableRows(page)).find((r) => r[0] === number);
    assert.equal(row?.[4], 'Återkoppling: utredning inleds inte Ny');
    await screenshot(page, 'reports-08-feedback-listed');
    await follow(page, page.locator('main table').getByRole('link', { name: number, exact: true }),
      'report with feedback');
    const box = await page.locator('main .feedback').innerText();
    assert.match(box, /Socialtjänsten har beslutat att inte inleda en utredning\./);
    assert.match(box, /Tack för att du hörde av dig\./);
    const text = await page.locator('main').innerText();
    assert.ok(!text.includes('Vårdnadshavarna har tagit emot stöd'),
      'the reporter does not see the reasons of the decision');
    await screenshot(page, 'reports-09-feedback-read');
    await follow(page, page.getByRole('link', { name: 'Tillbaka till Mina anmälningar' }),
      'my reports after reading');
    row = (await tableRows(page)).find((r) => r[0] === number);
    assert.equal(row?.[4], 'Återkoppling: utredning inleds inte');

    assert.ok(urls.length > 10);
    for (const u of urls) {
      assert.ok(!u.includes(report.pnr) && !u.includes(report.pnr.slice(2)),
        `no personnummer in ${u}`);
    }
  }));

test('a report about violence opens an investigation at once, and the page says why',
  () => withPage(async (page) => {
    const base = env.server.url;
    const urls = recordUrls(page);
    const report = {
      name: 'Vilgot Testsson',
      pnr: freshPnr(),
      category: 'Våld mot barnet',
      observed: 'Har blåmärken på armarna och säger att pappa slog igår.',
    };

    await login(page, base, demoUsers.kurator, 'kurator');
    await follow(page, page.locator('main').getByRole('link', { name: 'Ny orosanmälan' }),
      'new report form');
    await fillReport(page, report);
    // Pressing "Skicka anmälan" twice files one report: the form's client_key.
    const landed = await page.evaluate(async () => {
      const form = document.querySelector('form.report-form');
      const body = new URLSearchParams(new FormData(form));
      body.set('action', 'skicka');
      // form.action is the button named "action" here: read the attribute.
      const send = () => fetch(form.getAttribute('action'), { method: 'POST', body });
      const first = await send();
      const second = await send();
      return [first.status, new URL(first.url).pathname, second.status,
        new URL(second.url).pathname];
    });
    assert.equal(landed[0], 200);
    assert.equal(landed[2], 200);
    assert.match(landed[1], /^\/anmalningar\/\d+$/);
    assert.equal(landed[3], landed[1], 'the second press lands on the same report');
    await go(page, `${base}/anmalningar`, 'my reports after a double press');
    const mine = (await tableRows(page)).filter((r) => r[1] === report.name);
    assert.equal(mine.length, 1, 'one report, not two');
    const reportPath = landed[1];
    await logout(page);

    // The intake worker's link to /anmalningar/{id} leads to the intake page.
    await login(page, base, demoUsers.social, 'socialsekreterare');
    await go(page, `${base}${reportPath}`, 'intake page of the violence report');
    assert.equal(pathOf(page), `/mottagning${reportPath}`);
    await expectH1(page, /^Anmälan OA-\d{4}-\d+$/);
    const why = await page.locator('main .rule-box').innerText();
    assert.match(why, /Utredning inledd direkt\./);
    assert.match(why, /Anmälan gäller våld \(Våld mot barnet\)/);
    assert.match(why, /utan förhandsbedömning/);
    assert.match(why, /Källa: .*HSLF-FS 2022:39/);
    assert.match(await section(page, '2. Förhandsbedömning').innerText(), /Ingen förhandsbedömning/);
    assert.equal(await page.getByRole('button', { name: 'Registrera beslutet' }).count(), 0);
    await screenshot(page, 'reports-10-violence');

    // The investigation: opened at submission, four months, extended with reasons.
    await follow(page, page.getByRole('link', { name: 'Utredningen med slutdatum och förlängningar' }),
      'investigation page');
    await expectH1(page, `Utredning om ${report.name}`);
    const facts = await page.locator('main dl.facts').innerText();
    assert.match(facts, /Anmälan gällde våld: utredningen inleddes direkt/);
    const end = facts.match(/Slutdatum\s*(\d{4}-\d{2}-\d{2})/)?.[1];
    assert.ok(end, 'an end date');
    assert.match(facts, /\d+ dagar kvar\./);
    const later = new Date(`${end}T00:00:00Z`);
    later.setUTCDate(later.getUTCDate() + 30);
    const newEnd = later.toISOString().slice(0, 10);
    await page.getByLabel('Särskilda skäl till förlängningen')
      .fill('Barnpsykiatrins bedömning väntas först i nästa månad.');
    await page.getByLabel('Nytt slutdatum (ÅÅÅÅ-MM-DD)').fill(newEnd);
    const res = await submit(page, page.getByRole('button', { name: 'Förläng utredningstiden' }),
      'investigation extended');
    assert.equal(res.status(), 200);
    await assertNotice(page, 'Utredningstiden är förlängd.');
    const ext = await tableRows(page);
    assert.equal(ext.length, 1);
    assert.deepEqual(ext[0].slice(1), ['Sigrid Socialsekreterare', end, newEnd,
      'Barnpsykiatrins bedömning väntas först i nästa månad.']);
    assert.match(await page.locator('main dl.facts').innerText(), new RegExp(`Slutdatum\\s*${newEnd}`));
    await screenshot(page, 'reports-11-extended');

    // The child is found by personnummer through a POST form: the number stays out of URLs.
    await go(page, `${base}/mottagning/barn`, 'child search');
    await expectH1(page, 'Sök barn');
    await page.getByLabel('Namn (minst 2 tecken) eller personnummer (minst 6 siffror)')
      .fill(report.pnr);
    await submit(page, page.getByRole('button', { name: 'Sök' }), 'child search results');
    assert.equal(pathOf(page), '/mottagning/barn');
    const hits = await tableRows(page);
    assert.equal(hits.length, 1);
    assert.deepEqual(hits[0].slice(0, 2), [report.name, shown(report.pnr)]);
    await follow(page, page.locator('main table').getByRole('link', { name: report.name }),
      'child page');
    await expectH1(page, report.name);
    const open = await tableRows(page, 'main table:has(caption:text("Barnets pågående utredningar")) tbody tr');
    assert.equal(open.length, 1);
    assert.equal(open[0][2], newEnd);
    await screenshot(page, 'reports-12-child');

    for (const u of urls) {
      assert.ok(!u.includes(report.pnr) && !u.includes(report.pnr.slice(2)),
        `no personnummer in ${u}`);
    }
  }));

test('a school user gets the Swedish 403 page on intake, and no link to it', () =>
  withPage(async (page) => {
    const base = env.server.url;

    await login(page, base, rektor, 'rektor');
    assert.equal(await mainNav(page).getByRole('link', { name: 'Mottagning' }).count(), 0);
    assert.equal(await page.locator('main').getByRole('link', { name: 'Mottagning' }).count(), 0);
    for (const where of ['/mottagning', '/mottagning/barn', '/mottagning/anmalningar/1']) {
      const res = await go(page, `${base}${where}`, `rektor on ${where}`);
      assert.equal(res.status(), 403, `403 on ${where}`);
      await expectH1(page, 'Ingen behörighet');
    }
    await screenshot(page, 'reports-13-forbidden');
  }));
