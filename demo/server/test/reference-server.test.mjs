// The reference server as users meet it: the HTTP login and room list, the
// page, tokens on CONNECT, and (as a separate process) a clean shutdown and a
// restart that keeps history, read cursors and signed-in users.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startReferenceServer } from '../src/reference-server.mjs';
import { createTokenSigner } from '../src/tokens.mjs';
import { startServerProcess } from '../../../testkit/server-process.mjs';
import { connectAs, join, refusalOf } from './helpers.mjs';

const MAIN = fileURLToPath(new URL('../src/main.mjs', import.meta.url));
const scratch = mkdtempSync(joinPath(tmpdir(), 'chatwire-reference-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

const login = async (server, name) => {
  const response = await fetch(`${server.url}/api/login`, { method: 'POST', body: JSON.stringify({ name }) });
  return { status: response.status, body: await response.json() };
};
const connectWithToken = (server, user, token) => connectAs(server, user, { auth: { token } });

describe('reference server in-process', () => {
  let server;
  before(async () => {
    const web = joinPath(scratch, 'web');
    mkdirSync(joinPath(web, 'assets'), { recursive: true });
    writeFileSync(joinPath(web, 'index.html'), '<!doctype html><title>page</title>');
    writeFileSync(joinPath(web, 'assets', 'core-4f2a9c1b.wasm'), Buffer.from([0, 97, 115, 109]));
    server = await startReferenceServer({ port: 0, dbPath: joinPath(scratch, 'in-process.sqlite'), webRoot: web, archiveSize: 120 });
  });
  after(() => server.close());

  it('signs in by name: the same name is the same user, in any case', async () => {
    const first = await login(server, '  Ada ');
    assert.equal(first.status, 200);
    assert.equal(first.body.user.name, 'Ada');
    assert.match(first.body.token, /^[\w-]+\.[\w-]+\.[\w-]+$/, 'a JWT: header.payload.signature');
    const again = await login(server, 'ada');
    assert.equal(again.body.user.id, first.body.user.id);
    assert.notEqual((await login(server, 'Grace')).body.user.id, first.body.user.id);
  });

  it('refuses names that are empty, too long or hold control characters', async () => {
    for (const name of ['', '   ', 'x'.repeat(41), 'a\u0000b', 42, null]) {
      const { status, body } = await login(server, name);
      assert.equal(status, 400, JSON.stringify(name));
      assert.equal(body.error.code, 'bad_request');
    }
    const notJson = await fetch(`${server.url}/api/login`, { method: 'POST', body: '{name' });
    assert.equal(notJson.status, 400);
    const huge = await fetch(`${server.url}/api/login`, { method: 'POST', body: 'x'.repeat(100_000) }).catch(() => ({ status: 413 }));
    assert.equal(huge.status, 413);
  });

  it('lists the rooms to signed-in users only', async () => {
    const { body } = await login(server, 'Ada');
    const rooms = await fetch(`${server.url}/api/rooms`, { headers: { Authorization: `Bearer ${body.token}` } });
    assert.equal(rooms.status, 200);
    assert.deepEqual((await rooms.json()).rooms, [
      { id: 'general', title: 'General', lastSeq: 0 },
      { id: 'random', title: 'Random', lastSeq: 0 },
      { id: 'design', title: 'Design', lastSeq: 0 },
      { id: 'archive', title: 'Archive', lastSeq: 120 },
    ]);
    assert.equal((await fetch(`${server.url}/api/rooms`)).status, 401);
    assert.equal((await fetch(`${server.url}/api/rooms`, { headers: { Authorization: 'Bearer nope' } })).status, 401);
  });

  it('serves the page, its assets with their types, and index.html for the page\'s own paths', async () => {
    const page = await fetch(`${server.url}/rooms/general`);
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type'), /^text\/html/);
    assert.match(page.headers.get('content-security-policy'), /'wasm-unsafe-eval'/);
    const wasm = await fetch(`${server.url}/assets/core-4f2a9c1b.wasm`);
    assert.equal(wasm.headers.get('content-type'), 'application/wasm');
    assert.match(wasm.headers.get('cache-control'), /immutable/);
    for (const path of ['/..%2f..%2fpackage.json', '/%2e%2e/%2e%2e/package.json']) {
      const response = await fetch(`${server.url}${path}`);
      assert.ok(response.status === 403 || (await response.text()).includes('<title>page'), path);
    }
    assert.equal((await fetch(`${server.url}/api/nothing`)).status, 404);
  });

  it('accepts a signed token on CONNECT and refuses a missing, forged or expired one', async () => {
    const { body } = await login(server, 'Ada');
    const ada = await connectWithToken(server, body.user, body.token);
    const ack = await join(ada, 'general');
    assert.deepEqual(ack.members.map((member) => member.user), [body.user]);
    ada.close();

    const forged = `${body.token.split('.')[0]}.${'A'.repeat(43)}`;
    const expired = await createTokenSigner('x'.repeat(32), () => 0).issue(body.user);
    for (const auth of [{}, { token: 'garbage' }, { token: forged }, { token: expired }, null]) {
      const refusal = await refusalOf(server, auth);
      assert.equal(refusal.message, 'invalid token', JSON.stringify(auth));
    }
  });

  it('makes Ada an admin of general in a fresh database: she may delete anyone\'s message there', async () => {
    const ada = (await login(server, 'Ada')).body;
    const grace = (await login(server, 'Grace')).body;
    const adaClient = await connectWithToken(server, ada.user, ada.token);
    const graceClient = await connectWithToken(server, grace.user, grace.token);
    try {
      for (const client of [adaClient, graceClient]) {
        await join(client, 'general');
        await join(client, 'random');
      }
      const inGeneral = (await graceClient.request('send', { room: 'general', clientId: 'admin-1', text: 'oops' })).message;
      const inRandom = (await graceClient.request('send', { room: 'random', clientId: 'admin-2', text: 'mine' })).message;
      const deleted = await adaClient.request('delete', { room: 'general', id: inGeneral.id, opId: 'admin-d1' });
      assert.deepEqual([deleted.ok, deleted.message.deleted], [true, true]);
      const refused = await adaClient.request('delete', { room: 'random', id: inRandom.id, opId: 'admin-d2' });
      assert.equal(refused.error?.code, 'unauthorized', 'an admin of general only');
    } finally {
      adaClient.close();
      graceClient.close();
    }
  });

  it('counts only what arrives after a user joins as unread', async () => {
    const { body } = await login(server, 'Newcomer');
    const client = await connectWithToken(server, body.user, body.token);
    const ack = await join(client, 'archive');
    assert.equal(ack.lastSeq, 120);
    assert.equal(ack.readSeq, 120, 'the archive is not 120 unread messages');
    client.close();
  });
});

describe('reference server as a process', () => {
  const db = joinPath(scratch, 'process.sqlite');

  /** Starts main.mjs and resolves once it prints its URL. */
  const startProcess = (port = 0) =>
    startServerProcess({ name: 'main.mjs', command: process.execPath, args: [MAIN, '--port', String(port), '--db', db, '--no-seed-archive'] });
  /** Sends `signal` and resolves with the exit code. */
  const stop = async (server, signal) => (await server.stop({ signal })).code;

  it('stops cleanly on SIGTERM and, restarted, has its history, cursors and tokens', async () => {
    const first = await startProcess();
    const ada = (await login(first, 'Ada')).body;
    const grace = (await login(first, 'Grace')).body;
    const adaClient = await connectWithToken(first, ada.user, ada.token);
    const graceClient = await connectWithToken(first, grace.user, grace.token);
    await join(adaClient, 'general');
    await join(graceClient, 'general');
    for (const text of ['one', 'two', 'three']) {
      const ack = await adaClient.request('send', { room: 'general', clientId: `c-${text}`, text });
      assert.equal(ack.ok, true);
    }
    assert.equal((await graceClient.request('read', { room: 'general', seq: 2 })).readSeq, 2);
    const disconnected = new Promise((resolvePromise) => graceClient.socket.once('disconnect', resolvePromise));
    assert.equal(await stop(first, 'SIGTERM'), 0, 'exit code of a clean shutdown');
    await disconnected;
    adaClient.close();
    graceClient.close();

    const second = await startProcess(first.port);
    try {
      const again = await connectWithToken(second, grace.user, grace.token);
      const ack = await join(again, 'general');
      assert.deepEqual(ack.messages.map((m) => [m.seq, m.text]), [[1, 'one'], [2, 'two'], [3, 'three']]);
      assert.equal(ack.readSeq, 2);
      const repeat = await again.request('send', { room: 'general', clientId: 'c-four', text: 'four' });
      assert.equal(repeat.message.seq, 4, 'seq continues');
      again.close();
    } finally {
      assert.equal(await stop(second, 'SIGINT'), 0);
    }
  });
});
