// The administrator's user pages: creating a user who then logs in,
// deactivating one, API keys. Chromium, axe-core on every page.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { demoUsers } from '../lib/server.mjs';
import { newPage } from '../lib/browser.mjs';
import {
  assertFieldError, assertNotice, checkA11y, expectH1, fillLogin, follow, go, login, logout, pathOf,
  reEscape, screenshot, selectedLabel, submit, tableRows, useServerAndBrowser,
} from './flows.mjs';

const env = useServerAndBrowser();

const { withPage } = env;

const mainNav = (page) => page.getByRole('navigation', { name: 'Huvudmeny' });

/** As admin, from anywhere: Användare → the user's page. */
async function openUser(page, name) {
  await follow(page, mainNav(page).getByRole('link', { name: 'Användare' }), 'user list');
  await expectH1(page, 'Användare');
  await follow(page, page.locator('main table').getByRole('link', { name, exact: true }),
    `user page of ${name}`);
  await expectH1(page, name);
  assert.match(pathOf(page), /^\/admin\/users\/\d+$/);
}

test('admin creates a user, that user logs in', () => withPage(async (page) => {
  const base = env.server.url;
  const newUser = {
    name: 'Maja Mentor',
    email: 'maja.mentor@demoby.example',
    password: 'ett-langt-losenord-2026',
  };

  await login(page, base, demoUsers.admin, 'admin');
  await follow(page, mainNav(page).getByRole('link', { name: 'Användare' }), 'user list');
  await expectH1(page, 'Användare');
  assert.equal(await mainNav(page).getByRole('link', { name: 'Användare' })
    .getAttribute('aria-current'), 'page');
  await screenshot(page, 'users-01-list');

  await follow(page, page.getByRole('link', { name: 'Ny användare' }), 'new user form');
  assert.equal(pathOf(page), '/admin/users/new');
  await expectH1(page, 'Ny användare');

  const fill = async (password) => {
    await page.getByLabel('Namn').fill(newUser.name);
    await page.getByLabel('E-postadress').fill(newUser.email);
    await page.getByLabel('Roll').selectOption({ label: 'Medarbetare' });
    await page.getByLabel('Funktion').selectOption({ label: 'Elevcoach' });
    await page.getByLabel('Enhet').selectOption({ label: 'Fältgruppen' });
    await page.getByLabel('Första lösenord (minst 12 tecken)').fill(password);
  };
  await fill('kort-lösen');
  await screenshot(page, 'users-02-new-filled');

  // Too short a password: the form again, values kept, the message beside the field.
  const bad = await submit(page, page.getByRole('button', { name: 'Skapa användare' }),
    'new user form with a too-short password');
  assert.equal(bad.status(), 400);
  await expectH1(page, 'Ny användare');
  await assertFieldError(page, 'password', /minst 12 tecken/);
  assert.equal(await page.getByLabel('Namn').inputValue(), newUser.name);
  assert.equal(await page.getByLabel('E-postadress').inputValue(), newUser.email);
  assert.equal(await selectedLabel(page, '#f-role'), 'Medarbetare');
  assert.equal(await selectedLabel(page, '#f-function_id'), 'Elevcoach');
  assert.equal(await selectedLabel(page, '#f-unit_id'), 'Fältgruppen');
  assert.equal(await page.getByLabel('Första lösenord (minst 12 tecken)').inputValue(), '',
    'the password is not sent back');
  await screenshot(page, 'users-03-new-short-password');

  // Fixed: the user is created.
  await page.getByLabel('Första lösenord (minst 12 tecken)').fill(newUser.password);
  const ok = await submit(page, page.getByRole('button', { name: 'Skapa användare' }),
    'the new user page');
  assert.equal(ok.status(), 200);
  assert.match(pathOf(page), /^\/admin\/users\/\d+\?klart=skapad$/);
  await expectH1(page, newUser.name);
  await assertNotice(page, 'Posten är skapad.');
  assert.equal(await page.getByLabel('E-postadress').inputValue(), newUser.email);
  assert.equal(await selectedLabel(page, '#f-role'), 'Medarbetare');
  assert.equal(await selectedLabel(page, '#f-function_id'), 'Elevcoach');
  assert.equal(await selectedLabel(page, '#f-unit_id'), 'Fältgruppen');
  assert.ok(await page.getByLabel('Aktiv (kan logga in)').isChecked());
  await screenshot(page, 'users-04-created');

  // ... and listed.
  await follow(page, page.getByRole('link', { name: 'Tillbaka till användarna' }), 'user list');
  const row = (await tableRows(page)).find((r) => r[0] === newUser.name);
  assert.deepEqual(row, [newUser.name, newUser.email, 'Medarbetare', 'Elevcoach', 'Fältgruppen',
    'Aktiv']);

  // A second user with the same e-mail: refused, the message beside the e-mail field.
  await follow(page, page.getByRole('link', { name: 'Ny användare' }), 'new user form');
  await page.getByLabel('Namn').fill('Maja Dubblett');
  await page.getByLabel('E-postadress').fill(newUser.email.toUpperCase());
  await page.getByLabel('Första lösenord (minst 12 tecken)').fill(newUser.password);
  const dup = await submit(page, page.getByRole('button', { name: 'Skapa användare' }),
    'new user form with a taken e-mail');
  assert.equal(dup.status(), 409);
  await assertFieldError(page, 'email', /används redan/);
  assert.equal(await page.getByLabel('Namn').inputValue(), 'Maja Dubblett');
  await screenshot(page, 'users-05-email-taken');

  await logout(page);

  // The new user logs in and sees her name, function and unit.
  await fillLogin(page, newUser);
  const res = await submit(page, page.getByRole('button', { name: 'Logga in' }),
    'start page of the new user');
  assert.equal(res.status(), 200);
  assert.equal(pathOf(page), '/');
  assert.equal((await page.locator('main p.lead').innerText()).trim(), `Välkommen, ${newUser.name}.`);
  const facts = await page.locator('main dl.facts').evaluate((dl) => {
    const out = {};
    for (const dt of dl.querySelectorAll('dt')) out[dt.textContent.trim()] = dt.nextElementSibling?.textContent.trim();
    return out;
  });
  assert.deepEqual(facts, { Roll: 'Medarbetare', Funktion: 'Elevcoach', Enhet: 'Fältgruppen' });
  assert.deepEqual((await mainNav(page).getByRole('link').allInnerTexts()).map((s) => s.trim()),
    ['Start', 'Mina anmälningar', 'Styrning', 'Regler och frister', 'Byt lösenord']);
  await screenshot(page, 'users-06-new-user-start');
}));

