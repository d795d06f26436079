// Helpers shared by the API tests (tests/api) and the browser tests
// (tests/browser). Node built-ins only: node:test, global fetch.
//
//   import { startServer, Client, demoUsers } from '../lib/server.mjs';
//   const server = await startServer();          // demo data loaded
//   const c = new Client(server.url);
//   ...
//   assert.equal(await server.stop(), 0);        // clean exit, no leaks
//
// Two database back ends, chosen by SAMSYN_TEST_BACKEND. Every database a
// test uses is named by a URL that `samsyn --db` takes: a file path on
// SQLite, postgresql://samsyn@/NAME?host=DIR on PostgreSQL. A test that
// needs to look into or tamper with a database goes through the helpers
// below (newDatabase, dropDatabase, copyDatabase, sql, dropLogTriggers) and
// server.dbUrl, never through sqlite3, psql or a file path of its own.
//
// Environment:
//   SAMSYN_BIN           binary under test (default <repo>/build/samsyn)
//   SAMSYN_TEST_BACKEND  sqlite (default) or pg
//   SAMSYN_TEST_PG_DIR   with pg: the directory of a running cluster started by
//                        `tools/pg.sh start DIR` (its Unix socket is there);
//                        tools/test.sh starts one and sets this
//   SAMSYN_TEST_VERBOSE  when set, the server's stderr is copied to ours
//   SAMSYN_TEST_CACHE    a directory that lives as long as the test run (tools/test.sh
//                        sets it): the demo database is made there once per binary and
//                        copied for each server instead of loading the demo again

import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

/** Repository root: two levels up from tests/lib. */
export const repoRoot = path.resolve(here, '..', '..');

/** Path of the samsyn binary the tests run against. */
export const samsynBin = process.env.SAMSYN_BIN
  ? path.resolve(process.env.SAMSYN_BIN)
  : path.join(repoRoot, 'build', 'samsyn');

const verbose = Boolean(process.env.SAMSYN_TEST_VERBOSE);

/** The database back end the tests run against: 'sqlite' or 'pg'. */
export const backend = (() => {
  const b = (process.env.SAMSYN_TEST_BACKEND || 'sqlite').toLowerCase();
  if (b === 'sqlite') return 'sqlite';
  if (b === 'pg' || b === 'postgres' || b === 'postgresql') return 'pg';
  throw new Error(`SAMSYN_TEST_BACKEND=${b}: expected sqlite or pg`);
})();

/** Directory of the shared throwaway PostgreSQL cluster (pg back end only). */
export const pgDir = process.env.SAMSYN_TEST_PG_DIR
  ? path.resolve(process.env.SAMSYN_TEST_PG_DIR) : undefined;

/** tools/pg.sh: start, stop, restart a throwaway cluster (see that file). */
export const pgScript = path.join(repoRoot, 'tools', 'pg.sh');

const START_TIMEOUT_MS = 15_000;
const STOP_TIMEOUT_MS = 10_000;
const CLI_TIMEOUT_MS = 120_000;

// The demo logins (README.md, src/domain/demo.c): the only place the tests take them from.
export const demoUsers = Object.freeze({
  admin: Object.freeze({ email: 'admin@demoby.example', password: 'demo-admin-2026' }),
  auditor: Object.freeze({ email: 'granskare@demoby.example', password: 'demo-granskare-2026' }),
  social: Object.freeze({ email: 'socialsekreterare@demoby.example', password: 'demo-social-2026' }),
  kurator: Object.freeze({ email: 'kurator@demoby.example', password: 'demo-kurator-2026' }),
});

// Servers still running; killed if the test process exits (or is
// interrupted) without stop().
const live = new Set();
const exitHooks = new Set();

/**
 * Run fn (synchronously) when the test process exits or is interrupted
 * before it was undone, after the servers are killed: for things a test
 * file starts itself, such as a cluster of its own. Returns the undo.
 */
export function atExit(fn) {
  exitHooks.add(fn);
  return () => exitHooks.delete(fn);
}

