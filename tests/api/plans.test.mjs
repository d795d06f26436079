// The cooperation plan and the yearly activity plan, second part (issue 6): uploads larger
// than the server's max_body on the two import routes, a broken upload on the page, the
// texts that an import or a form stores (line breaks, formula-looking cells), responsible
// functions, filters, editing a cooperation plan and can_edit.
// Contract: docs/API.md "Steering"; src/domain/plan.h; docs/DECISIONS.md "Steering".

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { repoRoot } from '../lib/server.mjs';
import { login, startWithLogins, errorAsserter } from '../lib/api.mjs';

const assertError = errorAsserter({ message: 'non-empty' });

const MiB = 1024 * 1024;
const IMPORT_MAX = 8 * MiB; // PLAN_IMPORT_MAX_BYTES
const CSV = 'text/csv';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const HEADER = 'Mål;Beskrivning;Aktivitet;Ansvarig;Datum';
const fixture = fs.readFileSync(path.join(repoRoot, 'tests', 'data', 'aktivitetsplan-2015.csv'));

let server, admin, auditor, fritid, utveckling, coop;

before(async () => {
  ({ server, admin, auditor } = await startWithLogins(['admin', 'auditor']));
  fritid = await login(server.url, { email: 'fritid@demoby.example', password: 'demo-fritid-2026' });
  utveckling = await login(server.url,
    { email: 'utveckling@demoby.example', password: 'demo-utveckling-2026' });
  const g = await admin.json('POST', '/api/v1/groups',
    { name: 'Styrgrupp (plantest)', kind: 'styrgrupp' });
  assert.equal(g.status, 201, g.text);
  assert.equal((await admin.json('POST', `/api/v1/groups/${g.body.group.id}/members`,
    { user_id: utveckling.user.id })).status, 201);
  const cp = await admin.json('POST', '/api/v1/coop-plans', {
    title: 'Samverkansplan 2015–2017 (plantest)', first_year: 2015, last_year: 2017,
    purpose: 'Samsyn och gemensam styrning.',
    goals: '1. Rutiner\n2. Mötesstrukturer\n3. Kunskap\n4. Resurser\n5. Kompetens',
  });
  assert.equal(cp.status, 201, cp.text);
  coop = cp.body.coop_plan;
});

after(() => server?.stop());

// --- helpers ------------------------------------------------------------------------

function importFile(who, year, bytes, type = CSV, query = '?replace=1') {
  return who.request('POST', `/api/v1/activity-plans/${year}/import${query}`,
    { headers: { 'content-type': type }, body: bytes });
}

async function rowsOf(who, year, query = '') {
  const r = await who.json('GET', `/api/v1/activity-plans/${year}${query}`);
  if (r.status === 404) return [];
  assert.equal(r.status, 200, r.text);
  return r.body.activity_plan.rows;
}

