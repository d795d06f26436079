import { launchBrowser, newPage } from './lib/browser.mjs';
const base = 'http://127.0.0.1:18181';
const [email, password, ...paths] = process.argv.slice(2);
const b = await launchBrowser();
const p = await newPage(b);
await p.setViewportSize({ width: 1280, height: 1000 });
await p.goto(base + '/login');
await p.getByLabel('E-postadress').fill(email);
await p.getByLabel('Lösenord', { exact: true }).fill(password);
await Promise.all([p.waitForNavigation(), p.getByRole('button', { name: 'Logga in' }).click()]);
let i = 0;
for (const path of paths) {
  await p.goto(base + path);
  await p.screenshot({ path: `/tmp/ws/shots/${i++}.png` });
}
await b.close();
