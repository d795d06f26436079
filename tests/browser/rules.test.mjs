// The rule page, in Chromium with axe-core: a staff user looks up which act applies.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { demoUsers } from '../lib/server.mjs';
import { newPage } from '../lib/browser.mjs';
import { expectH1, go, login, screenshot, submit, useServerAndBrowser } from './flows.mjs';

const env = useServerAndBrowser();

test('a school counsellor opens the rule page and sees which act applies on a day', async () => {
  const page = await newPage(env.browser);
  try {
    await login(page, env.server.url, demoUsers.kurator, 'kurator');
    await go(page, `${env.server.url}/regler`, 'rule page');
    await expectH1(page, 'Regler och frister');
    await page.getByLabel('Datum (ÅÅÅÅ-MM-DD)').fill('2025-06-30');
    await submit(page, page.getByRole('button', { name: 'Visa' }), 'rule page for 2025-06-30');
    assert.match(await page.locator('main [role=status]').innerText(), /SFS 2001:453/);
    const marked = await page.locator('tr.in-force').allInnerTexts();
    assert.ok(marked.some((t) => /11 kap\. 1 a § andra stycket/.test(t)), 'the old act row is marked');
    assert.ok(!marked.some((t) => /20 kap\. 2 §/.test(t)), 'the new act row is not marked');
    await screenshot(page, 'rules-01-old-act');
  } finally {
    await page.context().close();
  }
});
