// The yearly activity plan (aktivitetsplan) in and out of files: import from CSV as Swedish
// Excel saves it and from XLSX, all or nothing, every error with its line and column;
// export to CSV and XLSX that imports back to the same rows. The fixture is seed 001's
// table "Mål 2015" transcribed by hand (tests/data/README.md).
// Contract: docs/API.md "Steering"; src/domain/plan.h; src/util/table.h; issue 6.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import zlib from 'node:zlib';
import { healthStatus, repoRoot } from '../lib/server.mjs';
import { login, startWithLogins, errorAsserter } from '../lib/api.mjs';

const assertError = errorAsserter({ message: 'non-empty' });

const CSV = 'text/csv';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const HEADER = 'Mål;Beskrivning;Aktivitet;Ansvarig;Datum';
const fixture = fs.readFileSync(path.join(repoRoot, 'tests', 'data', 'aktivitetsplan-2015.csv'));

// Seed 001, "Mål 2015": the goals of each row, and its when-column, in order.
const SEED_GOALS = [[1], [1, 2, 3], [3], [1], [1, 2], [1, 2], [1, 2], [1, 2], [3], [3], [3],
  [1, 2], [4, 5], [4]];
const SEED_WHEN = ['februari', 'maj', 'september', 'januari', 'maj', '', 'juni', 'juni',
  'september', 'september', 'mars', 'april', 'ht', 'ht'];
const SEED_TERMS = ['vt', 'vt', 'ht', 'vt', 'vt', null, 'vt', 'vt', 'ht', 'ht', 'vt', 'vt', 'ht', 'ht'];

let server, admin, auditor, rektor, fritid, utveckling;

before(async () => {
  ({ server, admin, auditor } = await startWithLogins(['admin', 'auditor']));
  rektor = await login(server.url, { email: 'rektor@demoby.example', password: 'demo-rektor-2026' });
  // The leisure leader is in no styrgrupp, in the demo or here: she may read, not import.
  fritid = await login(server.url, { email: 'fritid@demoby.example', password: 'demo-fritid-2026' });
  utveckling = await login(server.url,
    { email: 'utveckling@demoby.example', password: 'demo-utveckling-2026' });
  // Imports are the styrgrupp's: make the development lead a member, whatever the demo holds.
  const g = await admin.json('POST', '/api/v1/groups',
    { name: 'Styrgrupp (importtest)', kind: 'styrgrupp' });
  assert.equal(g.status, 201, g.text);
  assert.equal((await admin.json('POST', `/api/v1/groups/${g.body.group.id}/members`,
    { user_id: utveckling.user.id })).status, 201);
  // The plan the 2015 table belongs to, with the seed's five goals (2015-2017).
  const cp = await admin.json('POST', '/api/v1/coop-plans', {
    title: 'Handlingsplan för att säkerställa samverkan',
    first_year: 2015,
    last_year: 2017,
    purpose: 'Säkerställa samsyn, gemensam styrning och ändamålsenliga rutiner för barn och ' +
      'ungdomar i riskzon.',
    goals: [
      '1. Funktionella och sammanlänkade rutiner och systemstöd etableras.',
      '2. Funktionella och sammanlänkade mötesstrukturer byggs upp.',
      '3. Kunskap om varandras verksamheters förutsättningar och mål kommuniceras.',
      '4. Kommunens samlade resurser för barn, ungdomar och familjer kommuniceras.',
      '5. Gemensam kompetensutveckling och systematiskt kvalitetsarbete.',
    ].join('\n'),
    strategies: 'Binda samman verksamheternas resurser till en väv av samverkande insatser.',
  });
  assert.equal(cp.status, 201, cp.text);
});

after(() => server?.stop());

// --- helpers ------------------------------------------------------------------------

/** POSTs a file to the import of a year; resolves with the parsed reply. */
function importFile(who, year, bytes, type = CSV, query = '?replace=1') {
  return who.request('POST', `/api/v1/activity-plans/${year}/import${query}`,
    { headers: { 'content-type': type }, body: bytes });
}

/** The rows of a year's plan ([] when it has none). */
async function rowsOf(year) {
  const r = await rektor.json('GET', `/api/v1/activity-plans/${year}`);
  if (r.status === 404) return [];
  assert.equal(r.status, 200, r.text);
  return r.body.activity_plan.rows;
}

