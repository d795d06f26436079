// Organisation: sectors (sektorer), units (enheter) and functions (funktioner).
// Contract: docs/API.md "Sectors", "Units", "Functions"; all admin only.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Client } from '../lib/server.mjs';
import { startWithLogins, errorAsserter } from '../lib/api.mjs';

const assertError = errorAsserter({ message: 'string' });

let server;
let admin;
let kurator;
let auditor;

async function list(kind) {
  const r = await admin.json('GET', `/api/v1/${kind}`);
  assert.equal(r.status, 200, r.text);
  assert.ok(Array.isArray(r.body[kind]), `${kind} is an array: ${r.text}`);
  return r.body[kind];
}

before(async () => {
  ({ server, admin, kurator, auditor } = await startWithLogins(['admin', 'kurator', 'auditor']));
});

after(() => server?.stop());

// --- sectors --------------------------------------------------------------

test('GET /api/v1/sectors lists the demo sectors with their kinds', async () => {
  const sectors = await list('sectors');
  const byName = Object.fromEntries(sectors.map((s) => [s.name, s]));
  assert.equal(byName['Socialtjänst']?.kind, 'social');
  assert.equal(byName['Utbildning']?.kind, 'education');
  assert.equal(byName['Kultur och fritid']?.kind, 'leisure');
  for (const s of sectors) {
    assert.deepEqual(Object.keys(s).sort(), ['active', 'id', 'kind', 'name']);
    assert.equal(typeof s.id, 'number');
    assert.equal(typeof s.active, 'boolean');
  }
});

test('POST /api/v1/sectors creates a sector: 201 with the sector, active', async () => {
  const r = await admin.json('POST', '/api/v1/sectors', { name: 'Hälso- och sjukvård test', kind: 'health' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.sector.name, 'Hälso- och sjukvård test');
  assert.equal(r.body.sector.kind, 'health');
  assert.equal(r.body.sector.active, true);
  assert.equal(typeof r.body.sector.id, 'number');
  const found = (await list('sectors')).find((s) => s.id === r.body.sector.id);
  assert.deepEqual(found, r.body.sector);
});

test('sectors are sorted by name in Swedish order (Z before Å, Ä, Ö)', async () => {
  for (const name of ['Östra test', 'Zeta test', 'Ärende test', 'Åsen test', 'Alfa test']) {
    const r = await admin.json('POST', '/api/v1/sectors', { name, kind: 'other' });
    assert.equal(r.status, 201, r.text);
  }
  const names = (await list('sectors')).map((s) => s.name);
  const sorted = [...names].sort(new Intl.Collator('sv').compare);
  assert.deepEqual(names, sorted);
  const mine = names.filter((n) => n.endsWith(' test') && ['Ö', 'Z', 'Ä', 'Å', 'A'].includes(n[0]));
  assert.deepEqual(mine, ['Alfa test', 'Zeta test', 'Åsen test', 'Ärende test', 'Östra test']);
});

test('POST /api/v1/sectors with an unknown kind is 400 invalid kind and creates nothing', async () => {
  const beforeList = await list('sectors');
  const r = await admin.json('POST', '/api/v1/sectors', { name: 'Fel sort test', kind: 'police' });
  assertError(r, 400, 'invalid', 'kind');
  assert.deepEqual(await list('sectors'), beforeList);
});

test('POST /api/v1/sectors without a name is 400 invalid name', async () => {
  const beforeList = await list('sectors');
  assertError(await admin.json('POST', '/api/v1/sectors', { kind: 'other' }), 400, 'invalid', 'name');
  assertError(await admin.json('POST', '/api/v1/sectors', { name: '', kind: 'other' }), 400, 'invalid', 'name');
  assert.deepEqual(await list('sectors'), beforeList);
});

test('PATCH /api/v1/sectors/{id} renames and changes kind', async () => {
  const c = await admin.json('POST', '/api/v1/sectors', { name: 'Omdöps test', kind: 'other' });
  assert.equal(c.status, 201, c.text);
  const id = c.body.sector.id;
  const r = await admin.json('PATCH', `/api/v1/sectors/${id}`, { name: 'Omdöpt test' });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.body.sector, { id, name: 'Omdöpt test', kind: 'other', active: true });
  const k = await admin.json('PATCH', `/api/v1/sectors/${id}`, { kind: 'health' });
  assert.equal(k.status, 200, k.text);
  assert.deepEqual(k.body.sector, { id, name: 'Omdöpt test', kind: 'health', active: true });
  assert.deepEqual((await list('sectors')).find((s) => s.id === id), k.body.sector);
});

