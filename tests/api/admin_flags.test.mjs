// The two access flags an administrator sets: a unit's "intake" (it receives reports of
// concern: mottagning) and a user's "protected_access" (may see the address and school
// of a child with protected identity). Through the API and the admin pages; each change
// is an access-logged update; only administrators may make it.
// Contract: docs/API.md "Units" and "Users".

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startWithLogins, errorAsserter } from '../lib/api.mjs';

const assertError = errorAsserter({ message: 'string' });

let server;
let admin;
let kurator;
let auditor;

before(async () => {
  ({ server, admin, kurator, auditor } = await startWithLogins(['admin', 'kurator', 'auditor']));
});

after(() => server?.stop());

async function socialSector() {
  const r = await admin.json('GET', '/api/v1/sectors');
  assert.equal(r.status, 200, r.text);
  return r.body.sectors.find((s) => s.kind === 'social');
}

let seq = 0;
async function newUnit(extra = {}) {
  seq += 1;
  const r = await admin.json('POST', '/api/v1/units',
    { name: `Flaggenheten ${seq}`, sector_id: (await socialSector()).id, ...extra });
  assert.equal(r.status, 201, r.text);
  return r.body.unit;
}

async function newUser(extra = {}) {
  seq += 1;
  const r = await admin.json('POST', '/api/v1/users', {
    name: `Flagga Testsson ${seq}`,
    email: `flagga.testsson${seq}@demoby.example`,
    role: 'staff',
    password: `Flaggtest-lösenord-${seq}-xyz`,
    ...extra,
  });
  assert.equal(r.status, 201, r.text);
  return r.body.user;
}

/** Log rows with an id above `since`, as the auditor sees them. */
async function logSince(since) {
  const r = await auditor.json('GET', '/api/v1/audit?limit=500');
  assert.equal(r.status, 200, r.text);
  return r.body.entries.filter((e) => e.id > since);
}

async function lastLogId() {
  const r = await auditor.json('GET', '/api/v1/audit?limit=1');
  assert.equal(r.status, 200, r.text);
  return r.body.entries[0].id;
}

/** The CSRF token from a page's form. */
function csrfOf(html) {
  const m = /name="_csrf" value="([^"]+)"/.exec(html);
  assert.ok(m, 'the page has a form with a CSRF token');
  return m[1];
}

/** Whether the checkbox named `name` is checked in html. */
function checked(html, name) {
  const m = new RegExp(`<input id="f-${name}" name="${name}" type="checkbox" value="1"( checked)?>`)
    .exec(html);
  assert.ok(m, `the page has the checkbox ${name}`);
  return m[1] !== undefined;
}

// --- units: intake ----------------------------------------------------------

test('every unit has intake (bool); the demo has an intake unit', async () => {
  const r = await admin.json('GET', '/api/v1/units');
  assert.equal(r.status, 200, r.text);
  for (const u of r.body.units) assert.equal(typeof u.intake, 'boolean', JSON.stringify(u));
  assert.ok(r.body.units.some((u) => u.intake), 'one demo unit receives reports');
});

test('a new unit does not receive reports unless created with intake: true', async () => {
  assert.equal((await newUnit()).intake, false);
  const u = await newUnit({ intake: true });
  assert.equal(u.intake, true);
  const listed = (await admin.json('GET', '/api/v1/units')).body.units.find((x) => x.id === u.id);
  assert.deepEqual(listed, u);
});

test('PATCH /api/v1/units/{id} sets and clears intake, and logs each change as an update', async () => {
  const u = await newUnit();
  const since = await lastLogId();
  let r = await admin.json('PATCH', `/api/v1/units/${u.id}`, { intake: true });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.body.unit, { ...u, intake: true });
  r = await admin.json('PATCH', `/api/v1/units/${u.id}`, { intake: false, name: `${u.name} b` });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.unit.intake, false);
  assert.equal(r.body.unit.name, `${u.name} b`);
  const updates = (await logSince(since)).filter((e) =>
    e.action === 'update' && e.record_type === 'unit' && e.record_id === u.id);
  assert.equal(updates.length, 2, 'one log row per change');
  for (const e of updates) assert.equal(e.user_id, admin.user.id);
});

