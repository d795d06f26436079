// Browser helpers for tests/browser: Debian's Chromium driven by
// playwright-core (which never downloads a browser of its own), axe-core
// accessibility checks and screenshots.
//
//   const browser = await launchBrowser();
//   const page = await newPage(browser);
//   await page.goto(server.url + '/');
//   await checkA11y(page, 'start page');
//   await screenshot(page, 'start');
//   await page.context().close(); await browser.close();
//
// Environment:
//   SAMSYN_CHROMIUM  browser binary (default /usr/bin/chromium)

import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..', '..');
const require = createRequire(import.meta.url);

/** Where screenshot() writes (git-ignored). */
export const outDir = path.join(repoRoot, 'tests', 'out');

export const chromiumPath = process.env.SAMSYN_CHROMIUM || '/usr/bin/chromium';

// The machine has no network but loopback: keep Chromium from reaching out.
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
];

/** Start headless Chromium. Close it with browser.close(). */
export async function launchBrowser(options = {}) {
  if (!fs.existsSync(chromiumPath)) {
    throw new Error(`${chromiumPath} not found: run tools/deps.sh test (Debian package chromium)`);
  }
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: CHROMIUM_ARGS,
    ...options,
  });
}

/**
 * New page in a fresh context (own cookies). The server's CSP forbids
 * inline scripts, and axe is injected as one, hence bypassCSP.
 * Close with page.context().close().
 */
export async function newPage(browser, contextOptions = {}) {
  const context = await browser.newContext({
    bypassCSP: true,
    locale: 'sv-SE',
    timezoneId: 'Europe/Stockholm',
    ...contextOptions,
  });
  return context.newPage();
}

let axeSource;
function axeScript() {
  axeSource ??= fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  return axeSource;
}

const A11Y_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/**
 * Run axe-core (WCAG 2.1 A and AA rules) on the page as it is now.
 * Throws an Error listing every violation; resolves with axe's result
 * otherwise.
 * @param {import('playwright-core').Page} page
 * @param {string} label what is being checked, for the error message
 * @param {{exclude?: string[]}} [opts] CSS selectors to leave out
 */
export async function checkA11y(page, label = page.url(), { exclude = [] } = {}) {
  const hasAxe = await page.evaluate(() => typeof window.axe === 'object');
  if (!hasAxe) await page.addScriptTag({ content: axeScript() });

  const result = await page.evaluate(async ({ tags, exclude: ex }) => {
    const context = ex.length ? { include: [document], exclude: ex.map((s) => [s]) } : document;
    const r = await window.axe.run(context, {
      runOnly: { type: 'tag', values: tags },
      resultTypes: ['violations'],
    });
    return {
      url: r.url,
      passes: r.passes.length,
      incomplete: r.incomplete.length,
      violations: r.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        count: v.nodes.length,
        targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
        summary: v.nodes[0]?.failureSummary ?? '',
      })),
    };
  }, { tags: A11Y_TAGS, exclude });

  if (result.violations.length) {
    const lines = result.violations.map((v) => {
      const more = v.count > v.targets.length ? ` (+${v.count - v.targets.length} more)` : '';
      let summary = v.summary.split('\n').map((l) => l.trim()).filter(Boolean).join(' ');
      if (summary.length > 300) summary = `${summary.slice(0, 297)}...`;
      return `  - ${v.id} [${v.impact}] ${v.help}\n      at: ${v.targets.join(', ')}${more}` +
        (summary ? `\n      ${summary}` : '');
    });
    throw new Error(
      `${label}: ${result.violations.length} accessibility violation(s) on ${result.url}\n` +
      lines.join('\n'));
  }
  return result;
}

/** Full-page PNG at tests/out/<name>.png; resolves with its path. */
export async function screenshot(page, name) {
  fs.mkdirSync(outDir, { recursive: true });
  const base = String(name).replace(/\.png$/i, '').replace(/[^A-Za-z0-9._-]+/g, '_');
  const file = path.join(outDir, `${base}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