test('admin deactivates a user and that user can no longer log in', async () => {
  const base = env.server.url;
  const rektor = { email: 'rektor@demoby.example', password: 'demo-rektor-2026' };
  const victim = await newPage(env.browser);
  try {
    // Rut Rektor is logged in in her own browser.
    await login(victim, base, rektor, 'rektor');
    assert.equal((await victim.locator('main p.lead').innerText()).trim(), 'Välkommen, Rut Rektor.');

    await withPage(async (page) => {
      await login(page, base, demoUsers.admin, 'admin');
      await openUser(page, 'Rut Rektor');
      const active = page.getByLabel('Aktiv (kan logga in)');
      assert.ok(await active.isChecked());
      await active.uncheck();
      const res = await submit(page, page.getByRole('button', { name: 'Spara' }),
        'user page after deactivation');
      assert.equal(res.status(), 200);
      assert.match(pathOf(page), /^\/admin\/users\/\d+\?klart=sparad$/);
      await assertNotice(page, 'Ändringarna är sparade.');
      assert.equal(await page.getByLabel('Aktiv (kan logga in)').isChecked(), false);
      assert.match(await page.locator('main').innerText(), /Status: inaktiverad\./);
      await screenshot(page, 'deactivate-01-saved');

      await follow(page, page.getByRole('link', { name: 'Tillbaka till användarna' }), 'user list');
      const row = (await tableRows(page)).find((r) => r[0] === 'Rut Rektor');
      assert.equal(row?.[5], 'Inaktiverad');
      await screenshot(page, 'deactivate-02-list');
    });

    // Her open session is gone: a reload lands on the login page.
    const reload = await victim.reload({ waitUntil: 'load' });
    await checkA11y(victim, 'reload of the deactivated user\'s page');
    assert.equal(reload.status(), 200);
    assert.equal(pathOf(victim), '/login', 'the deactivated user is sent to the login page');
    await expectH1(victim, 'Logga in');
    await go(victim, `${base}/password`, 'a page of the deactivated user');
    assert.equal(pathOf(victim), '/login');

    // And she cannot log in again, with the same answer as for a wrong password.
    await fillLogin(victim, rektor);
    const res = await submit(victim, victim.getByRole('button', { name: 'Logga in' }),
      'login of a deactivated user');
    assert.equal(res.status(), 401);
    assert.equal(pathOf(victim), '/login');
    assert.equal((await victim.getByRole('alert').innerText()).trim(),
      'Fel e-postadress eller lösenord.');
    assert.equal(await victim.getByRole('navigation', { name: 'Huvudmeny' }).count(), 0);
    await screenshot(victim, 'deactivate-03-login-refused');
  } finally {
    await victim.context().close();
  }
});