test('PATCH leaving intake out keeps it', async () => {
  const u = await newUnit({ intake: true });
  const r = await admin.json('PATCH', `/api/v1/units/${u.id}`, { name: `${u.name} c` });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.unit.intake, true);
});

test('intake must be a bool, and only units have it', async () => {
  const u = await newUnit();
  assertError(await admin.json('PATCH', `/api/v1/units/${u.id}`, { intake: 'yes' }),
    400, 'invalid', 'intake');
  assertError(await admin.json('PATCH', `/api/v1/units/${u.id}`, { intake: 1 }),
    400, 'invalid', 'intake');
  const sector = await socialSector();
  assertError(await admin.json('PATCH', `/api/v1/sectors/${sector.id}`, { intake: true }),
    400, 'unknown_field', 'intake');
  const fn = (await admin.json('GET', '/api/v1/functions')).body.functions[0];
  assertError(await admin.json('PATCH', `/api/v1/functions/${fn.id}`, { intake: true }),
    400, 'unknown_field', 'intake');
});

test('only an administrator may set intake (403, and the unit is unchanged)', async () => {
  const u = await newUnit();
  assertError(await kurator.json('PATCH', `/api/v1/units/${u.id}`, { intake: true }), 403, 'forbidden');
  assertError(await auditor.json('PATCH', `/api/v1/units/${u.id}`, { intake: true }), 403, 'forbidden');
  const listed = (await admin.json('GET', '/api/v1/units')).body.units.find((x) => x.id === u.id);
  assert.equal(listed.intake, false);
});

test('the unit page has the intake checkbox; saving the form sets and clears it', async () => {
  const u = await newUnit();
  let page = await admin.get(`/admin/units/${u.id}`);
  assert.equal(page.status, 200);
  assert.match(page.text, /<label for="f-intake">Tar emot orosanmälningar \(mottagning\)<\/label>/);
  assert.equal(checked(page.text, 'intake'), false);
  const form = {
    _csrf: csrfOf(page.text), name: u.name, sector_id: u.sector_id, active: '1', intake: '1',
  };
  let r = await admin.form(`/admin/units/${u.id}`, form);
  assert.equal(r.status, 303, r.text);
  page = await admin.get(`/admin/units/${u.id}`);
  assert.equal(checked(page.text, 'intake'), true);
  assert.equal((await admin.json('GET', '/api/v1/units')).body.units
    .find((x) => x.id === u.id).intake, true);
  // An unchecked box is not sent: saving without it clears the flag.
  delete form.intake;
  r = await admin.form(`/admin/units/${u.id}`, form);
  assert.equal(r.status, 303, r.text);
  assert.equal(checked((await admin.get(`/admin/units/${u.id}`)).text, 'intake'), false);
});

test('the unit list says which units receive reports; the new-unit form has the checkbox', async () => {
  const u = await newUnit({ intake: true });
  const page = await admin.get('/admin/units');
  assert.equal(page.status, 200);
  assert.equal(checked(page.text, 'intake'), false);
  const row = page.text.split('\n').find((l) => l.includes(`/admin/units/${u.id}"`));
  assert.match(row, /Aktiv, tar emot orosanmälningar/);
  const r = await admin.form('/admin/units', {
    _csrf: csrfOf(page.text), name: `Flaggenheten formulär ${seq}`, sector_id: u.sector_id, intake: '1',
  });
  assert.equal(r.status, 303, r.text);
  const made = (await admin.json('GET', '/api/v1/units')).body.units
    .find((x) => x.name === `Flaggenheten formulär ${seq}`);
  assert.equal(made?.intake, true);
});

// --- users: protected_access -----------------------------------------------

