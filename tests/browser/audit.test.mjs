// The log reviewer's page (/audit): filters, and the chain check, also on a
// database whose log was changed behind samsyn's back. Chromium, axe-core on
// every page.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { demoUsers, dropDatabase, dropLogTriggers, sql, startServer } from '../lib/server.mjs';
import { newPage } from '../lib/browser.mjs';
import {
  expectH1, follow, go, login, pathOf, screenshot, stockholmDate, stockholmNow, submit, tableRows,
  wallClockMinutes, useServerAndBrowser,
} from './flows.mjs';

const env = useServerAndBrowser();

const NO_ROWS = 'Inga rader matchar.';
// Columns of the log table.
const ID = 0, AT = 1, WHO = 2, WHAT = 3, CONCERNS = 4;

/** The log table's rows (the "no rows" row becomes []). */
async function logRows(page) {
  const rows = await tableRows(page, 'main table.log tbody tr');
  if (rows.length === 1 && rows[0].length === 1) {
    assert.equal(rows[0][0], NO_ROWS);
    return [];
  }
  return rows;
}

/** Set the filter form (missing keys: "Alla" / empty) and press Visa. */
async function filter(page, { user = 'Alla', subject = 'Alla', from = '', to = '' }, label) {
  await page.getByLabel('Användare (vem)').selectOption({ label: user });
  await page.getByLabel('Person som berörs').selectOption({ label: subject });
  await page.getByLabel(/^Från och med/).fill(from);
  await page.getByLabel(/^Till och med/).fill(to);
  const res = await submit(page, page.getByRole('button', { name: 'Visa' }), label);
  assert.equal(res.status(), 200, `${label}: status`);
  assert.equal(new URL(page.url()).pathname, '/audit');
  return logRows(page);
}

async function chainStatus(page) {
  return (await page.locator('main .chain').innerText()).trim();
}

