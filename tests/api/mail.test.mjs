// Mail (utkorg): while `samsyn serve` runs, queued rows of mail_outbox are piped to
// mail_command (here a small script that appends what it gets to a file). A mail says
// only that there is something new to read in samsyn, never what. Contract:
// docs/OPERATIONS.md "Mail".

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { demoUsers, dropDatabase, sql, startServer } from '../lib/server.mjs';
import { login, sleep } from '../lib/api.mjs';

const FROM = 'samsyn@demoby.example';
const PUBLIC_URL = 'https://samsyn.demoby.example';
const END = '--samsyn-test-end-of-message--';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'samsyn-mail-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A fake sendmail: appends standard input and an end marker to the file in $1. */
function fakeSendmail(name) {
  const script = path.join(dir, `${name}.sh`);
  fs.writeFileSync(script, `#!/bin/sh\n{ cat; printf '%s\\n' '${END}'; } >> "$1"\n`, { mode: 0o755 });
  const mailbox = path.join(dir, `${name}.mbox`);
  return { command: `'${script}' '${mailbox}'`, mailbox };
}

/** The messages the fake sendmail got, each as it came on standard input. */
function messages(mailbox) {
  if (!fs.existsSync(mailbox)) return [];
  return fs.readFileSync(mailbox, 'utf8').split(`${END}\n`).filter((m) => m.length > 0);
}

/** The whole message samsyn writes to `to`: fixed text, nothing about the case. */
function expected(to, publicUrl) {
  const login = publicUrl
    ? `Logga in här för att läsa det:\n${publicUrl}\n`
    : 'Logga in i samsyn för att läsa det.\n';
  return `From: ${FROM}\nTo: ${to}\n` +
    'Subject: =?UTF-8?Q?Nytt_att_l=C3=A4sa_i_samsyn?=\n' +
    'MIME-Version: 1.0\nContent-Type: text/plain; charset=UTF-8\n' +
    'Content-Transfer-Encoding: 8bit\nAuto-Submitted: auto-generated\n\nHej!\n\n' +
    `Det finns något nytt för dig att läsa i samsyn. ${login}\n` +
    'Brevet skickades automatiskt. Svara inte på det.\n';
}

/** RFC 2047 "Q" decoding of one encoded word. */
function decodeWord(word) {
  const m = /^=\?UTF-8\?Q\?(.*)\?=$/.exec(word);
  assert.ok(m, `an encoded word: ${word}`);
  const bytes = [];
  for (let i = 0; i < m[1].length; i++) {
    const ch = m[1][i];
    if (ch === '_') bytes.push(0x20);
    else if (ch === '=') { bytes.push(parseInt(m[1].slice(i + 1, i + 3), 16)); i += 2; }
    else bytes.push(ch.charCodeAt(0));
  }
  return Buffer.from(bytes).toString('utf8');
}

function queue(dbUrl, userId) {
  sql(dbUrl, `INSERT INTO mail_outbox (user_id, kind, created_at) VALUES (${Number(userId)}, ` +
    `'feedback', '${new Date().toISOString()}')`);
  return Number(sql(dbUrl, `SELECT MAX(id) FROM mail_outbox WHERE user_id = ${Number(userId)}`));
}

function row(dbUrl, id) {
  const [sentAt, attempts, lastError] =
    sql(dbUrl, `SELECT sent_at, attempts, last_error FROM mail_outbox WHERE id = ${Number(id)}`).split('|');
  return { sentAt: sentAt || null, attempts: Number(attempts), lastError: lastError || null };
}

/** Polls until fn() is truthy; fails after ms. */
async function until(fn, ms, what) {
  const end = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v) return v;
    assert.ok(Date.now() < end, `${what} within ${ms} ms`);
    await sleep(200);
  }
}

