// PostgreSQL going away and coming back under load: while the database is
// down every request gets 503 with error code "unavailable" (and /healthz
// 503), none crashes or hangs the server; once it is back requests succeed
// again without restarting samsyn, which still stops cleanly.
//
// PostgreSQL only. It stops and starts a throwaway cluster of its own
// (tools/pg.sh in a temp dir), so the shared one the other tests use is left
// alone.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { atExit, backend, demoUsers, pgScript, runCli, sql, startServer } from '../lib/server.mjs';
import { login, sleep } from '../lib/api.mjs';

const run = promisify(execFile);

const LOOPS = 4;                 // concurrent request loops
const REQUEST_TIMEOUT_MS = 3000; // a request that takes longer counts as a hang
const PHASE_TIMEOUT_MS = 8000;   // most one phase may wait for what it expects
const TEST_BUDGET_MS = 30_000;   // the whole test, cluster start included

let base;   // temp dir; the cluster is in base/pg
let server;

/** tools/pg.sh CMD base/pg, without blocking the request loops. */
async function pg(cmd) {
  try {
    const { stdout } = await run(pgScript, [cmd, path.join(base, 'pg')], { timeout: 60_000 });
    return stdout.trim();
  } catch (e) {
    throw new Error(`tools/pg.sh ${cmd}: ${e.message}\n${e.stderr ?? ''}`);
  }
}

let undoExitHook = () => {};

async function cleanup() {
  if (server) { await server.stop(); server = undefined; }
  undoExitHook();
  if (base) {
    if (fs.existsSync(path.join(base, 'pg', 'data', 'postmaster.pid'))) {
      await pg('stop').catch(() => {});
    }
    fs.rmSync(base, { recursive: true, force: true });
    base = undefined;
  }
}
after(cleanup);