test('PATCH /api/v1/sectors/{id} with active false deactivates; the sector stays listed', async () => {
  const c = await admin.json('POST', '/api/v1/sectors', { name: 'Avvecklas test', kind: 'other' });
  const id = c.body.sector.id;
  const r = await admin.json('PATCH', `/api/v1/sectors/${id}`, { active: false });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.sector.active, false);
  assert.equal((await list('sectors')).find((s) => s.id === id)?.active, false);
  const back = await admin.json('PATCH', `/api/v1/sectors/${id}`, { active: true });
  assert.equal(back.status, 200, back.text);
  assert.equal(back.body.sector.active, true);
});

test('PATCH /api/v1/sectors/{id} of a sector that does not exist is 404 not_found', async () => {
  assertError(await admin.json('PATCH', '/api/v1/sectors/999999', { name: 'Finns inte' }), 404, 'not_found');
});

test('PATCH /api/v1/sectors/{id} with an invalid kind is 400 and changes nothing', async () => {
  const c = await admin.json('POST', '/api/v1/sectors', { name: 'Oförändrad test', kind: 'education' });
  const id = c.body.sector.id;
  assertError(await admin.json('PATCH', `/api/v1/sectors/${id}`, { name: 'Ändrad test', kind: 'nope' }),
    400, 'invalid', 'kind');
  assert.deepEqual((await list('sectors')).find((s) => s.id === id), c.body.sector);
});

// --- units ----------------------------------------------------------------

test('GET /api/v1/units lists units with id, name, sector_id, intake and active', async () => {
  const units = await list('units');
  assert.ok(units.length >= 2, 'the demo data has several units');
  const sectorIds = new Set((await list('sectors')).map((s) => s.id));
  for (const u of units) {
    assert.deepEqual(Object.keys(u).sort(), ['active', 'id', 'intake', 'name', 'sector_id']);
    assert.ok(sectorIds.has(u.sector_id), `unit ${u.id} belongs to an existing sector`);
  }
});

test('POST /api/v1/units creates a unit in a sector: 201', async () => {
  const social = (await list('sectors')).find((s) => s.name === 'Socialtjänst');
  const r = await admin.json('POST', '/api/v1/units', { name: 'Familjeteamet test', sector_id: social.id });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.unit.name, 'Familjeteamet test');
  assert.equal(r.body.unit.sector_id, social.id);
  assert.equal(r.body.unit.active, true);
  assert.deepEqual((await list('units')).find((u) => u.id === r.body.unit.id), r.body.unit);
});

test('POST /api/v1/units with a sector that does not exist is 400 invalid sector_id and creates nothing', async () => {
  const beforeList = await list('units');
  assertError(await admin.json('POST', '/api/v1/units', { name: 'Föräldralös test', sector_id: 999999 }),
    400, 'invalid', 'sector_id');
  assertError(await admin.json('POST', '/api/v1/units', { name: 'Föräldralös test' }),
    400, 'invalid', 'sector_id');
  assert.deepEqual(await list('units'), beforeList);
});

test('PATCH /api/v1/units/{id} renames, moves to another sector and deactivates', async () => {
  const sectors = await list('sectors');
  const social = sectors.find((s) => s.name === 'Socialtjänst');
  const edu = sectors.find((s) => s.name === 'Utbildning');
  const c = await admin.json('POST', '/api/v1/units', { name: 'Elevhälsan test', sector_id: social.id });
  const id = c.body.unit.id;
  const r = await admin.json('PATCH', `/api/v1/units/${id}`, { name: 'Elevhälsan väst test', sector_id: edu.id });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.body.unit, { id, name: 'Elevhälsan väst test', sector_id: edu.id, intake: false, active: true });
  const d = await admin.json('PATCH', `/api/v1/units/${id}`, { active: false });
  assert.equal(d.status, 200, d.text);
  assert.equal(d.body.unit.active, false);
  assert.deepEqual((await list('units')).find((u) => u.id === id), d.body.unit);
});

test('PATCH /api/v1/units/{id} of a unit that does not exist is 404 not_found', async () => {
  assertError(await admin.json('PATCH', '/api/v1/units/999999', { name: 'Finns inte' }), 404, 'not_found');
});

