// Pages that show a form again with its error still log what they showed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startWithLogins } from '../lib/api.mjs';
import { login } from '../lib/api.mjs';
import { demoUsers } from '../lib/server.mjs';

let server, admin;
before(async () => ({ server, admin } = await startWithLogins(['admin'])));
after(() => server?.stop());

test('a user form shown again with its error still logs the read of that user', async () => {
  const auditor = await login(server.url, demoUsers.auditor);
  const before = await auditor.json('GET', '/api/v1/audit?subject_type=user&subject_id=2&limit=500');
  const r = await admin.form('/admin/users/2', { name: 'Gustav Granskare', email: 'inte-en-adress', role: 'auditor' },
    { csrf: true });
  assert.equal(r.status, 400);
  assert.match(r.text, /E-postadressen ska se ut som/);
  const afterIt = await auditor.json('GET', '/api/v1/audit?subject_type=user&subject_id=2&limit=500');
  const added = afterIt.body.entries.filter((e) => !before.body.entries.some((b) => b.id === e.id));
  assert.ok(added.some((e) => e.action === 'read' && e.user_id === admin.user.id && e.record_type === 'user'),
    `expected a read of user 2 by the admin, got ${JSON.stringify(added)}`);
  assert.ok(!added.some((e) => e.action === 'update'), 'the failed update is not logged as a write');
});
