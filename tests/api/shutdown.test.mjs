// Graceful stop: SIGTERM lets a request in flight finish, refuses new connections,
// and the server exits 0 (under the sanitizers: with no leak report).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { startServer } from '../lib/server.mjs';
import { sleep } from '../lib/api.mjs';

test('SIGTERM lets a request in flight finish, then the server exits 0', async () => {
  const server = await startServer();
  const body = JSON.stringify({ email: 'admin@demoby.example', password: 'fel-losenord-123' });
  const half = Math.floor(body.length / 2);
  const socket = net.connect(server.port, '127.0.0.1');
  await new Promise((resolve) => socket.once('connect', resolve));
  let reply = '';
  socket.on('data', (d) => { reply += d.toString('latin1'); });
  const closed = new Promise((resolve) => socket.once('close', resolve));

  // Headers and half the body: the request has started and is in flight.
  socket.write('POST /api/v1/session HTTP/1.1\r\nHost: 127.0.0.1\r\n' +
    `Content-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n` +
    body.slice(0, half));
  await sleep(300);
  process.kill(server.pid, 'SIGTERM');
  await server.waitForLog('finishing requests in flight');

  // A new connection is no longer accepted.
  const refused = await new Promise((resolve) => {
    const s = net.connect(server.port, '127.0.0.1');
    s.once('error', () => resolve(true));
    s.once('connect', () => { s.destroy(); resolve(false); });
  });
  assert.equal(refused, true, 'a new connection must be refused while stopping');

  // The rest of the body arrives; the request is answered in full.
  socket.end(body.slice(half));
  await closed;
  assert.match(reply, /^HTTP\/1\.1 401 /, `the request in flight gets its answer, got: ${reply.slice(0, 80)}`);
  assert.match(reply, /bad_credentials/);
  assert.equal(await server.stop(), 0);
  assert.ok(server.logs().some((l) => l.includes('samsyn: stopped')));
});
