// Shared steps for the browser tests (tests/browser/*.test.mjs). Not a test
// file itself: node --test only runs *.test.mjs here.
//
// Every step that shows a page runs axe on it (checkA11y): a navigation
// through go(), a form submitted or a link followed through submit()/follow().

import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { startServer } from '../lib/server.mjs';
import { checkA11y, launchBrowser, newPage, screenshot } from '../lib/browser.mjs';

export { checkA11y, screenshot };

/**
 * One server (demo data) and one browser for a test file: started before its tests,
 * stopped after them (the server must exit cleanly). env.withPage(fn) runs fn with a page
 * in a fresh context and closes the context afterwards.
 */
export function useServerAndBrowser() {
  const env = {
    server: null,
    browser: null,
    async withPage(fn) {
      const page = await newPage(env.browser);
      try {
        return await fn(page);
      } finally {
        await page.context().close();
      }
    },
  };
  before(async () => {
    [env.server, env.browser] = await Promise.all([startServer(), launchBrowser()]);
  });
  after(async () => {
    await env.browser?.close();
    if (env.server) assert.equal(await env.server.stop(), 0, 'the server exits cleanly');
  });
  return env;
}

/** Escape a string for use inside a RegExp. */
export function reEscape(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Path and query of the page's URL ("/admin/users?klart=skapad"). */
export function pathOf(page) {
  const u = new URL(page.url());
  return u.pathname + u.search;
}

/**
 * GET a page, check it with axe; resolves with the main response (after
 * redirects).
 */
export async function go(page, url, label) {
  const res = await page.goto(url, { waitUntil: 'load' });
  await checkA11y(page, label ?? url);
  return res;
}

/**
 * Click something that loads a new page (a submit button, a link), wait for
 * that page, check it with axe. Resolves with the final main response, so
 * res.status() is the status of the page shown (after any 303).
 */
export async function submit(page, locator, label) {
  const [res] = await Promise.all([
    page.waitForNavigation({ waitUntil: 'load' }),
    locator.click(),
  ]);
  await checkA11y(page, label ?? page.url());
  return res;
}

export const follow = submit;

/** Assert the page has exactly one h1 and it reads `text` (string or RegExp). */
export async function expectH1(page, text) {
  const h = page.locator('h1');
  assert.equal(await h.count(), 1, `one <h1> on ${page.url()}`);
  const got = (await h.innerText()).trim();
  if (text instanceof RegExp) assert.match(got, text);
  else assert.equal(got, text);
}

/** Fill in and send the login form; the page must be on /login. */
export async function fillLogin(page, { email, password }) {
  await page.getByLabel('E-postadress').fill(email);
  await page.getByLabel('Lösenord', { exact: true }).fill(password);
}

/**
 * Log in through /login and land on the start page (axe-checked on both).
 * label: prefix for the axe messages.
 */
export async function login(page, base, user, label = user.email) {
  await go(page, `${base}/login`, `${label}: login page`);
  await fillLogin(page, user);
  const res = await submit(page, page.getByRole('button', { name: 'Logga in' }),
    `${label}: start page after login`);
  assert.equal(res.status(), 200, `login as ${user.email} answers 200 after the redirect`);
  assert.equal(pathOf(page), '/', `login as ${user.email} lands on the start page`);
  return res;
}

/** Press "Logga ut" in the header; lands on /login?klart=utloggad. */
export async function logout(page, label = 'after logout') {
  const res = await submit(page, page.getByRole('button', { name: 'Logga ut' }), label);
  assert.equal(pathOf(page), '/login?klart=utloggad');
  await assertNotice(page, 'Du är utloggad.');
  return res;
}

/** The green notice (role=status) reads text. */
export async function assertNotice(page, text) {
  const notice = page.locator('main p.notice[role="status"]');
  assert.equal(await notice.count(), 1, `a notice on ${page.url()}`);
  assert.equal((await notice.innerText()).trim(), text);
}

/**
 * The page shows an error summary (role=alert) whose link points to the
 * field, and the field carries the message beside it, is aria-invalid and
 * described by the message. Resolves with the message.
 */
export async function assertFieldError(page, field, messagePattern) {
  const summary = page.locator('main .error-summary[role="alert"]');
  assert.equal(await summary.count(), 1, `one error summary on ${page.url()}`);
  const link = summary.locator(`a[href="#f-${field}"]`);
  assert.equal(await link.count(), 1, `the error summary links to #f-${field}`);
  const beside = page.locator(`#e-${field}`);
  assert.equal(await beside.count(), 1, `a message beside ${field}`);
  const msg = (await beside.innerText()).trim();
  assert.match(msg, messagePattern);
  assert.equal((await link.innerText()).trim(), msg, 'summary and field say the same');
  const input = page.locator(`#f-${field}`);
  assert.equal(await input.getAttribute('aria-invalid'), 'true');
  assert.equal(await input.getAttribute('aria-describedby'), `e-${field}`);
  // The message sits inside the field's own box, next to its label.
  assert.equal(await page.locator(`.field.bad:has(#f-${field}) #e-${field}`).count(), 1,
    `the message for ${field} is inside its field`);
  return msg;
}

/** The selected option's visible label of a <select>. */
export async function selectedLabel(page, selector) {
  return page.locator(selector).evaluate((s) => s.options[s.selectedIndex]?.text ?? '');
}

/** Cell texts of the rows of the first table in main (tbody). */
export async function tableRows(page, selector = 'main table tbody tr') {
  return page.locator(selector).evaluateAll((trs) =>
    trs.map((tr) => [...tr.cells].map((td) => td.innerText.trim())));
}

/** Today's date (YYYY-MM-DD) in Europe/Stockholm, moved `days` calendar days. */
export function stockholmDate(days = 0) {
  // sv-SE formats dates as YYYY-MM-DD.
  const today = new Intl.DateTimeFormat('sv-SE', {
    timeZone: 'Europe/Stockholm', year: 'numeric', month: '2-digit', day: '2-digit',
  }).format(new Date());
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Now as "YYYY-MM-DD HH:MM:SS" on the wall clock of Europe/Stockholm. */
export function stockholmNow() {
  return new Intl.DateTimeFormat('sv-SE', {
    timeZone: 'Europe/Stockholm', year: 'numeric', month: '2-digit', day: '2-digit',
    hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
  }).format(new Date());
}

/** Minutes between two "YYYY-MM-DD HH:MM[:SS]" wall-clock times (b - a). */
export function wallClockMinutes(a, b) {
  const t = (s) => Date.parse(`${s.trim().replace(' ', 'T')}Z`);
  return (t(b) - t(a)) / 60_000;
}
