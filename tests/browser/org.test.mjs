// The administrator's organisation pages: sectors, units, functions.
// Chromium, axe-core on every page.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { demoUsers } from '../lib/server.mjs';
import { newPage } from '../lib/browser.mjs';
import {
  assertFieldError, assertNotice, expectH1, follow, login, pathOf, screenshot, selectedLabel,
  submit, tableRows, useServerAndBrowser,
} from './flows.mjs';

const env = useServerAndBrowser();

const mainNav = (page) => page.getByRole('navigation', { name: 'Huvudmeny' });

/** Rows of the list table keyed by the first cell (the name). */
async function rowsByName(page) {
  return new Map((await tableRows(page)).map((r) => [r[0], r.slice(1)]));
}

/** Options (labels) of a select. */
function optionLabels(page, selector) {
  return page.locator(selector).evaluate((s) => [...s.options].map((o) => o.text));
}

test('admin manages the organisation', async () => {
  const page = await newPage(env.browser);
  try {
    await login(page, env.server.url, demoUsers.admin, 'admin');

    // A sector.
    await follow(page, mainNav(page).getByRole('link', { name: 'Sektorer' }), 'sector list');
    await expectH1(page, 'Sektorer');
    assert.deepEqual((await rowsByName(page)).get('Socialtjänst'), ['Socialtjänst', 'Aktiv']);
    await page.getByLabel('Namn').fill('Hälsa och vård');
    await page.getByLabel('Slag').selectOption({ label: 'Hälso- och sjukvård' });
    let res = await submit(page, page.getByRole('button', { name: 'Skapa sektor' }),
      'sector list after creating');
    assert.equal(res.status(), 200);
    assert.equal(pathOf(page), '/admin/sectors?klart=skapad');
    await assertNotice(page, 'Posten är skapad.');
    assert.deepEqual((await rowsByName(page)).get('Hälsa och vård'),
      ['Hälso- och sjukvård', 'Aktiv']);
    await screenshot(page, 'org-01-sector-created');

    // A unit in it.
    await follow(page, mainNav(page).getByRole('link', { name: 'Enheter' }), 'unit list');
    await expectH1(page, 'Enheter');
    assert.ok((await optionLabels(page, '#f-sector_id')).includes('Hälsa och vård'));
    await page.getByLabel('Namn').fill('Ungdomsmottagningen');
    await page.getByLabel('Sektor').selectOption({ label: 'Hälsa och vård' });
    res = await submit(page, page.getByRole('button', { name: 'Skapa enhet' }),
      'unit list after creating');
    assert.equal(pathOf(page), '/admin/units?klart=skapad');
    await assertNotice(page, 'Posten är skapad.');
    assert.deepEqual((await rowsByName(page)).get('Ungdomsmottagningen'),
      ['Hälsa och vård', 'Aktiv']);

    // The same name again: refused beside the name field, the form as typed.
    await page.getByLabel('Namn').fill('Ungdomsmottagningen');
    await page.getByLabel('Sektor').selectOption({ label: 'Hälsa och vård' });
    res = await submit(page, page.getByRole('button', { name: 'Skapa enhet' }),
      'unit list with a taken name');
    assert.equal(res.status(), 409);
    await expectH1(page, 'Enheter');
    await assertFieldError(page, 'name', /finns redan/);
    assert.equal(await page.getByLabel('Namn').inputValue(), 'Ungdomsmottagningen');
    assert.equal(await selectedLabel(page, '#f-sector_id'), 'Hälsa och vård');
    await screenshot(page, 'org-02-unit-name-taken');

    // A function.
    await follow(page, mainNav(page).getByRole('link', { name: 'Funktioner' }), 'function list');
    await expectH1(page, 'Funktioner');
    await page.getByLabel('Namn').fill('Ungdomskonsulent');
    await submit(page, page.getByRole('button', { name: 'Skapa funktion' }),
      'function list after creating');
    assert.equal(pathOf(page), '/admin/functions?klart=skapad');
    await assertNotice(page, 'Posten är skapad.');
    assert.deepEqual((await rowsByName(page)).get('Ungdomskonsulent'), ['Aktiv']);

    // Rename the unit.
    await follow(page, mainNav(page).getByRole('link', { name: 'Enheter' }), 'unit list');
    await follow(page, page.locator('main table').getByRole('link', { name: 'Ungdomsmottagningen' }),
      'unit edit page');
    assert.match(pathOf(page), /^\/admin\/units\/\d+$/);
    await expectH1(page, 'Ändra enhet: Ungdomsmottagningen');
    assert.equal(await selectedLabel(page, '#f-sector_id'), 'Hälsa och vård');
    assert.ok(await page.getByLabel('Aktiv').isChecked());
    await page.getByLabel('Namn').fill('Ungdomsmottagningen Centrum');
    res = await submit(page, page.getByRole('button', { name: 'Spara' }), 'unit after renaming');
    assert.equal(res.status(), 200);
    assert.match(pathOf(page), /^\/admin\/units\/\d+\?klart=sparad$/);
    await assertNotice(page, 'Ändringarna är sparade.');
    await expectH1(page, 'Ändra enhet: Ungdomsmottagningen Centrum');
    await screenshot(page, 'org-03-unit-renamed');
    await follow(page, page.getByRole('link', { name: 'Tillbaka till Enheter' }), 'unit list');
    const units = await rowsByName(page);
    assert.deepEqual(units.get('Ungdomsmottagningen Centrum'), ['Hälsa och vård', 'Aktiv']);
    assert.equal(units.has('Ungdomsmottagningen'), false, 'the old name is gone');

    // Deactivate the function.
    await follow(page, mainNav(page).getByRole('link', { name: 'Funktioner' }), 'function list');
    await follow(page, page.locator('main table').getByRole('link', { name: 'Ungdomskonsulent' }),
      'function edit page');
    await expectH1(page, 'Ändra funktion: Ungdomskonsulent');
    await page.getByLabel('Aktiv').uncheck();
    await submit(page, page.getByRole('button', { name: 'Spara' }), 'function after deactivating');
    assert.match(pathOf(page), /^\/admin\/functions\/\d+\?klart=sparad$/);
    await assertNotice(page, 'Ändringarna är sparade.');
    assert.equal(await page.getByLabel('Aktiv').isChecked(), false);
    await follow(page, page.getByRole('link', { name: 'Tillbaka till Funktioner' }),
      'function list');
    assert.deepEqual((await rowsByName(page)).get('Ungdomskonsulent'), ['Inaktiverad']);
    assert.deepEqual((await rowsByName(page)).get('Skolkurator'), ['Aktiv']);
    await screenshot(page, 'org-04-function-deactivated');

    // The new user form offers the renamed unit and not the inactive function.
    await follow(page, mainNav(page).getByRole('link', { name: 'Användare' }), 'user list');
    await follow(page, page.getByRole('link', { name: 'Ny användare' }), 'new user form');
    const units2 = await optionLabels(page, '#f-unit_id');
    assert.ok(units2.includes('Ungdomsmottagningen Centrum'), units2.join(', '));
    assert.ok(!units2.includes('Ungdomsmottagningen'));
    const functions = await optionLabels(page, '#f-function_id');
    assert.ok(!functions.includes('Ungdomskonsulent'), 'an inactive function is not offered');
    assert.ok(functions.includes('Skolkurator'));
  } finally {
    await page.context().close();
  }
});