function killLive() {
  for (const s of live) {
    try { s.child.kill('SIGKILL'); } catch { /* already gone */ }
  }
  live.clear();
  for (const fn of [...exitHooks]) {
    exitHooks.delete(fn);
    try { fn(); } catch { /* best effort */ }
  }
  // Databases nobody dropped (a test that failed half way, say).
  for (const url of [...databases.keys()]) {
    try { dropDatabase(url); } catch { /* the cluster may be gone already */ }
  }
}
process.on('exit', killLive);
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.once(sig, function onSignal() {
    killLive();
    // Then die of the same signal, as if we had not caught it.
    process.kill(process.pid, sig);
  });
}

function runSync(args, { input, env } = {}) {
  const r = spawnSync(samsynBin, args, {
    input,
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: CLI_TIMEOUT_MS,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.error) {
    const e = new Error(`cannot run ${samsynBin} ${args.join(' ')}: ${r.error.message}`);
    e.cause = r.error;
    throw e;
  }
  return r;
}

/**
 * Run the samsyn CLI synchronously.
 * @param {string[]} args
 * @param {{input?: string|Buffer, env?: object}} [opts]
 * @returns {{status: number|null, signal: string|null, stdout: string, stderr: string}}
 */
export function runCli(args, { input, env } = {}) {
  const r = runSync(args, { input, env });
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

// ---------------------------------------------------------------------------
// Databases on either back end.

const isPgUrl = (url) => /^postgres(ql)?:\/\//.test(String(url));

/** Databases made by newDatabase()/copyDatabase() and not dropped yet: url -> how to drop it. */
const databases = new Map();
let dbSeq = 0;

function pgBaseUrl(dbName) {
  if (!pgDir) {
    throw new Error('SAMSYN_TEST_BACKEND=pg needs SAMSYN_TEST_PG_DIR, the directory of a cluster ' +
      'started with `tools/pg.sh start DIR` (tools/test.sh starts one and sets both)');
  }
  return `postgresql://samsyn@/${dbName}?host=${pgDir}`;
}

// postgresql://user@/NAME?host=DIR has an empty host, which WHATWG URL rejects:
// take it apart by hand.
const PG_URL = /^(postgres(?:ql)?:\/\/[^/?]*\/?)([^?]*)(\?.*)?$/;

/** The database name in a PostgreSQL URL. */
function pgName(url) {
  return decodeURIComponent(PG_URL.exec(url)[2]);
}

/** The same server as url, database `postgres` (to create and drop others from). */
function pgAdminUrl(url) {
  const m = PG_URL.exec(url);
  return `${m[1].replace(/\/?$/, '/')}postgres${m[3] ?? ''}`;
}

const quoteIdent = (name) => `"${String(name).replace(/"/g, '""')}"`;

/**
 * Run SQL against a database and return its output, trimmed: rows one a line,
 * columns separated by "|" (the sqlite3 CLI's default and psql -A). Throws
 * when the statement fails. The URL decides the tool: psql for a PostgreSQL
 * URL, otherwise the sqlite3 CLI (so its dot commands work there too).
 * @param {string} url a database URL or SQLite file path
 * @param {string} statement one or more statements
 */
export function sql(url, statement) {
  const pg = isPgUrl(url);
  const [cmd, args] = pg
    ? ['psql', ['-X', '-A', '-t', '-q', '-v', 'ON_ERROR_STOP=1', '-d', String(url), '-c', statement]]
    : ['sqlite3', ['-batch', '-bail', '-cmd', '.timeout 5000', String(url), statement]];
  const r = spawnSync(cmd, args, {
    encoding: 'utf8', timeout: CLI_TIMEOUT_MS, env: { ...process.env, PGCONNECT_TIMEOUT: '10' },
  });
  if (r.error) throw new Error(`cannot run ${cmd}: ${r.error.message}`);
  // sqlite3 exits 0 after some errors in a dot command; its stderr says so.
  if (r.status !== 0 || (!pg && /^(Error|Parse error|Runtime error)\b/m.test(r.stderr))) {
    throw new Error(`${cmd} ${url}: ${statement}\nexit ${r.status ?? r.signal}: ${r.stderr.trim()}`);
  }
  return r.stdout.trim();
}

/**
 * A fresh, empty database on the current back end, not yet migrated; returns
 * its URL. SQLite: a path in a new temp dir (the file does not exist yet).
 * PostgreSQL: a new uniquely named database in the shared cluster.
 * Drop it with dropDatabase(url) (startServer's stop() drops the one it made).
 */
export function newDatabase() {
  dbSeq += 1;
  if (backend === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'samsyn-test-'));
    const url = path.join(dir, 'samsyn.db');
    databases.set(url, () => fs.rmSync(dir, { recursive: true, force: true }));
    return url;
  }
  const name = `samsyn_t${process.pid}_${dbSeq}_${Math.random().toString(36).slice(2, 8)}`;
  const url = pgBaseUrl(name);
  sql(pgAdminUrl(url), `CREATE DATABASE ${quoteIdent(name)}`);
  databases.set(url, () => {
    sql(pgAdminUrl(url), `DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
  });
  return url;
}

/**
 * Remove a database: one made here (with its temp dir), or any other by URL
 * (PostgreSQL: DROP DATABASE ... WITH (FORCE); SQLite: the file and its
 * -wal/-shm/-journal companions).
 */
export function dropDatabase(url) {
  const drop = databases.get(url);
  if (drop) {
    databases.delete(url);
    drop();
  } else if (isPgUrl(url)) {
    sql(pgAdminUrl(url), `DROP DATABASE IF EXISTS ${quoteIdent(pgName(url))} WITH (FORCE)`);
  } else {
    for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(`${url}${suffix}`, { force: true });
  }
}

/**
 * A consistent copy of a database, live or not, as a new database on the same
 * back end; returns its URL (drop it with dropDatabase). SQLite: the online
 * backup of the sqlite3 CLI; PostgreSQL: pg_dump into a new database.
 */
export function copyDatabase(url) {
  const dst = newDatabase();
  try {
    if (!isPgUrl(url)) {
      sql(url, `.backup '${dst.replace(/'/g, "''")}'`);
    } else {
      const dump = spawnSync('pg_dump', ['--no-owner', '--no-privileges', '-d', String(url)], {
        encoding: 'utf8', timeout: CLI_TIMEOUT_MS, maxBuffer: 256 * 1024 * 1024,
      });
      if (dump.error || dump.status !== 0) {
        throw new Error(`pg_dump ${url}: ${dump.error?.message ?? dump.stderr.trim()}`);
      }
      const load = spawnSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', dst], {
        input: dump.stdout, encoding: 'utf8', timeout: CLI_TIMEOUT_MS,
      });
      if (load.error || load.status !== 0) {
        throw new Error(`psql ${dst} < dump of ${url}: ${load.error?.message ?? load.stderr.trim()}`);
      }
    }
  } catch (e) {
    dropDatabase(dst);
    throw e;
  }
  return dst;
}