test('every user has protected_access (bool), false unless given', async () => {
  const r = await admin.json('GET', '/api/v1/users');
  assert.equal(r.status, 200, r.text);
  for (const u of r.body.users) assert.equal(typeof u.protected_access, 'boolean');
  assert.equal((await newUser()).protected_access, false);
  assert.equal((await newUser({ protected_access: true })).protected_access, true);
});

test('PATCH /api/v1/users/{id} sets and clears protected_access, each an access-logged update', async () => {
  const u = await newUser();
  const since = await lastLogId();
  let r = await admin.json('PATCH', `/api/v1/users/${u.id}`, { protected_access: true });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.body.user, { ...u, protected_access: true });
  assert.equal((await admin.json('GET', `/api/v1/users/${u.id}`)).body.user.protected_access, true);
  r = await admin.json('PATCH', `/api/v1/users/${u.id}`, { protected_access: false });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.user.protected_access, false);
  const updates = (await logSince(since)).filter((e) => e.action === 'update' &&
    e.record_type === 'user' && e.record_id === u.id && e.subject_type === 'user' && e.subject_id === u.id);
  assert.equal(updates.length, 2, 'one log row per change');
});

test('PATCH leaving protected_access out keeps it', async () => {
  const u = await newUser({ protected_access: true });
  const r = await admin.json('PATCH', `/api/v1/users/${u.id}`, { name: `${u.name} b` });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.user.protected_access, true);
});

test('protected_access must be a bool; only an administrator may set it', async () => {
  const u = await newUser();
  assertError(await admin.json('PATCH', `/api/v1/users/${u.id}`, { protected_access: 'true' }),
    400, 'invalid', 'protected_access');
  assertError(await kurator.json('PATCH', `/api/v1/users/${kurator.user.id}`, { protected_access: true }),
    403, 'forbidden');
  assertError(await auditor.json('PATCH', `/api/v1/users/${u.id}`, { protected_access: true }),
    403, 'forbidden');
  assert.equal((await admin.json('GET', `/api/v1/users/${kurator.user.id}`)).body.user.protected_access, false);
  assert.equal((await admin.json('GET', `/api/v1/users/${u.id}`)).body.user.protected_access, false);
});

test('the user page has the protected_access checkbox; saving the form sets and clears it', async () => {
  const u = await newUser();
  let page = await admin.get(`/admin/users/${u.id}`);
  assert.equal(page.status, 200);
  assert.match(page.text,
    /<label for="f-protected_access">Får se adress och skola för barn med skyddad identitet<\/label>/);
  assert.equal(checked(page.text, 'protected_access'), false);
  const form = {
    _csrf: csrfOf(page.text), name: u.name, email: u.email, role: u.role, function_id: '',
    unit_id: '', active: '1', protected_access: '1',
  };
  let r = await admin.form(`/admin/users/${u.id}`, form);
  assert.equal(r.status, 303, r.text);
  page = await admin.get(`/admin/users/${u.id}`);
  assert.equal(checked(page.text, 'protected_access'), true);
  assert.equal((await admin.json('GET', `/api/v1/users/${u.id}`)).body.user.protected_access, true);
  delete form.protected_access;
  r = await admin.form(`/admin/users/${u.id}`, form);
  assert.equal(r.status, 303, r.text);
  assert.equal((await admin.json('GET', `/api/v1/users/${u.id}`)).body.user.protected_access, false);
});

test('the new-user form has the checkbox and creates the user with it', async () => {
  const page = await admin.get('/admin/users/new');
  assert.equal(page.status, 200);
  assert.equal(checked(page.text, 'protected_access'), false);
  seq += 1;
  const email = `flagga.formular${seq}@demoby.example`;
  const r = await admin.form('/admin/users', {
    _csrf: csrfOf(page.text), name: `Formulär Testsson ${seq}`, email, role: 'staff',
    function_id: '', unit_id: '', password: `Formulärlösenord-${seq}-xyz`, protected_access: '1',
  });
  assert.equal(r.status, 303, r.text);
  const made = (await admin.json('GET', '/api/v1/users')).body.users.find((x) => x.email === email);
  assert.equal(made?.protected_access, true);
});