test('admin issues an API token and the secret works once shown', () => withPage(async (page) => {
  const base = env.server.url;
  const session = (secret) => fetch(`${base}/api/v1/session`, {
    headers: { authorization: `Bearer ${secret}`, accept: 'application/json' },
  });

  await login(page, base, demoUsers.admin, 'admin');
  await openUser(page, 'Frida Fritidsledare');
  const userPath = pathOf(page);
  assert.equal(await page.locator('main table').nth(0).locator('tbody').innerText()
    .then((t) => t.trim()), 'Inga nycklar.');

  await page.getByLabel('Nyckelns namn').fill('Schemakoppling');
  await page.getByLabel('Giltig antal dagar (1–365)').fill('30');
  const made = await submit(page, page.getByRole('button', { name: 'Skapa nyckel' }),
    'user page with the new key');
  assert.equal(made.status(), 201);
  await expectH1(page, 'Frida Fritidsledare');
  const box = page.locator('main .secret');
  assert.equal(await box.count(), 1);
  assert.equal((await box.getByRole('heading', { level: 2 }).innerText()).trim(), 'Ny API-nyckel');
  const secret = (await box.locator('code').innerText()).trim();
  assert.match(secret, /^[A-Za-z0-9_-]{20,}$/, `a token-like secret: ${secret}`);
  assert.ok(!page.url().includes(secret), 'the secret is not in the URL');
  const rows = await tableRows(page);
  assert.equal(rows.length, 1);
  assert.equal(rows[0][0], 'Schemakoppling');
  await screenshot(page, 'token-01-issued');

  // The secret works against the API.
  let r = await session(secret);
  assert.equal(r.status, 200);
  const body = await r.json();
  assert.equal(body.user?.email, 'fritid@demoby.example');
  assert.equal(body.csrf_token, null, 'no CSRF token for a bearer client');

  // Shown once: the user page does not show it again.
  await go(page, `${base}${userPath}`, 'user page after the key was shown');
  assert.equal(await page.locator('main .secret').count(), 0);
  assert.ok(!(await page.content()).includes(secret), 'the secret is shown only once');

  // Revoke it.
  await submit(page, page.getByRole('button', { name: 'Återkalla Schemakoppling' }),
    'user page after revoking');
  assert.equal(pathOf(page), `${userPath}?klart=aterkallad`);
  await assertNotice(page, 'Nyckeln är återkallad.');
  const after = await tableRows(page);
  assert.match(after[0][3], /^Återkallad /);
  assert.equal(await page.getByRole('button', { name: /^Återkalla/ }).count(), 0);
  await screenshot(page, 'token-02-revoked');

  r = await session(secret);
  assert.equal(r.status, 401);
  await r.arrayBuffer();

  // An invalid lifetime is answered beside its field (the browser's check bypassed).
  await page.getByLabel('Nyckelns namn').fill('För lång');
  await page.getByLabel('Giltig antal dagar (1–365)').fill('400');
  await page.locator('form:has(#f-days)').evaluate((f) => { f.noValidate = true; });
  const bad = await submit(page, page.getByRole('button', { name: 'Skapa nyckel' }),
    'token form with 400 days');
  assert.equal(bad.status(), 400);
  await assertFieldError(page, 'days', new RegExp(reEscape('1–365 dagar')));
  await screenshot(page, 'token-03-bad-days');
}));