test('log reviewer filters the access log and sees the chain verify', async () => {
  const base = env.server.url;

  // Some traffic to look for: Kalle Kurator logs in; the admin opens his user page.
  for (const [user, next] of [[demoUsers.kurator, null], [demoUsers.admin, '/admin/users/4']]) {
    const p = await newPage(env.browser);
    try {
      await login(p, base, user);
      if (next) {
        await go(p, `${base}${next}`, 'user page of Kalle Kurator');
        await expectH1(p, 'Kalle Kurator');
      }
    } finally {
      await p.context().close();
    }
  }

  const page = await newPage(env.browser);
  try {
    await login(page, base, demoUsers.auditor, 'auditor');
    await follow(page, page.getByRole('navigation', { name: 'Huvudmeny' })
      .getByRole('link', { name: 'Loggkontroll' }), 'audit page');
    assert.equal(pathOf(page), '/audit');
    await expectH1(page, 'Loggkontroll');
    const chain = page.locator('main .chain');
    assert.equal(await chain.getAttribute('role'), 'status');
    assert.match(await chainStatus(page), /^Loggkedjan är hel\. \d+ rader är kontrollerade\./);
    const all = await logRows(page);
    assert.ok(all.length > 20, `the demo data and the logins are logged (${all.length} rows)`);
    const ids = all.map((r) => Number(r[ID]));
    assert.deepEqual(ids, [...ids].sort((a, b) => b - a), 'newest first');
    assert.ok(all.some((r) => r[WHO] === 'Kalle Kurator' && r[WHAT] === 'Loggade in'));
    // Times are shown on Stockholm's clock: the newest row is from just now.
    const now = stockholmNow();
    assert.match(all[0][AT], /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    const age = wallClockMinutes(all[0][AT], now);
    assert.ok(age > -1 && age < 5, `newest row at ${all[0][AT]}, Stockholm time now ${now}`);
    await screenshot(page, 'audit-01-all');

    // By user: only Kalle Kurator's own rows.
    let rows = await filter(page, { user: 'Kalle Kurator' }, 'audit page filtered by user');
    assert.ok(rows.length >= 1);
    assert.deepEqual([...new Set(rows.map((r) => r[WHO]))], ['Kalle Kurator']);
    assert.ok(rows.some((r) => r[WHAT] === 'Loggade in'));
    assert.equal(new URL(page.url()).searchParams.get('user_id'), '4');
    // The form shows the filter it applied.
    assert.equal(await page.getByLabel('Användare (vem)')
      .evaluate((s) => s.options[s.selectedIndex].text), 'Kalle Kurator');
    await screenshot(page, 'audit-02-by-user');

    // Another user: only hers (the demo's steering data is written in her name).
    rows = await filter(page, { user: 'Ulla Utvecklingsledare' }, 'audit page, another user');
    assert.ok(rows.length >= 1);
    assert.deepEqual([...new Set(rows.map((r) => r[WHO]))], ['Ulla Utvecklingsledare']);

    // By person concerned: every row concerns Kalle Kurator, whoever did it.
    rows = await filter(page, { subject: 'Kalle Kurator' }, 'audit page filtered by person');
    assert.ok(rows.length >= 2);
    assert.deepEqual([...new Set(rows.map((r) => r[CONCERNS]))], ['Kalle Kurator']);
    assert.ok(rows.some((r) => r[WHO] === 'Ada Administratör' && r[WHAT] === 'Läste'),
      'the admin reading his page is there');
    assert.ok(rows.some((r) => r[WHO] === 'Driftpersonal (kommandorad)' && r[WHAT] === 'Skapade'),
      'his account being created by the demo load is there');
    await screenshot(page, 'audit-03-by-person');

    // By date, in Europe/Stockholm: today has rows, tomorrow and yesterday none.
    const today = stockholmDate(0);
    const tomorrow = stockholmDate(1);
    const yesterday = stockholmDate(-1);
    rows = await filter(page, { from: today, to: today }, 'audit page, today');
    assert.ok(rows.length > 20, `rows today (${today}): ${rows.length}`);
    for (const r of rows) assert.ok(r[AT].startsWith(`${today} `), `row ${r[ID]} at ${r[AT]}`);
    assert.equal(await page.getByLabel(/^Från och med/).inputValue(), today);
    assert.equal(await page.getByLabel(/^Till och med/).inputValue(), today);
    await screenshot(page, 'audit-04-today');

    rows = await filter(page, { from: tomorrow }, 'audit page, from tomorrow');
    assert.deepEqual(rows, [], 'nothing from tomorrow on');
    assert.equal((await page.locator('main table.log tbody').innerText()).trim(), NO_ROWS);
    await screenshot(page, 'audit-05-tomorrow');
    rows = await filter(page, { to: yesterday }, 'audit page, up to yesterday');
    assert.deepEqual(rows, [], 'nothing up to yesterday');
    rows = await filter(page, { from: yesterday, to: tomorrow }, 'audit page, yesterday–tomorrow');
    assert.ok(rows.length > 20);

    // Filters combine: Kalle Kurator's own rows today, none tomorrow.
    rows = await filter(page, { user: 'Kalle Kurator', from: today, to: today },
      'audit page, user and today');
    assert.ok(rows.length >= 1);
    assert.deepEqual([...new Set(rows.map((r) => r[WHO]))], ['Kalle Kurator']);
    rows = await filter(page, { user: 'Kalle Kurator', from: tomorrow, to: tomorrow },
      'audit page, user and tomorrow');
    assert.deepEqual(rows, []);

    // A reversed range is not an error page, just empty (or a message beside the field).
    const res = await go(page, `${base}/audit?from=${today}&to=${yesterday}`,
      'audit page, reversed range');
    assert.ok([200, 400].includes(res.status()), `status ${res.status()}`);
    assert.deepEqual(await logRows(page), []);

    // Looking at the log is itself logged, and the chain still verifies.
    await go(page, `${base}/audit`, 'audit page again');
    assert.match(await chainStatus(page), /^Loggkedjan är hel\./);
    const own = (await logRows(page)).filter((r) => r[WHO] === 'Gustav Granskare' && r[WHAT] === 'Läste');
    assert.ok(own.length >= 1, 'the reviewer\'s own reading of the log is in the log');
  } finally {
    await page.context().close();
  }
});

// ---------------------------------------------------------------------------
// The tampered log: a server of its own, stopped keeping its database, which is
// changed behind samsyn's back and served again.

test('the tampered log shows as broken on the review page', async () => {
  let srv;
  let dbUrl;
  try {
    // Before: the chain is whole.
    srv = await startServer();
    dbUrl = srv.dbUrl;
    let page = await newPage(env.browser);
    try {
      await login(page, srv.url, demoUsers.auditor, 'auditor');
      // The demo data writes thousands of rows: look at the oldest ones.
      await go(page, `${srv.url}/audit?before_id=20`, 'audit page before tampering');
      assert.match(await chainStatus(page), /^Loggkedjan är hel\./);
      const row5 = (await logRows(page)).find((x) => x[ID] === '5');
      assert.equal(row5?.[WHAT], 'Skapade');
    } finally {
      await page.context().close();
    }
    assert.equal(await srv.stop({ keepDb: true }), 0, 'the server exits cleanly');
    srv = null;

    // Behind samsyn's back: drop the append-only triggers and change row 5.
    assert.ok(dropLogTriggers(dbUrl).length >= 1, 'access_log has triggers');
    sql(dbUrl, "UPDATE access_log SET action = 'update' WHERE id = 5;");
    assert.equal(sql(dbUrl, 'SELECT action FROM access_log WHERE id = 5'), 'update');

    // After: the review page says the chain is broken and names row 5.
    srv = await startServer({ dbUrl });
    page = await newPage(env.browser);
    try {
      await login(page, srv.url, demoUsers.auditor, 'auditor');
      await follow(page, page.getByRole('navigation', { name: 'Huvudmeny' })
        .getByRole('link', { name: 'Loggkontroll' }), 'audit page after tampering');
      await expectH1(page, 'Loggkontroll');
      const chain = page.locator('main .chain');
      assert.equal(await chain.getAttribute('role'), 'alert');
      const text = await chainStatus(page);
      assert.match(text, /^Loggkedjan är bruten\./);
      const problems = (await chain.locator('li').allInnerTexts()).map((s) => s.trim());
      assert.ok(problems.some((p) => /\bRad 5\b/.test(p)), `row 5 is named: ${problems.join(' | ')}`);
      assert.ok(!problems.some((p) => /\bRad (?!5\b)\d+/.test(p)),
        `only row 5 is named: ${problems.join(' | ')}`);
      await go(page, `${srv.url}/audit?before_id=20`, 'the oldest rows after tampering');
      const row5 = (await logRows(page)).find((x) => x[ID] === '5');
      assert.equal(row5?.[WHAT], 'Ändrade', 'the table shows the row as it is now');
      await screenshot(page, 'audit-06-chain-broken');
    } finally {
      await page.context().close();
    }
    assert.equal(await srv.stop(), 0, 'the server exits cleanly');
    srv = null;
  } finally {
    if (srv) await srv.stop();
    if (dbUrl) dropDatabase(dbUrl);
  }
});