/**
 * Drop the append-only triggers of access_log (what someone with direct
 * access to the database would do before editing the log); returns their
 * names.
 */
export function dropLogTriggers(url) {
  if (isPgUrl(url)) {
    const names = sql(url, "SELECT tgname FROM pg_trigger WHERE tgrelid = 'access_log'::regclass " +
      'AND NOT tgisinternal ORDER BY tgname').split('\n').filter(Boolean);
    if (names.length) sql(url, names.map((t) => `DROP TRIGGER ${quoteIdent(t)} ON access_log;`).join(' '));
    return names;
  }
  const names = sql(url, "SELECT name FROM sqlite_master WHERE type = 'trigger' " +
    "AND tbl_name = 'access_log' ORDER BY name").split('\n').filter(Boolean);
  if (names.length) sql(url, names.map((t) => `DROP TRIGGER ${quoteIdent(t)};`).join(' '));
  return names;
}

function exitCodeOf(code, signal) {
  if (code !== null) return code;
  // Killed by a signal: report it the way a shell would (128 + number).
  const n = os.constants.signals[signal];
  return n ? 128 + n : -1;
}

/** Split a stream into lines, calling onLine for each complete line. */
function lineReader(stream, onLine) {
  let buf = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk) => {
    buf += chunk;
    let i;
    while ((i = buf.indexOf('\n')) >= 0) {
      onLine(buf.slice(0, i).replace(/\r$/, ''));
      buf = buf.slice(i + 1);
    }
  });
  stream.on('end', () => {
    if (buf.length) onLine(buf);
    buf = '';
  });
}

const cacheDir = process.env.SAMSYN_TEST_CACHE ? path.resolve(process.env.SAMSYN_TEST_CACHE) : undefined;

