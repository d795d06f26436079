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
import { healthStatus, repoRoot } from '../lib/server.mjs';
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

const up = async () => assert.equal(await healthStatus(server.url), 200, 'the server is up');

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

test('test_the_error_summary_of_a_failed_page_import_lists_the_first_five_errors', async () => {
  const summaryOf = (html) => /<div class="error-summary" role="alert">[\s\S]*?<\/div>/.exec(html)?.[0];
  // Seven rows with a goal the plan does not have.
  const seven = [HEADER, ...[2, 3, 4, 5, 6, 7, 8].map((n) => `9;a;Aktivitet ${n};c;Maj`)].join('\n');
  const page = await pageImport(utveckling, 2016,
    multipart({ _csrf: utveckling.csrf }, { name: 'fel.csv', data: Buffer.from(seven) }));
  assert.equal(page.status, 400, page.text.slice(0, 300));
  const summary = summaryOf(page.text);
  assert.ok(summary, 'an error summary');
  assert.match(summary, /<p><a href="#f-file">Filen har 7 fel\. Inget importerades\.<\/a><\/p>/);
  const items = [...summary.matchAll(/<li><a href="#import-errors">([^<]*)<\/a><\/li>/g)]
    .map((m) => m[1]);
  assert.equal(items.length, 5, summary);
  items.forEach((text, i) => assert.match(text, new RegExp(`^Rad ${i + 2}, kolumn Mål: `)));
  assert.match(summary, /<p><a href="#import-errors">och 2 fel till<\/a><\/p>/);
  // The list at the form has all seven, and is what the summary's links lead to.
  const list = /<ul class="import-errors" id="import-errors">([\s\S]*?)<\/ul>/.exec(page.text)[1];
  assert.equal([...list.matchAll(/<li>/g)].length, 7);

  // Two errors: both listed, nothing more. A file that cannot be read at all has one
  // error, which the summary says already: no list, and the place is said once below.
  const two = await pageImport(utveckling, 2016, multipart({ _csrf: utveckling.csrf },
    { name: 'fel.csv', data: Buffer.from(`${HEADER}\n9;a;b;c;Maj\n1;a;b;c;Blåmånad\n`) }));
  assert.equal([...summaryOf(two.text).matchAll(/<li>/g)].length, 2);
  assert.doesNotMatch(summaryOf(two.text), /fel till/);
  const quote = await pageImport(utveckling, 2016, multipart({ _csrf: utveckling.csrf },
    { name: 'fel.csv', data: Buffer.from(`${HEADER}\n1;"Öppet citat;b;c;Maj\n`) }));
  assert.equal(quote.status, 400);
  assert.doesNotMatch(summaryOf(quote.text), /<li>/);
  assert.match(quote.text,
    /<ul class="import-errors" id="import-errors">\n<li>Citattecknet som börjar på rad 2, kolumn 2 avslutas aldrig\.<\/li>/);
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
  assert.match(body.error.message, /högst 8 MB/);
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
  assert.match(page.text, /<p>En fil att importera får vara högst 8 MB\. /);
  assert.match(page.text,
    /<a href="\/styrning\/aktivitetsplaner\/2016#import">Tillbaka till aktivitetsplanen 2016<\/a>/);
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
    }, IMPORT_MAX + MiB / 2);
    assert.equal(c.status, 413, `${p}: ${c.status}`);
    await up();
  }
  // What comes past the limit is thrown away, but only up to 1 MiB, whatever the route's
  // limit: then the connection is closed without an answer.
  const cut = await chunkedPost(`${server.url}/api/v1/activity-plans/2016/import`, {
    'content-type': CSV, cookie: utveckling.cookieHeader(), 'x-csrf-token': utveckling.csrf,
  }, IMPORT_MAX + 3 * MiB);
  assert.match(String(cut.status), /^error /, `closed, not answered: ${cut.status}`);
  await up();
  assert.deepEqual(await rowsOf(utveckling, 2016), before, 'nothing was imported');

  // Other routes keep the server's limit of 1 MiB.
  // (Expect: 100-continue, as above: fetch would see the early answer as a broken pipe.)
  const other = await expectPost('/api/v1/activity-plans/2016/activities',
    { ...auth, 'Content-Type': 'application/json' }, Buffer.alloc(MiB + 1, 0x20));
  assert.equal(other.status, 413, other.head);
  assert.equal(other.sent, false);
  assert.match(JSON.parse(other.text).error.message, /högst 1 MB/);
});