/** One GET with a time limit: { status, code } or { error } (timeout, reset, refused). */
async function probe(url, headers) {
  const t0 = Date.now();
  try {
    const res = await fetch(url, { headers, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    const text = await res.text();
    let code;
    try { code = JSON.parse(text)?.error?.code; } catch { code = undefined; }
    return { status: res.status, code, text: text.slice(0, 200), ms: Date.now() - t0 };
  } catch (e) {
    return { error: `${e.name}: ${e.message}${e.cause ? ` (${e.cause.code ?? e.cause.message})` : ''}`, ms: Date.now() - t0 };
  }
}

const skip = backend !== 'pg' && 'PostgreSQL only: it stops and restarts the database under samsyn';

test('stopping PostgreSQL under load gives 503 unavailable, and requests succeed again once it is back, without restarting samsyn',
  { skip, timeout: 60_000 }, async (t) => {
    const started = Date.now();
    // As root the cluster runs as `nobody`, who must reach it; keep the socket path short.
    base = fs.mkdtempSync('/tmp/samsyn-pgrestart-');
    fs.chmodSync(base, 0o755);
    // Interrupted half way (Ctrl-C, a suite timeout): still stop the cluster and remove it.
    const dir = base;
    undoExitHook = atExit(() => {
      if (fs.existsSync(path.join(dir, 'pg', 'data', 'postmaster.pid'))) {
        spawnSync(pgScript, ['stop', path.join(dir, 'pg')], { stdio: 'ignore', timeout: 40_000 });
      }
      fs.rmSync(dir, { recursive: true, force: true });
    });
    const clusterUrl = await pg('start');
    sql(clusterUrl, 'CREATE DATABASE samsyn');
    const dbUrl = clusterUrl.replace('/postgres?', '/samsyn?');
    const demo = runCli(['demo', '--db', dbUrl]);
    assert.equal(demo.status, 0, demo.stderr);
    server = await startServer({ dbUrl });
    const pid = server.pid;

    // A bearer token for the load: every request authenticates against the database.
    const admin = await login(server.url, demoUsers.admin);
    const tok = await admin.json('POST', `/api/v1/users/${admin.user.id}/tokens`, { name: 'Last' });
    assert.equal(tok.status, 201, tok.text);
    const headers = { authorization: `Bearer ${tok.body.secret}`, accept: 'application/json' };
    const target = `${server.url}/api/v1/users/3`;

    // The load: LOOPS loops, each one request at a time, until told to stop.
    // Each result carries the phase its request was sent in, and when it started and ended.
    const results = []; // { phase, status, code, text, error, ms, start, end }
    let phase = 'up';
    let running = true;
    const loops = Array.from({ length: LOOPS }, async () => {
      while (running) {
        const sentIn = phase;
        const start = Date.now();
        const r = await probe(target, headers);
        results.push({ phase: sentIn, ...r, start, end: Date.now() });
        if (r.error) await sleep(20); // do not spin on a refused connection
      }
    });
    const count = (pred) => results.filter(pred).length;
    const waitFor = async (what, pred) => {
      const deadline = Date.now() + PHASE_TIMEOUT_MS;
      while (!pred()) {
        if (Date.now() > deadline) {
          throw new Error(`${what}: not within ${PHASE_TIMEOUT_MS} ms; last responses: ` +
            JSON.stringify(results.slice(-8)) + `\nserver log:\n${server.logs().slice(-30).join('\n')}`);
        }
        await sleep(25);
      }
    };

    let healthDown;
    let healthUp;
    try {
      // Up: the load gets 200s.
      await waitFor('200s before the stop', () => count((r) => r.phase === 'up' && r.status === 200) >= 20);

      // Down: stop the cluster in the middle of the load.
      phase = 'stopping';
      await pg('stop');
      phase = 'down';
      await waitFor('503s while PostgreSQL is down',
        () => count((r) => r.phase === 'down' && r.status === 503) >= 20);
      healthDown = await probe(`${server.url}/healthz`, {});

      // Back: start the same cluster again; samsyn reconnects by itself.
      phase = 'starting';
      await pg('restart');
      phase = 'back';
      await waitFor('200s after PostgreSQL is back',
        () => count((r) => r.phase === 'back' && r.status === 200) >= 20);
      healthUp = await probe(`${server.url}/healthz`, {});
    } finally {
      running = false;
      await Promise.all(loops);
    }

    const summary = () => {
      const by = {};
      for (const r of results) {
        const k = `${r.phase} ${r.error ? 'error' : `${r.status}${r.code ? ` ${r.code}` : ''}`}`;
        by[k] = (by[k] ?? 0) + 1;
      }
      return JSON.stringify(by);
    };
    t.diagnostic(`responses by phase: ${summary()}`);
    t.diagnostic(`/healthz while down: ${healthDown.status}, when back: ${healthUp.status}`);
    // Never a hang, a reset or a refused connection: every request got an answer.
    const failed = results.filter((r) => r.error);
    assert.deepEqual(failed, [], `requests without an answer: ${summary()}`);
    // Only 200 or 503; every 503 says unavailable.
    const odd = results.filter((r) => r.status !== 200 && r.status !== 503);
    assert.deepEqual(odd, [], `only 200 and 503 expected: ${summary()}`);
    const bad503 = results.filter((r) => r.status === 503 && r.code !== 'unavailable');
    assert.deepEqual(bad503, [], `every 503 has error code unavailable: ${summary()}`);
    // While it was down nothing succeeded; before and after, everything did.
    assert.equal(count((r) => r.phase === 'down' && r.status === 200), 0, summary());
    assert.equal(count((r) => r.phase === 'up' && r.status !== 200), 0, summary());
    // Once a 200 has come back, every request sent after it gets 200 too (no flapping).
    const firstOk = Math.min(...results.filter((r) => r.phase === 'back' && r.status === 200)
      .map((r) => r.end));
    const later = results.filter((r) => r.phase === 'back' && r.start > firstOk);
    assert.deepEqual(later.filter((r) => r.status !== 200), [], summary());

    assert.equal(healthDown.status, 503, `/healthz while down: ${JSON.stringify(healthDown)}`);
    assert.equal(healthUp.status, 200, `/healthz when back: ${JSON.stringify(healthUp)}`);

    // The same process all along, still serving.
    assert.equal(server.exitCode(), undefined, 'samsyn kept running');
    assert.doesNotThrow(() => process.kill(pid, 0), 'the same samsyn process');
    const after = await fetch(target, { headers, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    assert.equal(after.status, 200);

    const s = server;
    server = undefined;
    assert.equal(await s.stop(), 0, 'samsyn exits 0');
    assert.ok(Date.now() - started < TEST_BUDGET_MS, `took ${Date.now() - started} ms`);
    await cleanup();
  });