/** What of a row a file carries (not its id, position or time). */
const FIELDS = ['goals', 'goal_numbers', 'description', 'activity', 'responsible', 'when_text',
  'term', 'level', 'status', 'followup'];
const content = (rows) => rows.map((r) => Object.fromEntries(FIELDS.map((f) => [f, r[f]])));

/** A semicolon CSV as Swedish Excel writes it: quotes, "" inside them, CRLF or LF. */
function parseCsv(text) {
  const rows = [];
  let row = [], cell = '', quoted = false;
  if (text.startsWith('\ufeff')) text = text.slice(1);
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; }
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"' && cell === '') quoted = true;
    else if (c === ';') { row.push(cell); cell = ''; }
    else if (c === '\r' || c === '\n') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(cell); rows.push(row); row = []; cell = '';
    } else cell += c;
  }
  if (cell !== '' || row.length) { row.push(cell); rows.push(row); }
  return rows.filter((r) => r.some((x) => x !== ''));
}

/** Text as Windows-1252 bytes (the Swedish letters are where Latin-1 has them). */
function cp1252(text) {
  for (const ch of text) {
    const c = ch.codePointAt(0);
    assert.ok(c < 0x80 || (c >= 0xa0 && c <= 0xff), `U+${c.toString(16)} is not in Latin-1`);
  }
  return Buffer.from(text, 'latin1');
}

// A small zip reader and writer, to take an exported workbook apart and damage it.
function readZip(buf) {
  const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const entries = [];
  for (let i = 0; i < count; i++) {
    const method = buf.readUInt16LE(p + 10);
    const csize = buf.readUInt32LE(p + 20);
    const nlen = buf.readUInt16LE(p + 28);
    const xlen = buf.readUInt16LE(p + 30);
    const clen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.subarray(p + 46, p + 46 + nlen).toString('utf8');
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const raw = buf.subarray(start, start + csize);
    entries.push({ name, data: method === 8 ? zlib.inflateRawSync(raw) : Buffer.from(raw) });
    p += 46 + nlen + xlen + clen;
  }
  return entries;
}

/** A zip of entries ({name, data} or {name, data, size}: a claimed size for the bomb). */
function writeZip(entries) {
  const locals = [], centrals = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const comp = zlib.deflateRawSync(e.data, { level: 9 });
    const crc = zlib.crc32(e.data);
    const h = Buffer.alloc(30);
    h.writeUInt32LE(0x04034b50, 0); h.writeUInt16LE(20, 4); h.writeUInt16LE(8, 8);
    h.writeUInt32LE(crc, 14); h.writeUInt32LE(comp.length, 18);
    h.writeUInt32LE(e.size ?? e.data.length, 22); h.writeUInt16LE(name.length, 26);
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0); c.writeUInt16LE(20, 4); c.writeUInt16LE(20, 6);
    c.writeUInt16LE(8, 10); c.writeUInt32LE(crc, 16); c.writeUInt32LE(comp.length, 20);
    c.writeUInt32LE(e.size ?? e.data.length, 24); c.writeUInt16LE(name.length, 28);
    c.writeUInt32LE(offset, 42);
    locals.push(h, name, comp);
    centrals.push(c, name);
    offset += h.length + name.length + comp.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10); end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

/**
 * A workbook whose data rows all use one shared string: the file keeps the text once, each
 * cell points at it. Column A is the goal (a number, or `goal`), the columns named in
 * `shared` hold the shared string, and `extra` gives other cells of every row as inline
 * text ({ F: 'x' }).
 */