test('test_an_anonymous_upload_past_the_servers_max_body_is_401_before_it_is_read', async () => {
  // The import routes take 8 MiB, but only from a caller who looks logged in: anyone else
  // is held to the server's max_body (1 MiB), and past it is asked to log in at once.
  const before = await rowsOf(utveckling, 2016);
  const body = Buffer.concat([fixture, Buffer.alloc(MiB + 1 - fixture.length, 0x20)]);
  for (const headers of [{}, { cookie: `samsyn=${'x'.repeat(43)}` },
    { authorization: `Bearer ${'y'.repeat(43)}` }]) {
    const r = await expectPost('/api/v1/activity-plans/2016/import',
      { ...headers, 'Content-Type': CSV }, body);
    assert.equal(r.status, 401, `${JSON.stringify(headers)}: ${r.head}`);
    assert.equal(r.sent, false, 'refused before the body was sent');
    assert.equal(JSON.parse(r.text).error.code, 'unauthenticated');
  }
  const page = await expectPost('/styrning/aktivitetsplaner/2016/import',
    { 'Content-Type': 'multipart/form-data; boundary=x' }, body);
  assert.equal(page.status, 401, page.head);
  assert.equal(page.sent, false);
  assert.match(page.text, /<a href="\/login">Till inloggningen<\/a>/);
  // Anonymous and chunked: read up to 1 MiB, thrown away past it, and then 401.
  const c = await chunkedPost(`${server.url}/api/v1/activity-plans/2016/import`,
    { 'content-type': CSV }, MiB + MiB / 2);
  assert.equal(c.status, 401, String(c.status));
  // The refusals are denials in the access log, like any request without a login.
  const log = await auditor.json('GET', '/api/v1/audit?limit=20');
  assert.equal(log.status, 200, log.text);
  const denials = log.body.entries.filter((e) => e.action === 'deny' && e.user_id === null &&
    e.record_type === '/api/v1/activity-plans/{id}/import' && e.record_id === 2016);
  assert.equal(denials.length, 4, log.text.slice(0, 500));
  // A logged-in user still gets the route's limit (see the 2 MiB import above).
  const at = await expectPost('/api/v1/activity-plans/2016/import',
    { cookie: utveckling.cookieHeader(), 'X-CSRF-Token': utveckling.csrf, 'Content-Type': CSV },
    body);
  assert.equal(at.sent, true, at.head);
  assert.equal(at.status, 400, 'read, and found wrong (a long cell)');
  assert.deepEqual(await rowsOf(utveckling, 2016), before, 'nothing was imported');
  await up();
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

// --- 6. responsible: free text and functions ----------------------------------------

/** The functions of the organisation by name (the administrator reads them). */
async function functionsByName() {
  const r = await admin.json('GET', '/api/v1/functions');
  assert.equal(r.status, 200, r.text);
  return Object.fromEntries(r.body.functions.map((f) => [f.name, f]));
}

/** A function made by the administrator (active unless told). */
async function newFunction(name, active = true) {
  const r = await admin.json('POST', '/api/v1/functions', { name });
  assert.equal(r.status, 201, r.text);
  if (!active) {
    assert.equal((await admin.json('PATCH', `/api/v1/functions/${r.body.function.id}`,
      { active: false })).status, 200);
  }
  return r.body.function;
}

const fnames = (a) => a.responsible_functions.map((f) => f.name);

test('test_an_import_links_the_functions_its_responsible_text_names', async () => {
  const socialchef = await newFunction('Socialchef');
  const gone = await newFunction('Gammal funktion (plantest)', false);
  const fn = await functionsByName();
  const file = [
    HEADER,
    '1;a;Akt 1;Socialchef, produktionschefer;Maj',
    '2;b;Akt 2;"SKOLKURATOR; rektor";Ht',
    `3;c;Akt 3;${gone.name};`,
    '1;d;Akt 4;Rektorn och socialchefen;',
    '4;e;Akt 5;;Vt',
  ].join('\r\n');
  const r = await importFile(utveckling, 2015, Buffer.from(file));
  assert.equal(r.status, 200, r.text);
  const rows = r.body.activity_plan.rows;
  assert.deepEqual(rows.map(fnames), [['Socialchef'], ['Rektor', 'Skolkurator'], [], [], []],
    'each part that is an active function, in any case; in Swedish order');
  assert.deepEqual(rows[0].responsible_functions, [{ id: socialchef.id, name: 'Socialchef' }]);
  assert.deepEqual(rows[1].responsible_functions.map((f) => f.id),
    [fn.Rektor.id, fn.Skolkurator.id]);
  assert.deepEqual(rows.map((a) => a.responsible), ['Socialchef, produktionschefer',
    'SKOLKURATOR; rektor', gone.name, 'Rektorn och socialchefen', null], 'the text as written');

  // The yearly report carries the same functions.
  const yearly = await utveckling.json('GET', '/api/v1/yearly-report/2015');
  assert.equal(yearly.status, 200, yearly.text);
  const akt2 = yearly.body.yearly_report.goals.find((g) => g.number === 2).activities
    .find((a) => a.activity === 'Akt 2');
  assert.deepEqual(akt2.responsible_functions.map((f) => f.name), ['Rektor', 'Skolkurator']);

  // The export writes the free text, and imports back to the same links.
  const csv = await utveckling.get('/api/v1/activity-plans/2015/export?format=csv');
  assert.match(csv.text, /;"SKOLKURATOR; rektor";/);
  assert.ok(!csv.text.includes('Skolkurator'), 'no function names are added');
  const back = await importFile(utveckling, 2017, csv.bytes);
  assert.equal(back.status, 200, back.text);
  assert.deepEqual(back.body.activity_plan.rows.map(fnames), rows.map(fnames));
});

test('test_the_api_sets_responsible_functions_by_id_and_refuses_unknown_or_inactive', async () => {
  const fn = await functionsByName();
  const add = (body) => utveckling.json('POST', '/api/v1/activity-plans/2015/activities',
    { goals: '1', activity: 'Med funktioner', ...body });
  const a = await add({ responsible: 'Rektor med stöd', responsible_function_ids:
    [fn.Skolkurator.id, fn.Rektor.id] });
  assert.equal(a.status, 201, a.text);
  assert.deepEqual(fnames(a.body.activity), ['Rektor', 'Skolkurator']);
  assert.equal(a.body.activity.responsible, 'Rektor med stöd');
  const none = await add({ responsible: 'Rektor' });
  assert.equal(none.status, 201);
  assert.deepEqual(none.body.activity.responsible_functions, [],
    'only an import finds functions in the text; the API says which');

  const id = a.body.activity.id;
  const keep = await utveckling.json('PATCH', `/api/v1/activities/${id}`, { status: 'done' });
  assert.deepEqual(fnames(keep.body.activity), ['Rektor', 'Skolkurator'], 'kept when not given');
  const one = await utveckling.json('PATCH', `/api/v1/activities/${id}`,
    { responsible_function_ids: [fn.Rektor.id] });
  assert.equal(one.status, 200, one.text);
  assert.deepEqual(fnames(one.body.activity), ['Rektor']);
  assert.equal(one.body.activity.status, 'done');
  const cleared = await utveckling.json('PATCH', `/api/v1/activities/${id}`,
    { responsible_function_ids: [] });
  assert.deepEqual(cleared.body.activity.responsible_functions, []);

  const temp = await newFunction('Tillfällig funktion (plantest)');
  const linked = await utveckling.json('PATCH', `/api/v1/activities/${id}`,
    { responsible_function_ids: [temp.id, fn.Rektor.id] });
  assert.equal(linked.status, 200, linked.text);
  assert.equal((await admin.json('PATCH', `/api/v1/functions/${temp.id}`, { active: false })).status, 200);
  const stays = await utveckling.json('PATCH', `/api/v1/activities/${id}`,
    { responsible_function_ids: [temp.id], followup: 'Funktionen finns kvar.' });
  assert.equal(stays.status, 200, 'a function made inactive may stay where it is');
  assert.deepEqual(fnames(stays.body.activity), ['Tillfällig funktion (plantest)']);

  const before = (await rowsOf(utveckling, 2015)).length;
  for (const [ids, what] of [[[999999], 'an unknown function'], [[temp.id], 'an inactive function'],
    [[fn.Rektor.id, fn.Rektor.id], 'the same twice'], [['1'], 'not an integer'], [0, 'not a list'],
    [[-1], 'not an id']]) {
    const r = await add({ responsible_function_ids: ids });
    assertError(r, 400, 'invalid', 'responsible_function_ids');
    assert.match(r.body.error.message, /[åäöÅÄÖ]|funktion/i, `${what}: Swedish`);
  }
  assertError(await utveckling.json('PATCH', `/api/v1/activities/${none.body.activity.id}`,
    { responsible_function_ids: [temp.id] }), 400, 'invalid', 'responsible_function_ids');
  assertError(await add({ responsible_function_ids: [fn.Rektor.id], extra: 1 }), 400,
    'unknown_field');
  assert.equal((await rowsOf(utveckling, 2015)).length, before, 'nothing was added');
  assertError(await fritid.json('PATCH', `/api/v1/activities/${id}`,
    { responsible_function_ids: [fn.Rektor.id] }), 403, 'forbidden');
});

// --- 7. filters ------------------------------------------------------------------------

test('test_the_plan_filters_by_goal_responsible_function_term_and_status', async () => {
  const fn = await functionsByName();
  const file = [
    `${HEADER};Status`,
    '1;a;Rektorns;Rektor;Maj;Planerad',
    '2;b;Kuratorns;Skolkurator;Ht;Klar',
    '1,2;c;Bådas;Rektor, Skolkurator;;Pågår',
    '3;d;Ingens;Biträdande rektor;;Planerad',
  ].join('\n');
  assert.equal((await importFile(utveckling, 2016, Buffer.from(file))).status, 200);
  const acts = async (q) => (await rowsOf(fritid, 2016, `?${q}`)).map((a) => a.activity);
  assert.deepEqual(await acts(`responsible_function=${fn.Rektor.id}`), ['Rektorns', 'Bådas']);
  assert.deepEqual(await acts(`responsible_function=${fn.Skolkurator.id}&status=done`), ['Kuratorns']);
  assert.deepEqual(await acts('term=none'), ['Bådas', 'Ingens']);
  assert.deepEqual(await acts('term=vt'), ['Rektorns']);
  assert.deepEqual(await acts('term=ht&goal=2'), ['Kuratorns']);
  assert.deepEqual(await acts('responsible=rektor'), ['Rektorns', 'Bådas', 'Ingens'],
    'the free text: a part of it');
  assert.deepEqual(await acts('goal=1&term=none&status=ongoing'), ['Bådas']);
  assert.deepEqual(await acts('responsible_function=&term=&status='), ['Rektorns', 'Kuratorns',
    'Bådas', 'Ingens'], 'empty parameters are no filter');
  for (const [q, field] of [['responsible_function=abc', 'responsible_function'],
    ['responsible_function=0', 'responsible_function'], ['term=sommar', 'term'],
    ['goal=x', 'goal'], ['status=klar', 'status']]) {
    assertError(await fritid.json('GET', `/api/v1/activity-plans/2016?${q}`), 400, 'invalid', field);
  }
});

// --- 8 and 9. editing the cooperation plan; can_edit ---------------------------------

test('test_a_plan_editor_changes_the_cooperation_plan_and_every_change_is_logged', async () => {
  const path1 = `/api/v1/coop-plans/${coop.id}`;
  const r = await utveckling.json('PATCH', path1, {
    title: 'Samverkansplan 2015–2017 (ändrad)', purpose: 'Nytt syfte.\r\nAndra raden.',
    adopted_by: 'Socialnämnden', adopted_on: '2014-12-10',
    goals: '1. Rutiner\n2. Mötesstrukturer\n3. Kunskap\n4. Resurser\n5. Kompetens\n6. Nytt mål',
    strategies: 'Samordna\nFölja upp',
  });
  assert.equal(r.status, 200, r.text);
  const p = r.body.coop_plan;
  assert.equal(p.title, 'Samverkansplan 2015–2017 (ändrad)');
  assert.equal(p.purpose, 'Nytt syfte.\nAndra raden.');
  assert.equal(p.adopted_by, 'Socialnämnden');
  assert.equal(p.adopted_on, '2014-12-10');
  assert.deepEqual(p.goals.map((g) => g.number), [1, 2, 3, 4, 5, 6]);
  assert.deepEqual(p.strategies, [{ number: 1, text: 'Samordna' }, { number: 2, text: 'Följa upp' }]);
  assert.equal(p.can_edit, true);
  assert.deepEqual((await fritid.json('GET', path1)).body.coop_plan.goals, p.goals);

  // Only the fields given change.
  const one = await utveckling.json('PATCH', path1, { adopted_by: 'Båda nämnderna' });
  assert.equal(one.status, 200);
  assert.equal(one.body.coop_plan.title, p.title);
  assert.deepEqual(one.body.coop_plan.goals, p.goals);

  // A goal that rows use cannot go; one that no row uses can.
  assert.equal((await utveckling.json('POST', '/api/v1/activity-plans/2017/activities',
    { goals: '4,5', activity: 'Under mål 4 och 5' })).status, 201);
  const used = await utveckling.json('PATCH', path1, { goals: '1. Rutiner\n3. Kunskap\n6. Nytt' });
  assertError(used, 409, 'conflict', 'goals');
  assert.match(used.body.error.message, /^Målen 2, 4 och 5 används av aktiviteter/);
  const dropped = await utveckling.json('PATCH', path1,
    { goals: '1. Rutiner\n2. Möten\n3. Kunskap\n4. Resurser\n5. Kompetens' });
  assert.equal(dropped.status, 200, dropped.text);
  assert.deepEqual(dropped.body.coop_plan.goals.map((g) => g.text),
    ['Rutiner', 'Möten', 'Kunskap', 'Resurser', 'Kompetens']);

  // The period must hold the years of its activity plans (2015, 2016 and 2017 here).
  assertError(await utveckling.json('PATCH', path1, { last_year: 2016 }), 409, 'conflict', 'last_year');
  assertError(await utveckling.json('PATCH', path1, { first_year: 2016 }), 409, 'conflict', 'first_year');
  const longer = await utveckling.json('PATCH', path1, { first_year: 2014, last_year: 2018 });
  assert.equal(longer.status, 200, longer.text);
  assert.deepEqual([longer.body.coop_plan.first_year, longer.body.coop_plan.last_year], [2014, 2018]);
  assert.equal((await utveckling.json('PATCH', path1, { first_year: 2015, last_year: 2017 })).status, 200);

  // Bad input: Swedish, nothing changed.
  const tomorrow = new Date(Date.now() + 2 * 86400_000).toISOString().slice(0, 10);
  for (const [body, field] of [[{ adopted_on: tomorrow }, 'adopted_on'],
    [{ adopted_on: '2015-02-30' }, 'adopted_on'], [{ title: ' ' }, 'title'],
    [{ goals: '' }, 'goals'], [{ last_year: 2014 }, 'last_year'], [{ first_year: 1900 }, 'first_year'],
    [{ purpose: '' }, 'purpose']]) {
    assertError(await utveckling.json('PATCH', path1, body), 400, 'invalid', field);
  }
  assertError(await utveckling.json('PATCH', path1, { replaces: null }), 400, 'unknown_field');
  assert.deepEqual((await fritid.json('GET', path1)).body.coop_plan.title, p.title);

  // Only plan editors; a plan that does not exist is 404.
  assertError(await fritid.json('PATCH', path1, { title: 'Fritids' }), 403, 'forbidden');
  assertError(await auditor.json('PATCH', path1, { title: 'Logg' }), 403, 'forbidden');
  assertError(await utveckling.json('PATCH', '/api/v1/coop-plans/999999', { title: 'X' }),
    404, 'not_found');

  // Every write is in the access log, and the refusals too.
  const log = await auditor.json('GET', `/api/v1/audit?user_id=${utveckling.user.id}&limit=200`);
  const updates = log.body.entries.filter((e) => e.record_type === 'coop_plan' &&
    e.record_id === coop.id && e.action === 'update' && e.outcome === 'ok');
  assert.equal(updates.length, 5, 'one row per change made');
  const refused = await auditor.json('GET', `/api/v1/audit?user_id=${fritid.user.id}&limit=50`);
  assert.ok(refused.body.entries.some((e) => e.outcome === 'denied' &&
    e.record_type === 'coop_plan' && e.record_id === coop.id));
});

test('test_a_goal_text_beginning_with_mal_keeps_it_unless_a_number_and_mark_follow', async () => {
  const cp = await admin.json('POST', '/api/v1/coop-plans', {
    title: 'Plan 2050–2051 (plantest)', first_year: 2050, last_year: 2051, purpose: 'Mål i text.',
    goals: 'Mål 1: Rutiner\nMål två är samordning\nMål 2 Samordning\n4) Kunskap\nmål 5. Kompetens',
    strategies: 'Mål för varje skola\n2. Gemensamma möten',
  });
  assert.equal(cp.status, 201, cp.text);
  assert.deepEqual(cp.body.coop_plan.goals.map((g) => [g.number, g.text]), [
    [1, 'Rutiner'], [2, 'Mål två är samordning'], [3, 'Mål 2 Samordning'], [4, 'Kunskap'],
    [5, 'Kompetens']]);
  assert.deepEqual(cp.body.coop_plan.strategies.map((g) => [g.number, g.text]),
    [[1, 'Mål för varje skola'], [2, 'Gemensamma möten']]);

  // An item without text is named by its kind.
  const base = { title: 'Plan 2052 (plantest)', first_year: 2052, last_year: 2052, purpose: 'X' };
  const noGoal = await admin.json('POST', '/api/v1/coop-plans', { ...base, goals: '1. Ett\nMål 2:' });
  assertError(noGoal, 400, 'invalid', 'goals');
  assert.equal(noGoal.body.error.message, 'Mål 2 saknar text.');
  const noStrategy = await admin.json('POST', '/api/v1/coop-plans',
    { ...base, goals: '1. Ett', strategies: '1. Möten\n2)' });
  assertError(noStrategy, 400, 'invalid', 'strategies');
  assert.equal(noStrategy.body.error.message, 'Strategi 2 saknar text.');
});

test('test_a_limit_of_five_digits_is_written_as_swedish_writes_numbers', async () => {
  const r = await admin.json('POST', '/api/v1/coop-plans', {
    title: 'Plan 2053 (plantest)', first_year: 2053, last_year: 2053, goals: '1. Ett',
    purpose: 'x'.repeat(20001),
  });
  assertError(r, 400, 'invalid', 'purpose');
  assert.equal(r.body.error.message, 'Fältet får ha högst 20\u00a0000 tecken.',
    'groups of three apart with a no-break space');
  // The domain's own check says the same, with the field's name (a cooperation plan's
  // purpose through the page's form).
  const page = await utveckling.form('/styrning/samverkansplaner', new URLSearchParams({
    _csrf: utveckling.csrf, title: 'Plan 2053 (plantest)', first_year: '2053', last_year: '2053',
    goals: '1. Ett', purpose: 'x'.repeat(20001),
  }));
  assert.equal(page.status, 400, page.text.slice(0, 300));
  assert.ok(page.text.includes('Syftet får ha högst 20\u00a0000 tecken.'), 'on the page too');
});

test('test_can_edit_says_who_may_change_the_plans', async () => {
  const old = await admin.json('POST', '/api/v1/coop-plans', {
    title: 'Plan 2040–2041 (plantest)', first_year: 2040, last_year: 2041, purpose: 'X', goals: '1. X',
  });
  const next = await admin.json('POST', '/api/v1/coop-plans', {
    title: 'Plan 2042–2043 (plantest)', first_year: 2042, last_year: 2043, purpose: 'Y', goals: '1. Y',
    replaces: old.body.coop_plan.id,
  });
  assert.equal(next.status, 201, next.text);
  assert.equal(next.body.coop_plan.can_edit, true);
  const mine = (who) => who.json('GET', '/api/v1/coop-plans').then((r) =>
    Object.fromEntries(r.body.coop_plans.map((p) => [p.id, p.can_edit])));
  const u = await mine(utveckling), f = await mine(fritid);
  assert.equal(u[coop.id], true);
  assert.equal(u[next.body.coop_plan.id], true);
  assert.equal(u[old.body.coop_plan.id], false, 'a replaced version is not changed');
  assert.ok(Object.values(f).every((v) => v === false), 'not a plan editor');
  assert.equal((await fritid.json('GET', `/api/v1/coop-plans/${coop.id}`)).body.coop_plan.can_edit, false);
  assert.equal((await utveckling.json('GET', `/api/v1/coop-plans/${coop.id}`)).body.coop_plan.can_edit, true);
  const replaced = await admin.json('PATCH', `/api/v1/coop-plans/${old.body.coop_plan.id}`, { title: 'Z' });
  assertError(replaced, 409, 'conflict', 'id');

  const lists = async (who) => (await who.json('GET', '/api/v1/activity-plans')).body.activity_plans;
  assert.ok((await lists(utveckling)).every((p) => p.can_edit === true));
  assert.ok((await lists(fritid)).every((p) => p.can_edit === false));
  assert.ok((await lists(fritid)).every((p) => p.rows === undefined), 'the list has no rows');
  assert.equal((await fritid.json('GET', '/api/v1/activity-plans/2015')).body.activity_plan.can_edit, false);
  assert.equal((await admin.json('GET', '/api/v1/activity-plans/2015')).body.activity_plan.can_edit, true);
});

// --- the pages: forms only for plan editors; filters and groups; functions; changes ---

test('test_pages_show_edit_and_import_controls_only_to_plan_editors', async () => {
  const page = async (who, p) => {
    const r = await who.get(p);
    assert.equal(r.status === 200 || r.status === 404, true, `${p}: ${r.status}`);
    return r.text;
  };
  const checks = [
    ['/styrning/aktivitetsplaner/2015', ['action="/styrning/aktivitetsplaner/2015/import"',
      'action="/styrning/aktivitetsplaner/2015/aktiviteter"', 'action="/styrning/aktiviteter/']],
    ['/styrning/aktivitetsplaner/2030', ['action="/styrning/aktivitetsplaner/2030/import"',
      'Skapa aktivitetsplanen för 2030']],
    ['/styrning/aktivitetsplaner', ['Skapa aktivitetsplanen']],
    ['/styrning/samverkansplaner', ['Skapa samverkansplanen']],
    [`/styrning/samverkansplaner/${coop.id}`, ['Spara ändringarna',
      `action="/styrning/samverkansplaner/${coop.id}"`]],
  ];
  for (const [p, controls] of checks) {
    const editor = await page(utveckling, p), reader = await page(fritid, p);
    for (const c of controls) {
      assert.ok(editor.includes(c), `${p}: the plan editor has ${c}`);
      assert.ok(!reader.includes(c), `${p}: a reader has no ${c}`);
    }
  }
  // A reader still sees the rows, the filter and the export.
  const reader = await page(fritid, '/styrning/aktivitetsplaner/2015');
  assert.match(reader, /<table class="plan">/);
  assert.match(reader, /export\?format=csv/);
  assert.ok(!reader.includes('<th scope="col" class="no-print">Ändra</th>'));
});

/** The activity texts of the rows in each table of a plan page, by the caption. */
function tablesOf(html) {
  const out = {};
  for (const m of html.matchAll(/<table class="plan">\n<caption>([^<]*)<\/caption>([\s\S]*?)<\/table>/g)) {
    const row = /<tr(?: id="rad-\d+")?><td>[^<]*<\/td><td class="text">[^<]*<\/td><td class="text">([^<]*)<\/td>/g;
    out[m[1]] = [...m[2].matchAll(row)].map((x) => x[1]);
  }
  return out;
}

test('test_the_page_filters_and_groups_by_responsible_term_and_status', async () => {
  // 2016 holds, from the filter test: Rektorns (Rektor, Maj, planerad), Kuratorns
  // (Skolkurator, Ht, klar), Bådas (both, no term, pågår), Ingens ("Biträdande rektor").
  const fn = await functionsByName();
  const get = async (q) => {
    const r = await fritid.get(`/styrning/aktivitetsplaner/2016?${q}`);
    assert.equal(r.status, 200, r.text.slice(0, 300));
    return r.text;
  };
  const list = await get('');
  assert.match(list, new RegExp(`<option value="f:${fn.Rektor.id}">Rektor \\(funktion\\)</option>`));
  assert.match(list, /<option value="t:Biträdande rektor">Biträdande rektor<\/option>/);
  assert.ok(!list.includes('<option value="t:Rektor">'), 'a text part that is a function of its row');
  assert.match(list, /<option value="ingen">Ingen termin angiven<\/option>/);

  assert.deepEqual(tablesOf(await get(`ansvarig=f:${fn.Rektor.id}`)),
    { 'Aktiviteter 2016, filtrerade': ['Rektorns', 'Bådas'] });
  assert.deepEqual(tablesOf(await get('ansvarig=t:Biträdande%20rektor')),
    { 'Aktiviteter 2016, filtrerade': ['Ingens'] });
  assert.deepEqual(tablesOf(await get('termin=ingen')),
    { 'Aktiviteter 2016, filtrerade': ['Bådas', 'Ingens'] });

  const byResp = await get('visa=ansvarig');
  assert.deepEqual([...byResp.matchAll(/<h2 id="ansvarig-[^"]+">([^<]*)<\/h2>/g)].map((m) => m[1]),
    ['Rektor (funktion)', 'Skolkurator (funktion)', 'Biträdande rektor']);
  assert.deepEqual(tablesOf(byResp), {
    'Aktiviteter där Rektor är ansvarig': ['Rektorns', 'Bådas'],
    'Aktiviteter där Skolkurator är ansvarig': ['Kuratorns', 'Bådas'],
    'Aktiviteter där Biträdande rektor är ansvarig': ['Ingens'],
  });
  assert.deepEqual(tablesOf(await get('visa=termin')), {
    'Aktiviteter: Vårterminen': ['Rektorns'],
    'Aktiviteter: Höstterminen': ['Kuratorns'],
    'Aktiviteter: Ingen termin angiven': ['Bådas', 'Ingens'],
  });
  assert.deepEqual(tablesOf(await get('visa=status&mal=1')), {
    'Aktiviteter med status Planerad': ['Rektorns'],
    'Aktiviteter med status Pågår': ['Bådas'],
    'Aktiviteter med status Klar': [],
    'Aktiviteter med status Inställd': [],
  });
  const grouped = await get('visa=status&status=done');
  assert.deepEqual(Object.keys(tablesOf(grouped)), ['Aktiviteter med status Klar']);
  // The Swedish labels filter too, in any case; the select shows the status chosen.
  const done = { 'Aktiviteter 2016, filtrerade': ['Kuratorns'] };
  assert.deepEqual(tablesOf(await get('status=done')), done);
  assert.deepEqual(tablesOf(await get('status=klar')), done);
  const ongoing = await get(`status=${encodeURIComponent('PÅGÅR')}`);
  assert.deepEqual(tablesOf(ongoing), { 'Aktiviteter 2016, filtrerade': ['Bådas'] });
  assert.match(ongoing, /<option value="ongoing" selected>Pågår<\/option>/);
  assert.deepEqual(tablesOf(await get('status=kanske')), tablesOf(list), 'an unknown one: all');
  // The forms on the page keep the view: the query travels along.
  const editorPage = await utveckling.get('/styrning/aktivitetsplaner/2016?visa=termin&termin=ht');
  assert.match(editorPage.text, /action="\/styrning\/aktivitetsplaner\/2016\/aktiviteter\?termin=ht&amp;visa=termin"/);
});

test('test_the_new_activity_plan_form_offers_the_first_year_from_this_one_without_a_plan', async () => {
  const thisYear = Number(new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Stockholm' })
    .slice(0, 4));
  const firstFree = async () => {
    const r = await fritid.json('GET', '/api/v1/activity-plans');
    const years = new Set(r.body.activity_plans.map((p) => p.year));
    let y = thisYear;
    while (years.has(y)) y += 1;
    return y;
  };
  const offered = async () => {
    const page = await utveckling.get('/styrning/aktivitetsplaner');
    return Number(/<input id="f-year" name="year" type="number" value="(\d+)"/.exec(page.text)?.[1]);
  };
  const year = await firstFree();
  assert.equal(await offered(), year);
  // With a plan for that year, the next one is offered.
  const cp = await admin.json('POST', '/api/v1/coop-plans', { title: `Plan ${year}–${year + 1} (plantest)`,
    first_year: year, last_year: year + 1, purpose: 'Ett år till.', goals: '1. Ett' });
  assert.equal(cp.status, 201, cp.text);
  const ap = await utveckling.json('POST', '/api/v1/activity-plans', { year });
  assert.equal(ap.status, 201, ap.text);
  assert.ok(await firstFree() > year);
  assert.equal(await offered(), await firstFree());
});

test('test_the_page_forms_set_functions_and_change_the_cooperation_plan', async () => {
  const fn = await functionsByName();
  const form = (p, fields) => utveckling.form(p, new URLSearchParams([['_csrf', utveckling.csrf],
    ...fields]));
  const made = await form('/styrning/aktivitetsplaner/2016/aktiviteter', [['new_goals', '2'],
    ['new_activity', 'Från sidan med funktioner'], ['new_responsible', 'Elevhälsan'],
    ['new_status', 'planned'], ['new_functions', String(fn.Skolkurator.id)],
    ['new_functions', String(fn.Rektor.id)]]);
  assert.equal(made.status, 303, made.text.slice(0, 300));
  const row = (await rowsOf(utveckling, 2016)).at(-1);
  assert.equal(row.activity, 'Från sidan med funktioner');
  assert.deepEqual(fnames(row), ['Rektor', 'Skolkurator']);
  const shown = await fritid.get('/styrning/aktivitetsplaner/2016');
  assert.match(shown.text, /Elevhälsan<br><span class="hint">Funktioner: Rektor, Skolkurator<\/span>/);

  // A row's form: the boxes it shows replace the functions; none ticked is none.
  const upd = await form(`/styrning/aktiviteter/${row.id}?ar=2016`, [[`status_${row.id}`, 'ongoing'],
    [`functions_shown_${row.id}`, '1'], [`functions_${row.id}`, String(fn.Elevcoach.id)]]);
  assert.equal(upd.status, 303, upd.text.slice(0, 300));
  assert.deepEqual(fnames((await rowsOf(utveckling, 2016)).at(-1)), ['Elevcoach']);
  const none = await form(`/styrning/aktiviteter/${row.id}?ar=2016`,
    [[`status_${row.id}`, 'ongoing'], [`functions_shown_${row.id}`, '1']]);
  assert.equal(none.status, 303);
  assert.deepEqual(fnames((await rowsOf(utveckling, 2016)).at(-1)), []);
  const gone = await newFunction('Nedlagd funktion (sidtest)', false);
  const bad = await form(`/styrning/aktiviteter/${row.id}?ar=2016`,
    [[`functions_shown_${row.id}`, '1'], [`functions_${row.id}`, String(gone.id)]]);
  assert.equal(bad.status, 400);
  assert.match(bad.text,
    new RegExp(`<a href="#f-functions_${row.id}">Funktionen med id ${gone.id} är inte längre aktiv`));
  assert.match(bad.text, /<details open>/, 'the row form is open again');

  // The row form changes the row's goals and texts too; a goal the plan lacks is refused
  // beside its field in the row, with what was typed kept and nothing changed.
  const edited = await form(`/styrning/aktiviteter/${row.id}?ar=2016`, [
    [`goals_${row.id}`, '1,3'], [`activity_${row.id}`, 'Rättad på sidan'],
    [`description_${row.id}`, 'Beskrivning\r\npå två rader'], [`responsible_${row.id}`, 'Rektorerna'],
    [`when_${row.id}`, 'Ht'], [`level_${row.id}`, 'forebyggande'], [`status_${row.id}`, 'planned']]);
  assert.equal(edited.status, 303, edited.text.slice(0, 300));
  let after = (await rowsOf(utveckling, 2016)).find((x) => x.id === row.id);
  assert.deepEqual([after.goals, after.activity, after.description, after.responsible,
    after.when_text, after.level],
  ['1,3', 'Rättad på sidan', 'Beskrivning\npå två rader', 'Rektorerna', 'Ht', 'forebyggande']);
  const wrongGoal = await form(`/styrning/aktiviteter/${row.id}?ar=2016`, [
    [`goals_${row.id}`, '9'], [`activity_${row.id}`, 'Ska inte sparas']]);
  assert.equal(wrongGoal.status, 400);
  assert.match(wrongGoal.text, new RegExp(`<a href="#f-goals_${row.id}">`));
  assert.match(wrongGoal.text, new RegExp(`id="f-activity_${row.id}"[^>]*>\\n?Ska inte sparas</textarea>`),
    'what was typed is kept');
  after = (await rowsOf(utveckling, 2016)).find((x) => x.id === row.id);
  assert.equal(after.activity, 'Rättad på sidan', 'nothing changed');
  assert.equal(after.goals, '1,3');

  // The cooperation plan's form: all its fields; a goal in use stays.
  const p = `/styrning/samverkansplaner/${coop.id}`;
  const fields = {
    title: 'Samverkansplan 2015–2017 (från sidan)', first_year: '2015', last_year: '2017',
    purpose: 'Syftet.\r\nÄndrat på sidan.', adopted_by: 'Socialnämnden', adopted_on: '2015-01-20',
    goals: '1. Rutiner\r\n2. Möten\r\n3. Kunskap\r\n4. Resurser\r\n5. Kompetens',
    strategies: '1. Samordna',
  };
  const ok = await form(p, Object.entries(fields));
  assert.equal(ok.status, 303, ok.text.slice(0, 300));
  assert.equal(ok.headers.get('location'), `${p}?klart=sparad`);
  const now = (await fritid.json('GET', `/api/v1/coop-plans/${coop.id}`)).body.coop_plan;
  assert.equal(now.title, fields.title);
  assert.equal(now.purpose, 'Syftet.\nÄndrat på sidan.');
  assert.equal(now.adopted_on, '2015-01-20');
  const used = await form(p, Object.entries({ ...fields, goals: '1. Rutiner\r\n2. Möten\r\n3. Kunskap' }));
  assert.equal(used.status, 409);
  assert.match(used.text, /<a href="#f-goals">Målen 4 och 5 används av aktiviteter/);
  assert.match(used.text,
    /<textarea id="f-goals" name="goals"[^>]*>\n?1\. Rutiner\r?\n2\. Möten\r?\n3\. Kunskap<\/textarea>/,
    'the form shows what was sent');
  const future = await form(p, Object.entries({ ...fields, adopted_on: '2999-01-01' }));
  assert.equal(future.status, 400);
  assert.match(future.text, /<a href="#f-adopted_on">/);
  const notEditor = await fritid.form(p, new URLSearchParams([['_csrf', fritid.csrf],
    ...Object.entries(fields)]));
  assert.equal(notEditor.status, 403);
  assert.equal((await fritid.json('GET', `/api/v1/coop-plans/${coop.id}`)).body.coop_plan.title,
    fields.title, 'unchanged');
});

test('test_each_field_of_the_row_forms_has_a_label_of_its_own', async () => {
  const page = await utveckling.get('/styrning/aktivitetsplaner/2016');
  assert.equal(page.status, 200);
  const table = page.text.slice(page.text.indexOf('<table class="plan">'),
    page.text.indexOf('</table>'));
  // What a screen reader says for each field: the label's text, the hidden part too.
  const labels = [...table.matchAll(/<label for="([^"]+)">(.*?)<\/label>/g)]
    .map(([, id, html]) => [id, html.replace(/<[^>]+>/g, '')]);
  const rows = (await rowsOf(utveckling, 2016)).length;
  assert.ok(rows >= 2, 'several rows, so several forms');
  assert.ok(labels.length >= rows * 8, `${labels.length} labels`);
  const seen = new Map();
  for (const [id, text] of labels) {
    assert.ok(!seen.has(text), `"${text}" labels both ${seen.get(text)} and ${id}`);
    seen.set(text, id);
  }
  assert.ok(seen.has('Status, rad 2'));
  assert.ok(seen.has('Mål (nummer, till exempel 1 eller 1,2,3), rad 1'));
});

// --- deleting a row: the API and the page ----------------------------------------------

/** A cooperation plan and an activity plan of their own for a year, with three goals. */
async function planOfYear(year, title) {
  const cp = await admin.json('POST', '/api/v1/coop-plans', {
    title, first_year: year, last_year: year, purpose: 'Rader att ta bort.',
    goals: '1. Ett\n2. Två\n3. Tre',
  });
  assert.equal(cp.status, 201, cp.text);
  const ap = await utveckling.json('POST', '/api/v1/activity-plans', { year });
  assert.equal(ap.status, 201, ap.text);
}

async function addRow(year, body) {
  const r = await utveckling.json('POST', `/api/v1/activity-plans/${year}/activities`, body);
  assert.equal(r.status, 201, r.text);
  return r.body.activity;
}

test('test_a_plan_editor_deletes_a_row_with_its_goals_and_functions_and_the_rest_move_up', async () => {
  const fn = await functionsByName();
  await planOfYear(2060, 'Plan 2060 (raderingstest)');
  const first = await addRow(2060, { goals: '1', activity: 'Första raden' });
  const middle = await addRow(2060, { goals: '2,3', activity: 'Raden som tas bort',
    responsible_function_ids: [fn.Rektor.id] });
  const last = await addRow(2060, { goals: '3', activity: 'Sista raden', status: 'done' });
  assert.deepEqual([first.position, middle.position, last.position], [1, 2, 3]);

  // Only plan editors: a reader and the log reviewer are refused, and nothing goes.
  assertError(await fritid.request('DELETE', `/api/v1/activities/${middle.id}`), 403, 'forbidden');
  assertError(await auditor.request('DELETE', `/api/v1/activities/${middle.id}`), 403, 'forbidden');
  assert.deepEqual((await rowsOf(fritid, 2060)).map((a) => a.id), [first.id, middle.id, last.id]);

  const gone = await utveckling.request('DELETE', `/api/v1/activities/${middle.id}`);
  assert.equal(gone.status, 204, gone.text);
  assert.equal(gone.text, '');
  const rows = await rowsOf(fritid, 2060);
  assert.deepEqual(rows.map((a) => [a.id, a.position]), [[first.id, 1], [last.id, 2]],
    'the rows after it move up');
  // Its goals and functions went with it: no goal 2 nor Rektor in the plan's filters or in
  // the yearly report.
  assert.deepEqual(await rowsOf(fritid, 2060, '?goal=2'), []);
  assert.deepEqual((await rowsOf(fritid, 2060, '?goal=3')).map((a) => a.id), [last.id]);
  assert.deepEqual(await rowsOf(fritid, 2060, `?responsible_function=${fn.Rektor.id}`), []);
  const yearly = await fritid.json('GET', '/api/v1/yearly-report/2060');
  assert.equal(yearly.status, 200, yearly.text);
  const report = yearly.body.yearly_report;
  assert.equal(report.activities_total, 2);
  const byGoal = Object.fromEntries(report.goals.map((g) => [g.number,
    g.activities.map((a) => a.id)]));
  assert.deepEqual(byGoal, { 1: [first.id], 2: [], 3: [last.id] });

  // Gone is gone: 404 the second time, and for an id that never was.
  assertError(await utveckling.request('DELETE', `/api/v1/activities/${middle.id}`), 404, 'not_found');
  assertError(await utveckling.request('DELETE', '/api/v1/activities/99999999'), 404, 'not_found');
  assertError(await utveckling.json('PATCH', `/api/v1/activities/${middle.id}`, { status: 'done' }),
    404, 'not_found');

  // The access log keeps that it happened, and the refusals.
  const mine = await auditor.json('GET', `/api/v1/audit?user_id=${utveckling.user.id}&limit=200`);
  assert.equal(mine.body.entries.filter((e) => e.action === 'delete' &&
    e.record_type === 'activity' && e.record_id === middle.id && e.outcome === 'ok').length, 1);
  for (const who of [fritid, auditor]) {
    const log = await auditor.json('GET', `/api/v1/audit?user_id=${who.user.id}&limit=200`);
    assert.ok(log.body.entries.some((e) => e.outcome === 'denied' &&
      e.record_type === 'activity' && e.record_id === middle.id), `${who.user.name}: denied`);
  }
});

test('test_the_page_deletes_a_row_only_when_its_box_is_ticked', async () => {
  await planOfYear(2061, 'Plan 2061 (raderingstest)');
  const keep = await addRow(2061, { goals: '1', activity: 'Raden som blir kvar' });
  const row = await addRow(2061, { goals: '2', activity: 'Raden som tas bort på sidan' });
  const page = await utveckling.get('/styrning/aktivitetsplaner/2061');
  assert.match(page.text, new RegExp(`<form method="post" action="/styrning/aktiviteter/${row.id}` +
    '/ta-bort\\?ar=2061" class="row-form row-delete">'));
  assert.match(page.text, new RegExp(`<label for="f-delete_${row.id}">Ja, ta bort raden`));
  assert.match(page.text, /Ta bort<span class="visually-hidden"> rad 2<\/span><\/button>/);
  assert.ok(!(await fritid.get('/styrning/aktivitetsplaner/2061')).text.includes('/ta-bort'),
    'a reader has no delete form');
  const post = (who, fields) => who.form(`/styrning/aktiviteter/${row.id}/ta-bort?ar=2061`,
    new URLSearchParams([['_csrf', who.csrf], ...fields]));

  // Without the box: 400, the reason beside the box in that row's open form, nothing gone.
  const unticked = await post(utveckling, []);
  assert.equal(unticked.status, 400, unticked.text.slice(0, 300));
  assert.match(unticked.text,
    new RegExp(`<a href="#f-delete_${row.id}">Kryssa i ”Ja, ta bort raden” om raden ska tas bort.</a>`));
  assert.match(unticked.text, new RegExp(`<p class="field-error" id="e-delete_${row.id}">`));
  assert.match(unticked.text, new RegExp(`id="f-delete_${row.id}"[^>]*aria-invalid="true"`));
  assert.equal((unticked.text.match(/<details open>/g) ?? []).length, 1, 'that row form is open');
  assert.deepEqual((await rowsOf(fritid, 2061)).map((a) => a.id), [keep.id, row.id]);

  // A reader is refused with the box ticked too.
  assert.equal((await post(fritid, [[`delete_${row.id}`, '1']])).status, 403);
  assert.deepEqual((await rowsOf(fritid, 2061)).map((a) => a.id), [keep.id, row.id]);

  const done = await post(utveckling, [[`delete_${row.id}`, '1']]);
  assert.equal(done.status, 303, done.text.slice(0, 300));
  assert.equal(done.headers.get('location'), '/styrning/aktivitetsplaner/2061?klart=rad-borttagen');
  const after = await utveckling.get(done.headers.get('location'));
  assert.match(after.text, /<p class="notice" role="status">Raden är borttagen.<\/p>/);
  assert.ok(!after.text.includes('Raden som tas bort på sidan'), 'the row is gone');
  assert.ok(after.text.includes('Raden som blir kvar'));
  assert.deepEqual((await rowsOf(fritid, 2061)).map((a) => a.id), [keep.id]);
});

test('test_a_deleted_rows_id_is_never_given_to_a_new_row', async () => {
  // The access log names the deleted row by its id: a new row must not take it over.
  await planOfYear(2062, 'Plan 2062 (raderingstest)');
  const row = await addRow(2062, { goals: '1', activity: 'Den senast tillagda raden' });
  assert.equal((await utveckling.request('DELETE', `/api/v1/activities/${row.id}`)).status, 204);
  const next = await addRow(2062, { goals: '1', activity: 'En ny rad' });
  assert.ok(next.id > row.id, `the new row has id ${next.id}, the deleted one had ${row.id}`);
  assert.equal(next.position, 1);
});
