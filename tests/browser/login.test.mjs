// Logging in and out, the error pages and the skip link, in Chromium with
// axe-core on every page.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { demoUsers } from '../lib/server.mjs';
import { newPage } from '../lib/browser.mjs';
import {
  assertFieldError, assertNotice, checkA11y, expectH1, fillLogin, follow, go, login, logout, pathOf,
  screenshot, submit, useServerAndBrowser,
} from './flows.mjs';

const env = useServerAndBrowser();

const { withPage } = env;

test('login, see start page, log out', () => withPage(async (page) => {
  const base = env.server.url;
  const kurator = demoUsers.kurator;

  // Not logged in: the start page sends us to the login form.
  const first = await go(page, `${base}/`, 'start page, logged out');
  assert.equal(first.status(), 200);
  assert.equal(pathOf(page), '/login');
  await expectH1(page, 'Logga in');
  assert.equal(await page.locator('html').getAttribute('lang'), 'sv');
  assert.equal(await page.getByRole('navigation', { name: 'Huvudmeny' }).count(), 0,
    'no main menu before logging in');
  assert.equal(await page.getByRole('button', { name: 'Logga ut' }).count(), 0);
  await screenshot(page, 'login-01-form');

  // Wrong password: same page, 401, an error summary, the e-mail kept.
  await fillLogin(page, { email: kurator.email, password: 'fel-losenord-123' });
  const bad = await submit(page, page.getByRole('button', { name: 'Logga in' }),
    'failed login page');
  assert.equal(bad.status(), 401);
  await expectH1(page, 'Logga in');
  const alert = page.getByRole('alert');
  assert.equal(await alert.count(), 1);
  assert.equal((await alert.innerText()).trim(), 'Fel e-postadress eller lösenord.');
  await assertFieldError(page, 'password', /^Fel e-postadress eller lösenord\.$/);
  assert.equal(await page.getByLabel('E-postadress').inputValue(), kurator.email,
    'the e-mail is kept');
  assert.equal(await page.getByLabel('Lösenord', { exact: true }).inputValue(), '',
    'the password is not sent back');
  await screenshot(page, 'login-02-failed');

  // The summary's link moves focus to the password field.
  await page.getByRole('alert').getByRole('link').click();
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'f-password');

  // Right password: the start page.
  await fillLogin(page, kurator);
  const ok = await submit(page, page.getByRole('button', { name: 'Logga in' }), 'start page');
  assert.equal(ok.status(), 200);
  assert.equal(pathOf(page), '/');
  await expectH1(page, 'Start');
  assert.equal((await page.locator('main p.lead').innerText()).trim(), 'Välkommen, Kalle Kurator.');
  const nav = page.getByRole('navigation', { name: 'Huvudmeny' });
  assert.equal(await nav.count(), 1);
  const navLinks = (await nav.getByRole('link').allInnerTexts()).map((s) => s.trim());
  assert.deepEqual(navLinks, ['Start', 'Mina anmälningar', 'Styrning', 'Regler och frister', 'Byt lösenord'], 'a staff member sees no admin links');
  assert.equal(await nav.getByRole('link', { name: 'Start' }).getAttribute('aria-current'), 'page');
  assert.match(await page.locator('header').innerText(), /Inloggad som Kalle Kurator/);
  await screenshot(page, 'login-03-start');

  // Log out: back to the login page with a notice; the start page is closed again.
  await logout(page, 'logged out page');
  await expectH1(page, 'Logga in');
  await screenshot(page, 'login-04-logged-out');
  await go(page, `${base}/`, 'start page after logout');
  assert.equal(pathOf(page), '/login', 'the session is gone after logging out');
}));

test('the start page shows links by role', () => withPage(async (page) => {
  const base = env.server.url;

  await login(page, base, demoUsers.admin, 'admin');
  assert.equal((await page.locator('main p.lead').innerText()).trim(),
    'Välkommen, Ada Administratör.');
  const adminNav = (await page.getByRole('navigation', { name: 'Huvudmeny' })
    .getByRole('link').allInnerTexts()).map((s) => s.trim());
  assert.deepEqual(adminNav, ['Start', 'Styrning', 'Användare', 'Sektorer', 'Enheter', 'Funktioner',
    'Regler och frister', 'Byt lösenord']);
  for (const name of ['Användare', 'Sektorer', 'enheter', 'funktioner']) {
    assert.equal(await page.locator('main').getByRole('link', { name, exact: true }).count(), 1,
      `the admin start page links to ${name}`);
  }
  await screenshot(page, 'login-05-start-admin');
  await logout(page);

  await login(page, base, demoUsers.auditor, 'auditor');
  assert.equal((await page.locator('main p.lead').innerText()).trim(),
    'Välkommen, Gustav Granskare.');
  const auditNav = (await page.getByRole('navigation', { name: 'Huvudmeny' })
    .getByRole('link').allInnerTexts()).map((s) => s.trim());
  assert.deepEqual(auditNav, ['Start', 'Loggkontroll', 'Regler och frister', 'Byt lösenord']);
  assert.equal(await page.locator('main').getByRole('link', { name: 'Granska loggen' }).count(), 1);
  await screenshot(page, 'login-06-start-auditor');
}));