function sharedStringWorkbook(text, rows, { shared = ['B', 'C', 'D', 'E'], goal = '1', extra = {} } = {}) {
  const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
  const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  const esc = (t) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const inline = (ref, t) => `<c r="${ref}" t="inlineStr"><is><t>${esc(t)}</t></is></c>`;
  const header = ['Mål', 'Beskrivning', 'Aktivitet', 'Ansvarig', 'Datum', 'Status', 'Uppföljning',
    'Nivå'];
  const cols = 'ABCDEFGH';
  const body = [`<row r="1">${header.map((h, i) => inline(`${cols[i]}1`, h)).join('')}</row>`];
  for (let r = 2; r < rows + 2; r++) {
    const cells = [...cols].map((c) => {
      if (c === 'A') return `<c r="A${r}"><v>${goal}</v></c>`;
      if (shared.includes(c)) return `<c r="${c}${r}" t="s"><v>0</v></c>`;
      return extra[c] !== undefined ? inline(`${c}${r}`, extra[c]) : '';
    });
    body.push(`<row r="${r}">${cells.join('')}</row>`);
  }
  return writeZip([
    { name: 'xl/workbook.xml', data: Buffer.from(`<workbook xmlns="${NS}" xmlns:r="${REL}">` +
      '<sheets><sheet name="Plan" sheetId="1" r:id="rId1"/></sheets></workbook>') },
    { name: 'xl/_rels/workbook.xml.rels', data: Buffer.from(
      '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      `<Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/>` +
      `<Relationship Id="rId2" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/>` +
      '</Relationships>') },
    { name: 'xl/sharedStrings.xml', data: Buffer.from(
      `<sst xmlns="${NS}" count="1" uniqueCount="1"><si><t>${esc(text)}</t></si></sst>`) },
    { name: 'xl/worksheets/sheet1.xml', data: Buffer.from(
      `<worksheet xmlns="${NS}"><sheetData>${body.join('')}</sheetData></worksheet>`) },
  ]);
}

/** The server's peak memory (VmHWM, bytes) since the last peakReset(). Linux only. */
function peakRss() {
  const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${server.pid}/status`, 'utf8'));
  return Number(m[1]) * 1024;
}
function rss() {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${server.pid}/status`, 'utf8'));
  return Number(m[1]) * 1024;
}
/** Starts the peak anew from what the server holds now (clear_refs 5, Linux 4.0). */
function peakReset() {
  fs.writeFileSync(`/proc/${server.pid}/clear_refs`, '5');
}

/** The 400 of a file with errors: the usual error object and every error of the file. */
function assertFileErrors(r, what) {
  assert.equal(r.status, 400, `${what}: 400 expected, got ${r.status}: ${r.text}`);
  assert.equal(r.body?.error?.code, 'invalid', `${what}: ${r.text}`);
  assert.ok(r.body.error.message.length > 0);
  assert.ok(Array.isArray(r.body.errors) && r.body.errors.length > 0, `${what}: errors listed`);
  for (const e of r.body.errors) {
    assert.ok(Number.isInteger(e.line) && Number.isInteger(e.column), `${what}: ${JSON.stringify(e)}`);
    assert.equal(typeof e.message, 'string');
    assert.ok(e.message.length > 0);
  }
  return r.body.errors;
}

// --- tests --------------------------------------------------------------------------

test('test_the_2015_table_imports_as_14_activities_under_goals_1_to_5', async () => {
  const r = await importFile(utveckling, 2015, fixture);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.imported, 14);
  const plan = r.body.activity_plan;
  assert.equal(plan.year, 2015);
  assert.equal(plan.coop_plan_title, 'Handlingsplan för att säkerställa samverkan');
  assert.equal(plan.rows.length, 14);

  assert.deepEqual(plan.rows.map((a) => a.goal_numbers), SEED_GOALS);
  assert.deepEqual(plan.rows.map((a) => a.goals), SEED_GOALS.map((g) => g.join(',')));
  assert.deepEqual([...new Set(plan.rows.flatMap((a) => a.goal_numbers))].sort(), [1, 2, 3, 4, 5]);
  assert.deepEqual(plan.rows.map((a) => (a.when_text ?? '').toLowerCase()), SEED_WHEN);
  assert.deepEqual(plan.rows.map((a) => a.term), SEED_TERMS);
  assert.ok(plan.rows.every((a) => a.status === 'planned' && a.level === null && a.followup === null));
  const positions = plan.rows.map((a) => a.position);
  assert.deepEqual(positions, [...positions].sort((a, b) => a - b), 'in the order of the file');

  // Each row as the fixture has it.
  const [head, ...cells] = parseCsv(fixture.toString('utf8'));
  assert.deepEqual(head, HEADER.split(';'));
  assert.equal(cells.length, 14);
  cells.forEach((c, i) => {
    const a = plan.rows[i];
    assert.equal(a.description, c[1] || null, `row ${i + 1} description`);
    assert.equal(a.activity, c[2], `row ${i + 1} activity`);
    assert.equal(a.responsible, c[3] || null, `row ${i + 1} responsible`);
    assert.equal(a.when_text, c[4] || null, `row ${i + 1} when`);
  });
  assert.match(plan.rows[0].activity, /^Inventera områden med samverkanssvårigheter/);
  assert.equal(plan.rows[13].responsible, 'Informationschef');

  assert.deepEqual(await rowsOf(2015), plan.rows);
  // Filters work on imported rows as on any.
  const g4 = await rektor.json('GET', '/api/v1/activity-plans/2015?goal=4');
  assert.deepEqual(g4.body.activity_plan.rows.map((a) => a.goals), ['4,5', '4']);
});