test('a queued mail is piped to mail_command with the fixed text, and the row is marked sent', async () => {
  const box = fakeSendmail('ok');
  const server = await startServer({
    env: { SAMSYN_MAIL_COMMAND: box.command, SAMSYN_MAIL_FROM: FROM, SAMSYN_PUBLIC_URL: PUBLIC_URL },
  });
  try {
    const admin = await login(server.url, demoUsers.admin);
    const kurator = await login(server.url, demoUsers.kurator);
    // A user who has left gets no mail: the row is given up at once.
    const gone = await admin.json('POST', '/api/v1/users', {
      name: 'Slutat Testsson', email: 'slutat.testsson@demoby.example', role: 'staff',
      password: 'Slutat-lösenord-2026-xyz',
    });
    assert.equal(gone.status, 201, gone.text);
    const off = await admin.json('PATCH', `/api/v1/users/${gone.body.user.id}`, { active: false });
    assert.equal(off.status, 200, off.text);

    const mine = queue(server.dbUrl, kurator.user.id);
    const dropped = queue(server.dbUrl, gone.body.user.id);
    await until(() => row(server.dbUrl, mine).sentAt, 20_000, 'the mail is sent');
    await until(() => row(server.dbUrl, dropped).attempts === 5, 20_000, 'the inactive user\'s mail is given up');
    assert.equal(row(server.dbUrl, mine).attempts, 0);
    assert.equal(row(server.dbUrl, dropped).sentAt, null);
    assert.equal(row(server.dbUrl, dropped).lastError, 'Användaren är inaktiverad; inget skickades.');

    // Every row this server sent is one message in the mailbox, each with exactly the
    // fixed text and its user's address (the demo's own feedback mail counts as sent
    // already: `samsyn demo` marks it so).
    const sent = Number(sql(server.dbUrl,
      'SELECT COUNT(*) FROM mail_outbox WHERE sent_at IS NOT NULL AND sent_at <> created_at'));
    const got = messages(box.mailbox);
    assert.equal(got.length, sent);
    const toKurator = got.filter((m) => m.includes(`\nTo: ${demoUsers.kurator.email}\n`));
    assert.ok(toKurator.length >= 1, 'the kurator got the mail');
    assert.equal(toKurator[0], expected(demoUsers.kurator.email, PUBLIC_URL));
    for (const m of got) {
      const to = /\nTo: (\S+)\n/.exec(m)[1];
      assert.equal(m, expected(to, PUBLIC_URL));
      assert.equal(decodeWord(/\nSubject: (\S+)\n/.exec(m)[1]), 'Nytt att läsa i samsyn');
    }
    assert.ok(!got.some((m) => m.includes('slutat.testsson')), 'no mail to the inactive user');
    // The server's log names rows, never addresses.
    await server.waitForLog(`mail ${mine} handed to mail_command`);
    assert.deepEqual(server.logs().filter((l) => l.includes('@')), []);
  } finally {
    assert.equal(await server.stop(), 0);
  }
});

test('without public_url the text says to log in to samsyn', async () => {
  const box = fakeSendmail('nourl');
  const server = await startServer({ demo: true, env: { SAMSYN_MAIL_COMMAND: box.command, SAMSYN_MAIL_FROM: FROM } });
  try {
    const kurator = await login(server.url, demoUsers.kurator);
    const id = queue(server.dbUrl, kurator.user.id);
    await until(() => row(server.dbUrl, id).sentAt, 20_000, 'the mail is sent');
    const got = messages(box.mailbox).filter((m) => m.includes(`\nTo: ${demoUsers.kurator.email}\n`));
    assert.ok(got.length >= 1);
    assert.equal(got[got.length - 1], expected(demoUsers.kurator.email, ''));
  } finally {
    assert.equal(await server.stop(), 0);
  }
});

test('a failing command counts the attempt and keeps the mail queued; nothing personal is logged', async () => {
  const server = await startServer({ env: { SAMSYN_MAIL_COMMAND: 'cat >/dev/null; exit 3' } });
  try {
    const kurator = await login(server.url, demoUsers.kurator);
    const id = queue(server.dbUrl, kurator.user.id);
    const r = await until(() => { const x = row(server.dbUrl, id); return x.attempts >= 1 && x; },
      20_000, 'a first attempt');
    assert.equal(r.sentAt, null);
    assert.equal(r.lastError, 'Kommandot avslutades med status 3.');
    await server.waitForLog(`mail ${id} not sent: Kommandot avslutades med status 3.`);
    assert.deepEqual(server.logs().filter((l) => l.includes('@')), []);
  } finally {
    assert.equal(await server.stop(), 0);
  }
});

test('without mail_command mail stays queued and the log says so', async () => {
  const server = await startServer();
  try {
    const kurator = await login(server.url, demoUsers.kurator);
    const id = queue(server.dbUrl, kurator.user.id);
    await server.waitForLog('mail_command is not set: mail stays queued');
    await sleep(4000); // longer than the mailer's interval
    assert.deepEqual(row(server.dbUrl, id), { sentAt: null, attempts: 0, lastError: null });
  } finally {
    assert.equal(await server.stop(), 0);
  }
});

test('SIGTERM while the command runs: the server stops within seconds and the try is recorded', async () => {
  const started = path.join(dir, 'slow-started');
  const server = await startServer({
    env: { SAMSYN_MAIL_COMMAND: `touch '${started}'; sleep 60` },
  });
  let dbUrl;
  try {
    dbUrl = server.dbUrl;
    const kurator = await login(server.url, demoUsers.kurator);
    queue(dbUrl, kurator.user.id);
    await until(() => fs.existsSync(started), 20_000, 'the command starts');
  } catch (e) {
    await server.stop();
    throw e;
  }
  const t0 = Date.now();
  assert.equal(await server.stop({ keepDb: true }), 0);
  const took = Date.now() - t0;
  try {
    assert.ok(took < 9000, `stopped in ${took} ms`);
    const stuck = sql(dbUrl, 'SELECT COUNT(*) FROM mail_outbox WHERE attempts = 1 AND sent_at IS NULL ' +
      "AND last_error = 'Kommandot var inte klart inom 5 sekunder och avbröts.'");
    assert.equal(Number(stuck), 1, 'the interrupted try is counted');
  } finally {
    dropDatabase(dbUrl);
  }
});
