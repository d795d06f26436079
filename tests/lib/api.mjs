// Helpers shared by the API tests (tests/api): logging in, the error-body
// check, starting a server with logged-in demo users, and a few small tools.
//
//   import { login, errorAsserter, startWithLogins } from '../lib/api.mjs';
//   let server, admin;
//   before(async () => ({ server, admin } = await startWithLogins(['admin'])));

import assert from 'node:assert/strict';
import { startServer, Client, demoUsers } from './server.mjs';

/** An ISO 8601 UTC timestamp as the API writes them. */
export const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Log in as `who` ({email, password}); asserts 200 and returns a Client with csrf and user set. */
export async function login(url, who) {
  const c = new Client(url);
  const r = await c.json('POST', '/api/v1/session', { email: who.email, password: who.password });
  assert.equal(r.status, 200, `login as ${who.email} should succeed: ${r.text}`);
  c.csrf = r.body.csrf_token;
  c.user = r.body.user;
  return c;
}

/** Attempt a login; returns the response whatever its status. */
export async function tryLogin(url, email, password) {
  return new Client(url).json('POST', '/api/v1/session', { email, password });
}

/**
 * Make an assertError(r, status, code, field) for a test file: checks the
 * status, that the body has an error with that code and, when `field` is
 * given, that field. `message`: 'string' also checks that error.message is a
 * string, 'non-empty' that it is a non-empty string; by default it is not
 * checked.
 */
export function errorAsserter({ message } = {}) {
  return function assertError(r, status, code, field) {
    assert.equal(r.status, status, `expected ${status} ${code}, got ${r.status}: ${r.text}`);
    assert.ok(r.body && r.body.error, `error body expected: ${r.text}`);
    assert.equal(r.body.error.code, code);
    if (message === 'string' || message === 'non-empty') {
      assert.equal(typeof r.body.error.message, 'string');
    }
    if (message === 'non-empty') {
      assert.ok(r.body.error.message.length > 0, 'error message is not empty');
    }
    if (field !== undefined) assert.equal(r.body.error.field, field);
  };
}

/**
 * Start a server (startServer(opts)) and log in as the named demo users, in
 * the order given. Resolves with { server, <name>: Client, ... }; when a
 * login fails the server is stopped again.
 */
export async function startWithLogins(names, opts) {
  const server = await startServer(opts);
  const out = { server };
  try {
    for (const name of names) out[name] = await login(server.url, demoUsers[name]);
  } catch (e) {
    await server.stop();
    throw e;
  }
  return out;
}