test('test_export_to_csv_and_xlsx_imports_back_to_the_same_rows', async () => {
  // Give the optional columns something to carry: status, follow-up (with a line break and a
  // semicolon, so the CSV must quote it) and level.
  const rows = await rowsOf(2015);
  const upd = await utveckling.json('PATCH', `/api/v1/activities/${rows[0].id}`, {
    status: 'done', level: 'forebyggande',
    followup: 'Inventeringen gjordes i mars; tre områden valdes.\nRapport till styrgruppen i "april".',
  });
  assert.equal(upd.status, 200, upd.text);
  assert.equal((await utveckling.json('PATCH', `/api/v1/activities/${rows[12].id}`,
    { status: 'cancelled' })).status, 200);
  const before = content(await rowsOf(2015));

  const csv = await fritid.get('/api/v1/activity-plans/2015/export?format=csv');
  assert.equal(csv.status, 200, 'every staff user may export');
  assert.match(csv.headers.get('content-type'), /^text\/csv; charset=utf-8$/i);
  assert.deepEqual([...csv.bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 with a BOM, for Excel');
  const table = parseCsv(csv.bytes.toString('utf8'));
  assert.deepEqual(table[0].slice(0, 5), HEADER.split(';'));
  assert.equal(table.length, 15);
  const dflt = await rektor.get('/api/v1/activity-plans/2015/export');
  assert.deepEqual(dflt.bytes, csv.bytes, 'CSV is the default');

  const back = await importFile(utveckling, 2016, csv.bytes);
  assert.equal(back.status, 200, back.text);
  assert.equal(back.body.imported, 14);
  assert.deepEqual(content(back.body.activity_plan.rows), before, 'CSV: the same rows');

  const xlsx = await rektor.get('/api/v1/activity-plans/2015/export?format=xlsx');
  assert.equal(xlsx.status, 200, xlsx.text.slice(0, 200));
  assert.equal(xlsx.headers.get('content-type'), XLSX);
  assert.equal(xlsx.bytes.subarray(0, 4).toString('latin1'), 'PK\x03\x04', 'a zip archive');
  const xback = await importFile(utveckling, 2017, xlsx.bytes, XLSX);
  assert.equal(xback.status, 200, xback.text);
  assert.equal(xback.body.imported, 14);
  assert.deepEqual(content(xback.body.activity_plan.rows), before, 'XLSX: the same rows');

  // And the re-imported plans export to the same files' content again.
  const again = await rektor.get('/api/v1/activity-plans/2016/export?format=csv');
  assert.deepEqual(parseCsv(again.bytes.toString('utf8')), table);

  assertError(await rektor.json('GET', '/api/v1/activity-plans/2018/export?format=csv'),
    404, 'not_found');
});

test('test_the_export_is_offered_as_a_download_with_a_file_name', async () => {
  const csv = await rektor.get('/api/v1/activity-plans/2015/export?format=csv');
  assert.equal(csv.headers.get('content-disposition'),
    'attachment; filename="aktivitetsplan-2015.csv"');
  const xlsx = await rektor.get('/api/v1/activity-plans/2015/export?format=xlsx');
  assert.equal(xlsx.headers.get('content-disposition'),
    'attachment; filename="aktivitetsplan-2015.xlsx"');
  const missing = await rektor.get('/api/v1/activity-plans/2018/export?format=csv');
  assert.equal(missing.status, 404);
  assert.equal(missing.headers.get('content-disposition'), null, 'an error is no download');
});

test('test_an_import_adds_after_the_rows_unless_it_replaces_them', async () => {
  const before = await rowsOf(2016);
  assert.equal(before.length, 14);
  const add = await importFile(utveckling, 2016, fixture, CSV, '');
  assert.equal(add.status, 200, add.text);
  assert.equal(add.body.imported, 14);
  const rows = add.body.activity_plan.rows;
  assert.equal(rows.length, 28);
  assert.deepEqual(rows.slice(0, 14).map((a) => a.id), before.map((a) => a.id), 'the old rows stay first');
  assert.deepEqual(rows.slice(14).map((a) => a.goal_numbers), SEED_GOALS);

  const zero = await importFile(utveckling, 2016, fixture, CSV, '?replace=0');
  assert.equal(zero.body.activity_plan.rows.length, 42);
  const repl = await importFile(utveckling, 2016, fixture, CSV, '?replace=1');
  assert.equal(repl.status, 200);
  assert.equal(repl.body.activity_plan.rows.length, 14);

  assertError(await importFile(utveckling, 2016, fixture, CSV, '?replace=yes'), 400, 'invalid', 'replace');
  // A year with no plan yet gets one (2016 and 2017 above), but only under a cooperation
  // plan in force that year.
  assertError(await importFile(utveckling, 2031, fixture), 404, 'not_found');
});

test('test_csv_is_read_as_swedish_excel_saves_it', async () => {
  const text = fixture.toString('utf8');
  const expected = content(await importFile(utveckling, 2017, fixture).then((r) => r.body.activity_plan.rows));

  const variants = {
    'UTF-8 with BOM and CRLF': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from(text.replace(/\r?\n/g, '\r\n'))]),
    'Windows-1252': cp1252(text),
    'Windows-1252 with CRLF': cp1252(text.replace(/\r?\n/g, '\r\n')),
    'trailing empty cells and blank lines': Buffer.from(
      `${text.trimEnd().split('\n').map((l) => `${l};;`).join('\n')}\n;;;;\n\n`),
  };
  for (const [what, bytes] of Object.entries(variants)) {
    const r = await importFile(utveckling, 2017, bytes);
    assert.equal(r.status, 200, `${what}: ${r.text}`);
    assert.equal(r.body.imported, 14, what);
    assert.deepEqual(content(r.body.activity_plan.rows), expected, what);
  }

  // Columns in any order and any case, the optional ones too; quoted cells with ';',
  // line breaks and "" quotes.
  const file = [
    'nivå;STATUS;Ansvarig;mål;Datum;Aktivitet;Uppföljning;Beskrivning',
    'Främjande;Pågår;Socialchef;"1, 2";Vt 2017;"Rutiner; möten\r\noch ""utbildning""";;Första raden',
    ';klar;;5;2017-10-03;Workshop;"Klar.\nBra uppslutning.";',
    ';;Rektor;3;;Enkät;;',
  ].join('\r\n');
  const r = await importFile(utveckling, 2017, Buffer.from(file));
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.imported, 3);
  assert.deepEqual(r.body.activity_plan.rows.map((a) => [a.goals, a.level, a.status, a.term,
    a.responsible, a.when_text, a.description]), [
    ['1,2', 'framjande', 'ongoing', 'vt', 'Socialchef', 'Vt 2017', 'Första raden'],
    ['5', null, 'done', 'ht', null, '2017-10-03', null],
    ['3', null, 'planned', null, 'Rektor', null, null],
  ]);
  assert.equal(r.body.activity_plan.rows[0].activity, 'Rutiner; möten\noch "utbildning"');
  assert.equal(r.body.activity_plan.rows[1].followup, 'Klar.\nBra uppslutning.');
});