test('a staff user gets the Swedish 403 page on admin pages, and a 404 page', async () => {
  const base = env.server.url;

  // Not logged in, an unknown page is a 404 (axe-clean, no menu).
  await withPage(async (page) => {
    const anon = await go(page, `${base}/finns-inte`, '404 page, logged out');
    assert.equal(anon.status(), 404);
    await expectH1(page, 'Sidan finns inte');
    assert.equal(await page.locator('main').getByRole('link', { name: 'Till startsidan' }).count(), 1);
  });

  await withPage(async (page) => {
    await login(page, base, demoUsers.kurator, 'staff');

    for (const p of ['/admin/users', '/admin/users/new', '/admin/sectors', '/audit']) {
      const res = await go(page, `${base}${p}`, `403 page for ${p}`);
      assert.equal(res.status(), 403, `${p} is forbidden for a staff member`);
      assert.equal(pathOf(page), p);
      await expectH1(page, 'Ingen behörighet');
      assert.equal(await page.getByRole('navigation', { name: 'Huvudmeny' }).count(), 1,
        'the 403 page keeps the menu');
      assert.equal(await page.getByRole('button', { name: 'Logga ut' }).count(), 1);
      assert.equal(await page.locator('main').getByRole('link', { name: 'Till startsidan' }).count(), 1);
      if (p === '/admin/users') await screenshot(page, 'errors-01-403');
    }

    const res = await go(page, `${base}/finns-inte`, '404 page, logged in');
    assert.equal(res.status(), 404);
    await expectH1(page, 'Sidan finns inte');
    assert.equal(await page.locator('main').getByRole('link', { name: 'Till startsidan' }).count(), 1);
    await screenshot(page, 'errors-02-404');
    // Like every page seen while logged in, the 404 page has the menu and "Logga ut".
    assert.equal(await page.getByRole('navigation', { name: 'Huvudmeny' }).count(), 1,
      '404 page while logged in: the header has the main menu (nav "Huvudmeny")');
    assert.equal(await page.getByRole('button', { name: 'Logga ut' }).count(), 1,
      '404 page while logged in: the header has the "Logga ut" button');
  });
});

test('keyboard: the skip link is the first tab stop and moves focus to main', () =>
  withPage(async (page) => {
    await go(page, `${env.server.url}/login`, 'login page');

    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const a = document.activeElement;
      return { tag: a?.tagName, cls: a?.className, href: a?.getAttribute('href'),
        text: a?.textContent.trim() };
    });
    assert.deepEqual(focused, { tag: 'A', cls: 'skip', href: '#main', text: 'Hoppa till innehållet' });
    // Focused, the link is on screen (not left at -10000px).
    const box = await page.locator('a.skip').boundingBox();
    assert.ok(box && box.x >= 0 && box.y >= 0 && box.width > 0, `skip link visible when focused: ${JSON.stringify(box)}`);
    await checkA11y(page, 'login page, skip link focused');
    await screenshot(page, 'keyboard-01-skip-link');

    await page.keyboard.press('Enter');
    await page.waitForFunction(() => location.hash === '#main');
    assert.equal(await page.evaluate(() => document.querySelector('main:target')?.id), 'main',
      'main is the target');
    // The next Tab starts from main: the first field of the form, not the header's links.
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'f-email',
      'Tab after the skip link lands in main');
    assert.ok(await page.evaluate(() =>
      document.getElementById('main').contains(document.activeElement)));
    await checkA11y(page, 'login page, after the skip link');
  }));

test('login keeps the e-mail and names the field when the e-mail is left out', () =>
  withPage(async (page) => {
    // The browser's own check (required) is bypassed so the server's answer shows.
    await go(page, `${env.server.url}/login`, 'login page');
    await page.locator('form').evaluate((f) => { f.noValidate = true; });
    const res = await submit(page, page.getByRole('button', { name: 'Logga in' }),
      'login with no e-mail');
    assert.equal(res.status(), 400);
    await assertFieldError(page, 'email', /^Ange din e-postadress\.$/);
    assert.equal(await page.locator('main .notice').count(), 0);
  }));

test('a user changes her own password', () => withPage(async (page) => {
  const base = env.server.url;
  const social = demoUsers.social;
  const fresh = 'nytt-hemligt-losenord-2026';

  await login(page, base, social, 'social');
  await follow(page, page.getByRole('navigation', { name: 'Huvudmeny' })
    .getByRole('link', { name: 'Byt lösenord' }), 'password page');
  assert.equal(pathOf(page), '/password');
  await expectH1(page, 'Byt lösenord');

  // Wrong current password: the message beside that field.
  await page.getByLabel('Nuvarande lösenord').fill('inte-mitt-losenord');
  await page.getByLabel('Nytt lösenord (minst 12 tecken)').fill(fresh);
  let res = await submit(page, page.getByRole('button', { name: 'Byt lösenord' }),
    'password page, wrong current password');
  assert.equal(res.status(), 400);
  await assertFieldError(page, 'current_password', /./);
  await screenshot(page, 'password-01-wrong-current');

  // Too short a new one.
  await page.getByLabel('Nuvarande lösenord').fill(social.password);
  await page.getByLabel('Nytt lösenord (minst 12 tecken)').fill('kort');
  res = await submit(page, page.getByRole('button', { name: 'Byt lösenord' }),
    'password page, short new password');
  assert.equal(res.status(), 400);
  await assertFieldError(page, 'new_password', /minst 12 tecken/);

  await page.getByLabel('Nuvarande lösenord').fill(social.password);
  await page.getByLabel('Nytt lösenord (minst 12 tecken)').fill(fresh);
  res = await submit(page, page.getByRole('button', { name: 'Byt lösenord' }),
    'password page, changed');
  assert.equal(res.status(), 200);
  assert.equal(pathOf(page), '/password?klart=losenord');
  await assertNotice(page, 'Lösenordet är bytt.');
  await screenshot(page, 'password-02-changed');

  await logout(page);
  await fillLogin(page, social);
  res = await submit(page, page.getByRole('button', { name: 'Logga in' }), 'login, old password');
  assert.equal(res.status(), 401, 'the old password no longer works');
  await login(page, base, { email: social.email, password: fresh }, 'social, new password');
}));