// --- functions ------------------------------------------------------------

test('GET /api/v1/functions lists functions with id, name and active', async () => {
  const fns = await list('functions');
  assert.ok(fns.length >= 1, 'the demo data has functions');
  for (const f of fns) assert.deepEqual(Object.keys(f).sort(), ['active', 'id', 'name']);
});

test('POST /api/v1/functions creates a function: 201', async () => {
  const r = await admin.json('POST', '/api/v1/functions', { name: 'Fältassistent test' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.function.name, 'Fältassistent test');
  assert.equal(r.body.function.active, true);
  assert.deepEqual((await list('functions')).find((f) => f.id === r.body.function.id), r.body.function);
});

test('PATCH /api/v1/functions/{id} renames and deactivates', async () => {
  const c = await admin.json('POST', '/api/v1/functions', { name: 'Elevcoach test' });
  const id = c.body.function.id;
  const r = await admin.json('PATCH', `/api/v1/functions/${id}`, { name: 'Ungdomscoach test' });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.body.function, { id, name: 'Ungdomscoach test', active: true });
  const d = await admin.json('PATCH', `/api/v1/functions/${id}`, { active: false });
  assert.equal(d.status, 200, d.text);
  assert.deepEqual(d.body.function, { id, name: 'Ungdomscoach test', active: false });
  assert.deepEqual((await list('functions')).find((f) => f.id === id), d.body.function);
});

test('PATCH /api/v1/functions/{id} with an empty name is 400 invalid name and changes nothing', async () => {
  const c = await admin.json('POST', '/api/v1/functions', { name: 'Rektor test' });
  const id = c.body.function.id;
  assertError(await admin.json('PATCH', `/api/v1/functions/${id}`, { name: '' }), 400, 'invalid', 'name');
  assert.deepEqual((await list('functions')).find((f) => f.id === id), c.body.function);
});

test('PATCH /api/v1/functions/{id} of a function that does not exist is 404 not_found', async () => {
  assertError(await admin.json('PATCH', '/api/v1/functions/999999', { name: 'Finns inte' }), 404, 'not_found');
});

// --- roles ----------------------------------------------------------------

test('staff gets 403 forbidden on every organisation endpoint and nothing is written', async () => {
  const sectors = await list('sectors');
  const units = await list('units');
  const fns = await list('functions');
  for (const kind of ['sectors', 'units', 'functions']) {
    assertError(await kurator.json('GET', `/api/v1/${kind}`), 403, 'forbidden');
  }
  assertError(await kurator.json('POST', '/api/v1/sectors', { name: 'Personalens test', kind: 'other' }), 403, 'forbidden');
  assertError(await kurator.json('POST', '/api/v1/units', { name: 'Personalens test', sector_id: sectors[0].id }), 403, 'forbidden');
  assertError(await kurator.json('POST', '/api/v1/functions', { name: 'Personalens test' }), 403, 'forbidden');
  assertError(await kurator.json('PATCH', `/api/v1/sectors/${sectors[0].id}`, { name: 'Kapad test' }), 403, 'forbidden');
  assertError(await kurator.json('PATCH', `/api/v1/units/${units[0].id}`, { active: false }), 403, 'forbidden');
  assertError(await kurator.json('PATCH', `/api/v1/functions/${fns[0].id}`, { active: false }), 403, 'forbidden');
  assert.deepEqual(await list('sectors'), sectors);
  assert.deepEqual(await list('units'), units);
  assert.deepEqual(await list('functions'), fns);
});

test('the auditor gets 403 forbidden on the organisation endpoints', async () => {
  for (const kind of ['sectors', 'units', 'functions']) {
    assertError(await auditor.json('GET', `/api/v1/${kind}`), 403, 'forbidden');
  }
  assertError(await auditor.json('POST', '/api/v1/functions', { name: 'Granskarens test' }), 403, 'forbidden');
});

test('without a session the organisation endpoints are 401 unauthenticated', async () => {
  const anon = new Client(server.url);
  for (const kind of ['sectors', 'units', 'functions']) {
    assertError(await anon.json('GET', `/api/v1/${kind}`), 401, 'unauthenticated');
  }
  assertError(await anon.json('POST', '/api/v1/functions', { name: 'Anonym test' }), 401, 'unauthenticated');
});