test('test_a_file_with_errors_imports_nothing_and_names_each_line_and_column', async () => {
  const before = await rowsOf(2015);
  assert.equal(before.length, 14);
  const csv = (...lines) => Buffer.from(lines.join('\n'));
  const row = '1;Beskrivning;Aktivitet;Ansvarig;Maj';

  const cases = [
    ['a wrong header', csv('Goal;Description;Activity;Responsible;Date', row), [1, null]],
    ['a missing column', csv('Mål;Beskrivning;Aktivitet;Datum', '1;a;b;Maj'), [1, null]],
    ['an unterminated quote', csv(HEADER, row, '3;"Öppet citat;b;c;Maj', row), [3, 2]],
    ['a row with too many cells', csv(HEADER, row, `${row};Extra`), [3, 6]],
    ['an unknown month word', csv(HEADER, row, '2;a;b;c;Blåmånad'), [3, 5]],
    ['a goal the plan does not have', csv(HEADER, '9;a;b;c;Maj', row), [2, 1]],
    ['a goal that is no number', csv(HEADER, 'ett;a;b;c;Maj'), [2, 1]],
    ['a row without an activity', csv(HEADER, '1;a;;c;Maj'), [2, 3]],
    ['an unknown status', csv(`${HEADER};Status`, '1;a;b;c;Maj;Kanske'), [2, 6]],
    ['a file neither UTF-8 nor Windows-1252',
      Buffer.concat([Buffer.from(`${HEADER}\n1;a`), Buffer.from([0x81]), Buffer.from(';b;c;Maj\n')]),
      [2, null]],
    ['a NUL byte', Buffer.concat([Buffer.from(`${HEADER}\n1;a`), Buffer.from([0]),
      Buffer.from(';b;c;Maj\n')]), [2, null]],
    ['an empty file', Buffer.alloc(0), [null, null]],
    ['only blank lines', csv('', ';;;;', ''), [null, null]],
  ];
  for (const [what, bytes, [line, column]] of cases) {
    const errors = assertFileErrors(await importFile(utveckling, 2015, bytes), what);
    if (line !== null) {
      assert.ok(errors.some((e) => e.line === line && (column === null || e.column === column)),
        `${what}: an error on line ${line}${column ? `, column ${column}` : ''}: ${JSON.stringify(errors)}`);
    }
  }

  // Every error of the file, not only the first.
  const many = assertFileErrors(await importFile(utveckling, 2015,
    csv(HEADER, '9;a;b;c;Maj', row, '1;a;b;c;Blåmånad', '7;a;b;c;Ht')), 'several errors');
  for (const [line, column] of [[2, 1], [4, 5], [5, 1]]) {
    assert.ok(many.some((e) => e.line === line && e.column === column),
      `line ${line} column ${column} in ${JSON.stringify(many)}`);
  }
  assert.ok(!many.some((e) => e.line === 3), 'the good row has no error');

  // Damaged workbooks.
  const good = await rektor.get('/api/v1/activity-plans/2015/export?format=xlsx');
  const entries = readZip(good.bytes);
  const sheet = entries.find((e) => /^xl\/worksheets\/sheet1\.xml$/.test(e.name));
  assert.ok(sheet, `a first sheet among ${entries.map((e) => e.name)}`);
  const withSheet = (data, size) => writeZip(entries.map((e) => (e === sheet ? { name: e.name, data, size } : e)));
  assert.equal((await importFile(utveckling, 2015, writeZip(entries), XLSX)).status, 200,
    'the zip helper makes a workbook the server reads');
  const restored = await importFile(utveckling, 2015, good.bytes, XLSX);
  assert.equal(restored.status, 200);
  const now = content(await rowsOf(2015));

  const damaged = [
    ['a truncated zip', good.bytes.subarray(0, Math.floor(good.bytes.length / 2))],
    ['a zip header and noise', Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.alloc(600, 7)])],
    ['a sheet that is not XML', withSheet(Buffer.from('<worksheet><sheetData><row>'))],
    ['a sheet with a DTD', withSheet(Buffer.from('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]>' +
      '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
      '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&a;</t></is></c></row></sheetData></worksheet>'))],
    ['an old binary Excel file', Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
      Buffer.alloc(1000)])],
  ];
  for (const [what, bytes] of damaged) {
    assertFileErrors(await importFile(utveckling, 2015, bytes, XLSX), what);
  }
  // A zip bomb: a sheet of 40 MB of spaces in a few tens of kilobytes.
  const bomb = withSheet(Buffer.alloc(40 << 20, 0x20));
  assert.ok(bomb.length < 200_000, `the bomb is small (${bomb.length} bytes)`);
  const b = await importFile(utveckling, 2015, bomb, XLSX);
  assert.ok([400, 413].includes(b.status), `zip bomb: ${b.status} ${b.text}`);
  assert.ok(b.body?.error?.message, 'with a message');
  assert.ok(b.body.errors?.length > 0, 'and the error of the file');

  assert.deepEqual(content(await rowsOf(2015)), now, 'nothing was imported');
  assert.equal(await healthStatus(server.url), 200, 'the server is up');
});