/**
 * A fresh database holding the demo municipality, as `samsyn demo` makes it. With
 * SAMSYN_TEST_CACHE the demo is loaded once per binary (its path, size and time) and back
 * end, and each call copies it: a file copy on SQLite, CREATE DATABASE ... TEMPLATE on
 * PostgreSQL. Returns the new database's URL, or undefined without a cache.
 */
function demoFromTemplate() {
  if (!cacheDir) return undefined;
  const st = fs.statSync(samsynBin);
  const key = crypto.createHash('sha1')
    .update(`${samsynBin}\0${st.size}\0${st.mtimeMs}\0${backend}\0${pgDir ?? ''}`)
    .digest('hex').slice(0, 12);
  fs.mkdirSync(cacheDir, { recursive: true });
  const marker = path.join(cacheDir, `demo-${key}.ready`);
  if (backend === 'sqlite') {
    const file = path.join(cacheDir, `demo-${key}.db`);
    if (!fs.existsSync(marker)) {
      const tmp = `${file}.${process.pid}.tmp`;
      const r = runSync(['demo', '--db', tmp]);
      if (r.status !== 0) throw new Error(`samsyn demo failed (status ${r.status}):\n${r.stderr}`);
      // A consistent single file, whatever the journal mode left beside it.
      sql(tmp, `.backup '${file.replace(/'/g, "''")}'`);
      for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(`${tmp}${suffix}`, { force: true });
      fs.writeFileSync(marker, '');
    }
    const url = newDatabase();
    fs.copyFileSync(file, url);
    return url;
  }
  const tmpl = `samsyn_demo_${key}`;
  const tmplUrl = pgBaseUrl(tmpl);
  if (!fs.existsSync(marker)) {
    sql(pgAdminUrl(tmplUrl), `DROP DATABASE IF EXISTS ${quoteIdent(tmpl)} WITH (FORCE)`);
    sql(pgAdminUrl(tmplUrl), `CREATE DATABASE ${quoteIdent(tmpl)}`);
    const r = runSync(['demo', '--db', tmplUrl]);
    if (r.status !== 0) throw new Error(`samsyn demo failed (status ${r.status}):\n${r.stderr}`);
    fs.writeFileSync(marker, '');
  }
  dbSeq += 1;
  const name = `samsyn_t${process.pid}_${dbSeq}_${Math.random().toString(36).slice(2, 8)}`;
  const url = pgBaseUrl(name);
  sql(pgAdminUrl(url), `CREATE DATABASE ${quoteIdent(name)} TEMPLATE ${quoteIdent(tmpl)}`);
  databases.set(url, () => {
    sql(pgAdminUrl(url), `DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
  });
  return url;
}

/**
 * Start `samsyn serve` on a free loopback port, on a fresh database of the
 * current back end (SAMSYN_TEST_BACKEND) or on an existing one.
 * @param {{demo?: boolean, env?: object, args?: string[], dbUrl?: string,
 *   freshDemo?: boolean}} [opts]
 *   demo: load the demo data (default) instead of an empty migrated db;
 *   env: extra environment for the server; args: extra serve arguments;
 *   dbUrl: serve this existing database as it is (no demo or migrate run
 *   first) and leave it in place at stop();
 *   freshDemo: run `samsyn demo` under env instead of copying the run's demo
 *   template (SAMSYN_TEST_CACHE).
 */
export async function startServer({
  demo = true, env = {}, args = [], dbUrl, freshDemo = false,
} = {}) {
  const owned = dbUrl === undefined;
  // The demo comes from the run's template: env holds server settings, which the demo's
  // data does not depend on; freshDemo loads it anew under env.
  if (owned && demo && !freshDemo) dbUrl = demoFromTemplate();
  if (owned && dbUrl === undefined) {
    dbUrl = newDatabase();
    try {
      const setup = demo ? ['demo', '--db', dbUrl] : ['migrate', '--db', dbUrl];
      const r = runSync(setup, { env });
      if (r.status !== 0) {
        throw new Error(
          `samsyn ${setup[0]} failed (status ${r.status}, signal ${r.signal}):\n${r.stderr}`);
      }
    } catch (e) {
      dropDatabase(dbUrl);
      throw e;
    }
  }
  // Drops the database this call made, unless asked to keep it.
  const cleanup = (keepDb = false) => { if (owned && !keepDb) dropDatabase(dbUrl); };

  const child = spawn(
    samsynBin,
    ['serve', '--db', dbUrl, '--listen', '127.0.0.1:0', ...args],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } },
  );
  const entry = { child };
  live.add(entry);
  // Do not let a forgotten server keep the test process alive: once the
  // tests are done the process exits and the 'exit' hook above kills it.
  child.unref();
  child.stdout.unref();
  child.stderr.unref();

  const stderrLines = [];
  const stdoutLines = [];
  const lineWaiters = new Set();
  lineReader(child.stderr, (line) => {
    stderrLines.push(line);
    if (verbose) process.stderr.write(`[samsyn] ${line}\n`);
    for (const w of lineWaiters) w(line);
  });
  lineReader(child.stdout, (line) => {
    stdoutLines.push(line);
    if (verbose) process.stderr.write(`[samsyn stdout] ${line}\n`);
  });

  let exitCode;
  const exited = new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      exitCode = exitCodeOf(code, signal);
      resolve(exitCode);
    });
  });
  // Resolves true once the child has exited, false after ms. The timer is
  // a referenced handle, so it keeps the event loop alive while we wait
  // (the child itself is unref'd below).
  const waitForExit = (ms) => {
    let timer;
    return Promise.race([
      exited.then(() => true),
      new Promise((resolve) => { timer = setTimeout(() => resolve(false), ms); }),
    ]).finally(() => clearTimeout(timer));
  };
  const spawnError = new Promise((_, reject) => {
    child.on('error', (err) => reject(new Error(`cannot start ${samsynBin}: ${err.message}`)));
  });
  spawnError.catch(() => {}); // handled through Promise.race below

  let port;
  let startTimer;
  try {
    port = await Promise.race([
      new Promise((resolve) => {
        const re = /listening on http:\/\/127\.0\.0\.1:(\d+)/;
        const check = (line) => {
          const m = re.exec(line);
          if (m) { lineWaiters.delete(check); resolve(Number(m[1])); }
        };
        for (const l of stderrLines) check(l);
        lineWaiters.add(check);
      }),
      exited.then((code) => {
        throw new Error(`samsyn serve exited (${code}) before listening:\n${stderrLines.join('\n')}`);
      }),
      spawnError,
      new Promise((_, reject) => {
        startTimer = setTimeout(() => reject(new Error(
          `samsyn serve did not report "listening on" within ${START_TIMEOUT_MS} ms:\n` +
          stderrLines.join('\n'))), START_TIMEOUT_MS);
      }),
    ]);
  } catch (e) {
    if (exitCode === undefined) {
      child.kill('SIGKILL');
      await waitForExit(STOP_TIMEOUT_MS);
    }
    live.delete(entry);
    cleanup();
    throw e;
  } finally {
    clearTimeout(startTimer);
  }

  let stopping = null;
  const stop = ({ keepDb = false } = {}) => {
    if (stopping) return stopping;
    stopping = (async () => {
      if (exitCode === undefined) {
        child.kill('SIGTERM');
        if (!(await waitForExit(STOP_TIMEOUT_MS))) {
          stderrLines.push(`[test harness] no exit ${STOP_TIMEOUT_MS} ms after SIGTERM; sent SIGKILL`);
          child.kill('SIGKILL');
          await waitForExit(STOP_TIMEOUT_MS);
        }
      }
      const code = exitCode ?? -1;
      live.delete(entry);
      cleanup(keepDb);
      // A sanitizer report (a leak found at exit, say) fails the test that stops it.
      const report = stderrLines.findIndex((l) =>
        /ERROR: (Address|Leak)Sanitizer|runtime error:|SUMMARY: UndefinedBehaviorSanitizer/.test(l));
      if (report >= 0) {
        throw new Error(`samsyn serve reported a sanitizer error (exit ${code}):\n` +
          stderrLines.slice(report, report + 40).join('\n'));
      }
      return code;
    })();
    return stopping;
  };

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    /** The database it serves: --db as given (a file path on SQLite). */
    dbUrl,
    pid: child.pid,
    /** Copy of every stderr line so far. */
    logs: () => stderrLines.slice(),
    /**
     * Resolve with the first stderr line (already seen or still to come)
     * matching pattern (RegExp or substring); reject after timeoutMs.
     * Log lines may arrive a moment after the HTTP response they belong to,
     * so assert on logs through this rather than logs() right away.
     */
    waitForLog: (pattern, timeoutMs = 5000) => new Promise((resolve, reject) => {
      const match = typeof pattern === 'string'
        ? (l) => l.includes(pattern)
        : (l) => { pattern.lastIndex = 0; return pattern.test(l); };
      const seen = stderrLines.find(match);
      if (seen !== undefined) { resolve(seen); return; }
      const timer = setTimeout(() => {
        lineWaiters.delete(check);
        reject(new Error(`no log line matching ${pattern} within ${timeoutMs} ms:\n` +
          stderrLines.join('\n')));
      }, timeoutMs);
      function check(line) {
        if (match(line)) { clearTimeout(timer); lineWaiters.delete(check); resolve(line); }
      }
      lineWaiters.add(check);
    }),
    /** Copy of every stdout line so far. */
    stdout: () => stdoutLines.slice(),
    /** Exit code once the process has exited, else undefined. */
    exitCode: () => exitCode,
    /**
     * SIGTERM, wait (10 s, then SIGKILL), then drop the database startServer
     * made (not one passed as dbUrl) unless stop({keepDb: true}); resolves
     * with the exit code.
     */
    stop,
  };
}

// ---------------------------------------------------------------------------
// HTTP client with its own cookie jar.

/**
 * Split a folded Set-Cookie header (older runtimes join several with ", ")
 * without breaking "Expires=Wed, 21 Oct 2026 ..." dates.
 */
function splitSetCookie(headers) {
  if (typeof headers.getSetCookie === 'function') return headers.getSetCookie();
  const joined = headers.get('set-cookie');
  if (!joined) return [];
  return joined.split(/,(?=\s*[^;,=\s]+=)/).map((s) => s.trim());
}

function parseSetCookie(line) {
  const parts = line.split(';');
  const first = parts.shift();
  const eq = first.indexOf('=');
  if (eq <= 0) return null;
  const cookie = {
    name: first.slice(0, eq).trim(),
    value: first.slice(eq + 1).trim(),
    attrs: {},
    expired: false,
  };
  for (const p of parts) {
    const i = p.indexOf('=');
    const k = (i < 0 ? p : p.slice(0, i)).trim().toLowerCase();
    const v = i < 0 ? '' : p.slice(i + 1).trim();
    cookie.attrs[k] = v === '' && i < 0 ? true : v;
  }
  // Max-Age wins over Expires (RFC 6265 5.3 step 3).
  if ('max-age' in cookie.attrs) {
    const n = Number(cookie.attrs['max-age']);
    if (Number.isFinite(n) && n <= 0) cookie.expired = true;
  } else if ('expires' in cookie.attrs) {
    const t = Date.parse(cookie.attrs.expires);
    if (Number.isFinite(t) && t <= Date.now()) cookie.expired = true;
  }
  return cookie;
}

function toFormBody(fields) {
  if (fields instanceof URLSearchParams) return fields;
  const p = new URLSearchParams();
  const entries = Array.isArray(fields) ? fields : Object.entries(fields ?? {});
  for (const [k, v] of entries) {
    if (v === undefined || v === null) continue;
    if (Array.isArray(v)) for (const x of v) p.append(k, String(x));
    else p.append(k, String(v));
  }
  return p;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Minimal HTTP client for the API tests. Never follows redirects; keeps
 * cookies itself (one host, so Domain/Path are ignored, and Secure cookies
 * such as __Host-samsyn are kept and sent over plain http too).
 *
 * All request methods resolve with
 *   { status, headers, text, body, bytes }
 * where body is the parsed JSON (or null when the response is not JSON).
 *
 * `client.csrf`: when set, X-CSRF-Token is sent on every non-GET request
 * made through json/get/post/patch/del (opts.csrf === false turns it off for
 * one call). form() behaves like a browser form and does not send the
 * header unless opts.csrf === true; put the token into the fields instead.
 */
export class Client {
  constructor(baseUrl) {
    this.baseUrl = String(baseUrl).replace(/\/+$/, '');
    this.jar = new Map();
    this.csrf = null;
  }

  /** Value of a cookie, or undefined. */
  cookie(name) {
    return this.jar.get(name);
  }

  /** The session cookie, whichever name the server uses. */
  sessionCookie() {
    return this.jar.get('__Host-samsyn') ?? this.jar.get('samsyn');
  }

  setCookie(name, value) {
    this.jar.set(name, String(value));
  }

  clearCookies() {
    this.jar.clear();
  }

  cookieHeader() {
    return [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  storeCookies(headers) {
    for (const line of splitSetCookie(headers)) {
      const c = parseSetCookie(line);
      if (!c) continue;
      if (c.expired) this.jar.delete(c.name);
      else this.jar.set(c.name, c.value);
    }
  }

  url(p) {
    if (/^https?:\/\//.test(p)) return p;
    return this.baseUrl + (p.startsWith('/') ? p : `/${p}`);
  }

  /**
   * Low-level request.
   * @param {string} method
   * @param {string} p path (or absolute URL)
   * @param {{headers?: object, body?: any, csrf?: boolean}} [opts]
   */
  async request(method, p, { headers = {}, body, csrf } = {}) {
    method = method.toUpperCase();
    const h = new Headers(headers);
    const cookies = this.cookieHeader();
    if (cookies && !h.has('cookie')) h.set('cookie', cookies);
    const sendCsrf = csrf ?? true;
    if (sendCsrf && this.csrf && !SAFE_METHODS.has(method) && !h.has('x-csrf-token')) {
      h.set('x-csrf-token', this.csrf);
    }
    const res = await fetch(this.url(p), { method, headers: h, body, redirect: 'manual' });
    this.storeCookies(res.headers);
    const bytes = Buffer.from(await res.arrayBuffer());
    const text = bytes.toString('utf8');
    let parsed = null;
    if (/\bjson\b/i.test(res.headers.get('content-type') ?? '') && text.length) {
      try { parsed = JSON.parse(text); } catch { parsed = null; }
    }
    return { status: res.status, headers: res.headers, text, body: parsed, bytes };
  }

  get(p, opts = {}) {
    return this.request('GET', p, opts);
  }

  post(p, body, opts = {}) {
    return this.request('POST', p, { ...opts, body });
  }

  patch(p, body, opts = {}) {
    return this.request('PATCH', p, { ...opts, body });
  }

  del(p, opts = {}) {
    return this.request('DELETE', p, opts);
  }

  /**
   * Send obj as JSON (no body when obj is undefined) and parse the answer.
   * @returns {Promise<{status:number, headers:Headers, body:any, text:string}>}
   */
  async json(method, p, obj, { headers = {}, csrf } = {}) {
    const h = new Headers(headers);
    if (!h.has('accept')) h.set('accept', 'application/json');
    let body;
    if (obj !== undefined) {
      body = JSON.stringify(obj);
      if (!h.has('content-type')) h.set('content-type', 'application/json');
    }
    const r = await this.request(method, p, { headers: h, body, csrf });
    let parsed = r.body;
    if (parsed === null && r.text.length) {
      try { parsed = JSON.parse(r.text); } catch { parsed = null; }
    }
    return { status: r.status, headers: r.headers, body: parsed, text: r.text };
  }

  /**
   * POST application/x-www-form-urlencoded. fields: object (array values
   * repeat the key), array of [key, value] pairs, or URLSearchParams.
   * @returns {Promise<{status:number, headers:Headers, text:string}>}
   */
  async form(p, fields, { headers = {}, csrf = false } = {}) {
    const h = new Headers(headers);
    h.set('content-type', 'application/x-www-form-urlencoded');
    const r = await this.request('POST', p, {
      headers: h, body: toFormBody(fields).toString(), csrf,
    });
    return { status: r.status, headers: r.headers, text: r.text };
  }
}

/**
 * GET /healthz of a server over a connection of its own (no keep-alive pool, so a
 * connection the server closed after refusing a body is never reused); resolves the
 * status code.
 */
export function healthStatus(baseUrl) {
  return new Promise((resolve, reject) => {
    const req = http.get(`${baseUrl}/healthz`, { agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
    });
    req.on('error', reject);
    req.setTimeout(10_000, () => req.destroy(new Error('GET /healthz timed out')));
  });
}