/** A multipart/form-data body as a browser sends it: plain fields, then one file. */
function multipart(fields, file, boundary = '----samsynTestBoundary7MA4YWxk') {
  const parts = [];
  for (const [name, value] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"` +
      `\r\n\r\n${value}\r\n`));
  }
  if (file) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; ` +
      `filename="${file.name}"\r\nContent-Type: ${file.type ?? CSV}\r\n\r\n`), file.data,
    Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(parts), type: `multipart/form-data; boundary=${boundary}` };
}

/** Posts a multipart body to the import page as the browser's form does (no CSRF header). */
function pageImport(who, year, { body, type }) {
  return who.request('POST', `/styrning/aktivitetsplaner/${year}/import`,
    { headers: { 'content-type': type }, body, csrf: false });
}

/** A valid CSV of about `bytes` bytes: long activity texts under goal 1. */
function bigCsv(bytes) {
  const lines = [HEADER];
  let size = Buffer.byteLength(HEADER) + 1;
  for (let i = 1; size < bytes; i++) {
    const line = `1;Rad ${i};${`Aktivitet ${i} `.padEnd(10000, 'x')};Socialchef;Maj`;
    lines.push(line);
    size += Buffer.byteLength(line) + 1;
  }
  return Buffer.from(`${lines.join('\n')}\n`);
}

/** Sends a body with Transfer-Encoding: chunked (no Content-Length), in 1 MiB pieces. */
function chunkedPost(url, headers, total) {
  return new Promise((resolve) => {
    const req = http.request(url, { method: 'POST', headers, agent: false }, (res) => {
      const chunks = [];
      res.on('data', (d) => chunks.push(d));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers,
        text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', (e) => resolve({ status: `error ${e.code}` }));
    let sent = 0;
    const piece = Buffer.alloc(MiB, 0x20);
    const more = () => {
      while (sent < total) {
        const n = Math.min(MiB, total - sent);
        sent += n;
        if (!req.write(piece.subarray(0, n))) { req.once('drain', more); return; }
      }
      req.end();
    };
    more();
  });
}

/**
 * Sends a request as curl sends a large upload: the headers with Expect: 100-continue, then
 * the body only once the server says 100 Continue. A server that refuses from the headers
 * alone answers at once and the body never goes out. Resolves with { status, head, text,
 * sent } (sent: whether the body was sent).
 */
function expectPost(p, headers, body) {
  return new Promise((resolve) => {
    const sock = net.connect(server.port, '127.0.0.1');
    let data = Buffer.alloc(0), sent = false, done = false;
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      sock.destroy();
      const text = data.toString('utf8');
      const end = text.indexOf('\r\n\r\n');
      const m = /^HTTP\/1\.1 (\d{3})/.exec(text);
      resolve({ status: m ? Number(m[1]) : null, head: text.slice(0, end),
        text: text.slice(end + 4), sent });
    };
    const timer = setTimeout(finish, 15000);
    sock.on('connect', () => {
      const lines = [`POST ${p} HTTP/1.1`, 'Host: 127.0.0.1', `Content-Length: ${body.length}`,
        'Expect: 100-continue', 'Connection: close',
        ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
      sock.write(`${lines.join('\r\n')}\r\n\r\n`);
    });
    sock.on('data', (d) => {
      data = Buffer.concat([data, d]);
      const text = data.toString('latin1');
      if (!sent && /^HTTP\/1\.1 100 [^\r]*\r\n\r\n/.test(text)) {
        data = data.subarray(text.indexOf('\r\n\r\n') + 4);
        sent = true;
        sock.write(body);
      }
    });
    sock.on('error', () => {});
    sock.on('end', finish);
    sock.on('close', finish);
  });
}

const up = async () => assert.equal((await fetch(`${server.url}/healthz`)).status, 200,
  'the server is up');

// --- 1. uploads larger than the server's max_body -----------------------------------

test('test_an_import_of_two_mebibytes_is_taken_on_the_api_and_the_page', async () => {
  const file = bigCsv(2 * MiB);
  assert.ok(file.length > 2 * MiB && file.length < 3 * MiB, `${file.length} bytes`);
  const rows = file.toString('utf8').trimEnd().split('\n').length - 1;

  const r = await importFile(utveckling, 2016, file);
  assert.equal(r.status, 200, r.text.slice(0, 300));
  assert.equal(r.body.imported, rows);
  assert.equal(r.body.activity_plan.rows.length, rows);

  const page = await pageImport(utveckling, 2016,
    multipart({ _csrf: utveckling.csrf, replace: 'on' }, { name: 'stor.csv', data: file }));
  assert.equal(page.status, 303, page.text.slice(0, 300));
  assert.equal(page.headers.get('location'),
    `/styrning/aktivitetsplaner/2016?klart=importerad&antal=${rows}`);
  assert.equal((await rowsOf(utveckling, 2016)).length, rows, 'replaced, not added');
});

test('test_an_upload_just_over_the_import_limit_is_413_and_imports_nothing', async () => {
  const before = await rowsOf(utveckling, 2016);
  // The API: the file itself, one byte over; the answer comes from Content-Length.
  const auth = { cookie: utveckling.cookieHeader(), 'X-CSRF-Token': utveckling.csrf };
  const r = await expectPost('/api/v1/activity-plans/2016/import', { ...auth, 'Content-Type': CSV },
    Buffer.concat([fixture, Buffer.alloc(IMPORT_MAX + 1 - fixture.length, 0x20)]));
  assert.equal(r.status, 413, r.head);
  assert.equal(r.sent, false, 'refused before the body was sent');
  const body = JSON.parse(r.text);
  assert.equal(body.error.code, 'too_large');
  assert.match(body.error.message, /högst 8 MiB/);
  await up();

  // The page: a multipart body one byte over, from a logged-in user's session.
  const shell = multipart({ _csrf: utveckling.csrf }, { name: 'stor.csv', data: Buffer.alloc(0) });
  const big = multipart({ _csrf: utveckling.csrf },
    { name: 'stor.csv', data: Buffer.alloc(IMPORT_MAX + 1 - shell.body.length, 0x20) });
  assert.equal(big.body.length, IMPORT_MAX + 1);
  const page = await expectPost('/styrning/aktivitetsplaner/2016/import',
    { cookie: utveckling.cookieHeader(), 'Content-Type': big.type }, big.body);
  assert.equal(page.status, 413, page.head);
  assert.equal(page.sent, false);
  assert.match(page.head, /\r\nContent-Type: text\/html/i);
  assert.match(page.text, /<h1>Filen är för stor<\/h1>/);
  assert.match(page.text, /högst 8 MiB/);
  assert.match(page.text, /<a href="\/styrning\/aktivitetsplaner\/2016#import">Tillbaka till aktivitetsplanen 2016<\/a>/);
  assert.match(page.text, /aria-label="Huvudmeny"/, 'the page knows who is logged in');
  await up();

  // At the limit itself the body is read: the import gets to look at the file.
  const at = await expectPost('/api/v1/activity-plans/2016/import', { ...auth, 'Content-Type': CSV },
    Buffer.concat([fixture, Buffer.alloc(IMPORT_MAX - fixture.length, 0x20)]));
  assert.equal(at.status, 400, at.head);
  assert.equal(at.sent, true);
  assert.equal(JSON.parse(at.text).error.code, 'invalid', 'read, and found wrong (a long cell)');

  // Chunked, without a Content-Length: refused while it comes in.
  for (const [p, type] of [['/api/v1/activity-plans/2016/import', CSV],
    ['/styrning/aktivitetsplaner/2016/import', 'multipart/form-data; boundary=x']]) {
    const c = await chunkedPost(`${server.url}${p}`, {
      'content-type': type, cookie: utveckling.cookieHeader(), 'x-csrf-token': utveckling.csrf,
    }, IMPORT_MAX + MiB);
    assert.equal(c.status, 413, `${p}: ${c.status}`);
    await up();
  }
  assert.deepEqual(await rowsOf(utveckling, 2016), before, 'nothing was imported');

  // Other routes keep the server's limit of 1 MiB.
  const other = await utveckling.request('POST', '/api/v1/activity-plans/2016/activities', {
    headers: { 'content-type': 'application/json' }, body: Buffer.alloc(MiB + 1, 0x20),
  });
  assert.equal(other.status, 413);
  assert.match(other.body.error.message, /högst 1 MiB/);
});

// --- 2. a broken upload on the page -------------------------------------------------

test('test_a_malformed_multipart_body_on_the_import_page_is_400_not_403', async () => {
  const good = multipart({ _csrf: utveckling.csrf }, { name: 'plan.csv', data: fixture });
  const cut = good.body.subarray(0, good.body.length - 40); // no closing delimiter
  const r = await pageImport(utveckling, 2016, { body: cut, type: good.type });
  assert.equal(r.status, 400, r.text.slice(0, 300));
  assert.match(r.text, /Formuläret kunde inte läsas/);
  assert.match(r.text, /href="\/styrning\/aktivitetsplaner\/2016#import"/);
  const noBoundary = await pageImport(utveckling, 2016,
    { body: good.body, type: 'multipart/form-data' });
  assert.equal(noBoundary.status, 400);

  // A well-formed body without the token, or with a wrong one, is still refused.
  const missing = await pageImport(utveckling, 2016,
    multipart({}, { name: 'plan.csv', data: fixture }));
  assert.equal(missing.status, 403);
  const wrong = await pageImport(utveckling, 2016,
    multipart({ _csrf: 'x'.repeat(43) }, { name: 'plan.csv', data: fixture }));
  assert.equal(wrong.status, 403);
  await up();
});

// --- 3. rows counted before anything is set aside for them ---------------------------

test('test_an_import_counts_its_rows_and_names_the_first_line_past_the_limit', async () => {
  const row = '1;a;Aktivitet;Socialchef;Maj';
  // 2,000 activities are taken; one more is refused, at its line, and nothing is imported.
  const max = Buffer.from([HEADER, ...Array(2000).fill(row)].join('\n'));
  const ok = await importFile(utveckling, 2017, max);
  assert.equal(ok.status, 200, ok.text.slice(0, 300));
  assert.equal(ok.body.imported, 2000);
  const over = await importFile(utveckling, 2017,
    Buffer.from([HEADER, ...Array(1000).fill(row), '', '', ...Array(1001).fill(row)].join('\n')));
  assert.equal(over.status, 400, over.text.slice(0, 300));
  assert.equal(over.body.error.field, 'file');
  assert.deepEqual(over.body.errors.map((e) => [e.line, e.column]), [[2004, 0]]);
  assert.equal(over.body.errors[0].message,
    'Rad 2004: filen har fler än 2 000 aktiviteter. Högst 2 000 rader importeras på en gång: ' +
    'dela upp filen.');
  assert.equal((await rowsOf(utveckling, 2017)).length, 2000);

  // A million blank lines around one activity: the blank lines cost nothing but their place.
  const t0 = Date.now();
  const blank = await importFile(utveckling, 2017,
    Buffer.from(`${HEADER}\n${'\n'.repeat(1_000_000)}${row}\n`));
  assert.equal(blank.status, 200, blank.text.slice(0, 300));
  assert.equal(blank.body.imported, 1);
  assert.equal(blank.body.activity_plan.rows.length, 1);
  assert.ok(Date.now() - t0 < 20000, `${Date.now() - t0} ms`);
});

// --- 4 and 5. texts: line breaks, and cells a spreadsheet would take for formulas -----

/** What of a row a file carries. */
const FIELDS = ['goals', 'description', 'activity', 'responsible', 'when_text', 'term', 'level',
  'status', 'followup'];
const content = (rows) => rows.map((r) => Object.fromEntries(FIELDS.map((f) => [f, r[f]])));

test('test_texts_are_stored_with_lf_and_formula_like_cells_survive_export_and_import', async () => {
  const year = 2015;
  await utveckling.json('POST', '/api/v1/activity-plans', { year });
  const rows = [
    { goals: '1', activity: '=SUMMA(A1)', description: '-5 % frånvaro', responsible: '@rektor',
      followup: '+3 fler möten\r\nän i fjol\rbra', status: 'ongoing' },
    { goals: '2', activity: "'=redan markerad", description: "''-två", responsible: "'90-talet",
      followup: '\ttabb först', when_text: 'Ht' },
    { goals: '1,2', activity: 'Rad ett\r\nRad två', description: '=A1;B1 "citat"',
      followup: '-' },
  ];
  for (const row of rows) {
    const r = await utveckling.json('POST', `/api/v1/activity-plans/${year}/activities`, row);
    assert.equal(r.status, 201, r.text);
  }
  const stored = await rowsOf(utveckling, year);
  assert.equal(stored[0].followup, '+3 fler möten\nän i fjol\nbra', 'CRLF and CR are LF');
  assert.equal(stored[2].activity, 'Rad ett\nRad två');
  assert.ok(!JSON.stringify(stored).includes('\\r'), 'no CR is stored');
  // A change through PATCH is stored the same way.
  const patched = await utveckling.json('PATCH', `/api/v1/activities/${stored[1].id}`,
    { description: "''-två\r\n" });
  assert.equal(patched.body.activity.description, "''-två\n");
  const before = content(await rowsOf(utveckling, year));

  const csv = await utveckling.get(`/api/v1/activity-plans/${year}/export?format=csv`);
  assert.equal(csv.status, 200);
  const text = csv.bytes.toString('utf8');
  for (const cell of ["'=SUMMA(A1)", "'-5 % frånvaro", "'@rektor",
    '"\'+3 fler möten\nän i fjol\nbra";', "''=redan markerad", "'''-två", "'\ttabb först",
    '"\'=A1;B1 ""citat"""', ";'-;\r\n"]) {
    assert.ok(text.includes(cell), `the CSV has ${JSON.stringify(cell)}: ${JSON.stringify(text)}`);
  }
  assert.ok(text.includes(";'90-talet;"), 'an apostrophe before other text is left alone');
  const back = await importFile(utveckling, 2017, csv.bytes);
  assert.equal(back.status, 200, back.text);
  assert.deepEqual(content(back.body.activity_plan.rows), before, 'CSV: the same texts');

  const xlsx = await utveckling.get(`/api/v1/activity-plans/${year}/export?format=xlsx`);
  assert.equal(xlsx.status, 200);
  const xback = await importFile(utveckling, 2017, xlsx.bytes, XLSX);
  assert.equal(xback.status, 200, xback.text);
  assert.deepEqual(content(xback.body.activity_plan.rows), before, 'XLSX: the same texts');
});

test('test_a_page_form_stores_its_line_breaks_as_lf', async () => {
  const r = await utveckling.form(`/styrning/aktivitetsplaner/2015/aktiviteter`, {
    _csrf: utveckling.csrf, new_goals: '3', new_activity: 'Från sidan\r\nandra raden',
    new_description: 'Ett\rtvå', new_followup: '', new_status: 'planned',
  });
  assert.equal(r.status, 303, r.text.slice(0, 300));
  const row = (await rowsOf(utveckling, 2015)).at(-1);
  assert.equal(row.activity, 'Från sidan\nandra raden');
  assert.equal(row.description, 'Ett\ntvå');

  const cp = await admin.json('POST', '/api/v1/coop-plans', {
    title: 'Samverkansplan med CRLF (plantest)', first_year: 2030, last_year: 2031,
    purpose: 'Första stycket.\r\n\r\nAndra stycket.', goals: '1. Ett\r\n2. Två\r\n',
  });
  assert.equal(cp.status, 201, cp.text);
  assert.equal(cp.body.coop_plan.purpose, 'Första stycket.\n\nAndra stycket.');
  assert.deepEqual(cp.body.coop_plan.goals.map((g) => g.text), ['Ett', 'Två']);
});