test('test_an_error_in_the_header_row_names_its_row_once', async () => {
  const before = content(await rowsOf(2015));
  const errors = assertFileErrors(await importFile(utveckling, 2015,
    Buffer.from('Mal;Beskrivning;Aktivitet;Ansvarig;Datum\n1;a;b;c;Maj\n')), 'a misspelt column');
  assert.deepEqual(errors.map((e) => [e.line, e.column, e.message]), [
    [1, 1, 'Okänd kolumn ”Mal”. Kolumnerna heter Mål, Beskrivning, Aktivitet, Ansvarig och '
      + 'Datum, och kan följas av Status, Uppföljning och Nivå.'],
    [1, 0, 'Kolumnen Mål saknas i rubrikraden.'],
  ], 'the place is in line and column, not said again in the message');
  assert.deepEqual(content(await rowsOf(2015)), before, 'nothing was imported');
});

test('test_a_when_cell_takes_the_term_words_and_a_wrong_one_says_how_to_write_it', async () => {
  const before = content(await rowsOf(2015));
  const errors = assertFileErrors(await importFile(utveckling, 2015,
    Buffer.from(`${HEADER}\n1;a;b;c;2026-5-20\n`)), 'a date without its zeros');
  assert.deepEqual(errors.map((e) => [e.line, e.column, e.message]), [[2, 5,
    'Rad 2, kolumn Datum: ”2026-5-20” känns inte igen. Skriv datum som ÅÅÅÅ-MM-DD '
    + '(t.ex. 2026-05-20), en månad (t.ex. maj), Vt eller Ht.']]);
  assert.deepEqual(content(await rowsOf(2015)), before, 'nothing was imported');

  const ok = await importFile(utveckling, 2016, Buffer.from(`${HEADER}\n`
    + '1;a;Under våren;c;Vårterminen 2016\n2;a;Under hösten;c;hösttermin\n'));
  assert.equal(ok.status, 200, ok.text);
  const rows = await rowsOf(2016);
  assert.deepEqual(rows.map((r) => [r.when_text, r.term]),
    [['Vårterminen 2016', 'vt'], ['hösttermin', 'ht']], 'kept as written, with the term');
});

test('test_an_oversized_upload_gets_413_before_it_is_read', async () => {
  // Only the headers go out: the server must answer from Content-Length alone.
  const headersOnly = (extra) => new Promise((resolve) => {
    const sock = net.connect(server.port, '127.0.0.1');
    let data = '';
    const timer = setTimeout(() => { sock.destroy(); resolve(data); }, 5000);
    sock.on('connect', () => sock.write(
      'POST /api/v1/activity-plans/2015/import HTTP/1.1\r\nHost: 127.0.0.1\r\n' +
      `Content-Type: text/csv\r\nContent-Length: ${9 * 1024 * 1024}\r\n${extra}\r\n`));
    sock.on('data', (d) => {
      data += d.toString('latin1');
      if (/\r\n\r\n[\s\S]*\}/.test(data)) { clearTimeout(timer); sock.destroy(); resolve(data); }
    });
    sock.on('error', () => { clearTimeout(timer); resolve(data); });
    sock.on('close', () => { clearTimeout(timer); resolve(data); });
  });
  const reply = await headersOnly(
    `Cookie: ${utveckling.cookieHeader()}\r\nX-CSRF-Token: ${utveckling.csrf}\r\n`);
  assert.match(reply, /^HTTP\/1\.1 413 /, reply.slice(0, 200));
  assert.match(reply, /"too_large"/);
  // Without a login the import's own limit does not apply: asked to log in, at once.
  const anonymous = await headersOnly('');
  assert.match(anonymous, /^HTTP\/1\.1 401 /, anonymous.slice(0, 200));
  assert.match(anonymous, /"unauthenticated"/);

  // Past the server's body limit (1 MiB by default) but within the import's own (8 MiB):
  // the file is read, and refused for what is in it (a cell longer than 128 KiB).
  const big = Buffer.concat([fixture, Buffer.alloc((1 << 20) + 1024 - fixture.length, 0x20)]);
  const r = await importFile(utveckling, 2015, big);
  const errors = assertFileErrors(r, 'a file of 1 MiB with a long cell');
  assert.ok(errors.some((e) => /för lång/.test(e.message)), JSON.stringify(errors));
  assert.equal((await rowsOf(2015)).length, 14, 'nothing was imported');
  assert.equal(await healthStatus(server.url), 200);
});

test('test_a_small_xlsx_that_repeats_one_long_shared_string_is_refused_without_expanding_it', async () => {
  const MB = 1024 * 1024;
  const before = content(await rowsOf(2015));
  // 2,000 rows whose four text cells all point at one shared string of some 100 KB with
  // line breaks (_x000D_): a file of some 30 KB that stands for 800 MB of text.
  const piece = 'Lang text om samverkan_x000D_\n'; // 30 bytes in the file, 24 in the cell
  const long = piece.repeat(4300);
  const bomb = sharedStringWorkbook(long, 2000);
  assert.ok(bomb.length < 60_000, `the file is small (${bomb.length} bytes)`);
  // Where 16 MiB of text is passed: the header's text, then each row's goal and four texts.
  const header = Buffer.byteLength('MålBeskrivningAktivitetAnsvarigDatumStatusUppföljningNivå');
  let line = 1;
  for (let total = header; total <= 16 * MB; line++) total += 1 + 4 * 24 * 4300;
  peakReset();
  const base = rss();
  const t0 = Date.now();
  const r = await importFile(utveckling, 2015, bomb, XLSX);
  const ms = Date.now() - t0;
  assert.equal(r.status, 413, r.text.slice(0, 500));
  assert.equal(r.body.error.code, 'too_large');
  assert.match(r.body.error.message, /Inget importerades\.$/);
  assert.equal(line, 42);
  assert.deepEqual(r.body.errors.map((e) => e.line), [line]);
  assert.equal(r.body.errors[0].message,
    `Rad ${line}: filen har mer än 16 MB text, räknat cell för cell (en text som används i ` +
    'flera celler räknas en gång för varje cell). Dela upp filen.');
  assert.ok(ms < 5000, `answered in ${ms} ms`);
  assert.ok(peakRss() - base < 64 * MB, `the server grew by ${((peakRss() - base) / MB).toFixed(0)} MB`);
  assert.equal(await healthStatus(server.url), 200, 'the server is up');

  // Within the cap, each row's texts are converted once (not again for each of its errors),
  // and a text too long for its column is not copied at all: 200 rows with three texts of
  // 19,000 characters with line breaks, each row wrong in its goal, time, status and level.
  const text = `${'Rad med radbrytning_x000D_\n'.repeat(19_000 / 20)}`;
  const wrong = sharedStringWorkbook(text, 200, { shared: ['B', 'C', 'G'], goal: '9',
    extra: { D: 'Rektor', E: 'Blåmånad', F: 'Kanske', H: 'Ibland' } });
  peakReset();
  const base2 = rss();
  const w = await importFile(utveckling, 2015, wrong, XLSX);
  assertFileErrors(w, 'goal, time, status and level wrong on every row');
  assert.equal(w.body.errors.length, 200, 'the first 200 errors');
  assert.deepEqual(w.body.errors.slice(0, 4).map((e) => [e.line, e.column]),
    [[2, 1], [2, 5], [2, 8], [2, 6]]);
  const grew = peakRss() - base2;
  assert.ok(grew < 32 * MB, `the server grew by ${(grew / MB).toFixed(0)} MB`);
  assert.deepEqual(content(await rowsOf(2015)), before, 'nothing was imported');
  assert.equal(await healthStatus(server.url), 200, 'the server is up');
});

test('test_only_styrgrupp_members_and_administrators_import', async () => {
  const before = content(await rowsOf(2015));
  assertError(await importFile(fritid, 2015, fixture), 403, 'forbidden');
  assertError(await importFile(auditor, 2015, fixture), 403, 'forbidden');
  assertError(await auditor.json('GET', '/api/v1/activity-plans/2015/export?format=xlsx'),
    403, 'forbidden');
  assert.deepEqual(content(await rowsOf(2015)), before);

  const byAdmin = await importFile(admin, 2015, fixture);
  assert.equal(byAdmin.status, 200, byAdmin.text);
  assert.equal(byAdmin.body.imported, 14);

  assertError(await importFile(utveckling, 2015, fixture, 'application/json'),
    415, 'unsupported_media_type');
  assertError(await importFile(utveckling, 2015, fixture, 'multipart/form-data; boundary=x'),
    415, 'unsupported_media_type');
  const noType = await utveckling.request('POST', '/api/v1/activity-plans/2015/import',
    { body: new Uint8Array(fixture) });
  assert.ok([400, 415].includes(noType.status), `${noType.status} ${noType.text}`);
  const withCharset = await importFile(utveckling, 2015, fixture, 'text/csv; charset=utf-8');
  assert.equal(withCharset.status, 200, withCharset.text);
});

test('test_a_file_with_a_header_and_no_rows_does_not_empty_the_plan', async () => {
    const before = content(await rowsOf(2016));
    assert.ok(before.length > 0);
    assertFileErrors(await importFile(utveckling, 2016, Buffer.from(`${HEADER}\n`)), 'only a header');
    assert.deepEqual(content(await rowsOf(2016)), before, 'nothing was removed');
  });
