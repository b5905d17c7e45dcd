// The WebAssembly build of the Chatwire session against a real socket.io
// server on 127.0.0.1, step by step, printing what happens:
//   1. connect with a token the server's middleware checks;
//   2. receive the server's welcome event; emit with an ack and get it;
//   3. the server process "crashes" and comes back on the same port: the
//      session reconnects by itself, and an emit made while it was down is
//      delivered exactly once after reconnecting;
//   4. a wrong token is refused with the server's reason, without retrying;
//   5. disconnect() tells the server, which sees a client disconnect.
// Exits non-zero, naming the step, if anything does not happen in time.
//
//   node interop.mjs <path to chatwire_session_wasm.js>
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { pathToFileURL } from 'node:url';
import { Server } from 'socket.io';

import { SessionDriver } from './session_driver.mjs';

const modulePath = process.argv[2];
if (!modulePath) {
  console.error('usage: node interop.mjs <path to chatwire_session_wasm.js>');
  process.exit(2);
}

const { default: createChatwireSession } = await import(pathToFileURL(modulePath).href);
// 3.1.6's glue would fetch() a file path under Node; hand it the bytes instead.
const wasm = await createChatwireSession({ wasmBinary: await readFile(modulePath.replace(/\.js$/, '.wasm')) });

const serverLog = [];
let port = 0;

/** A chat-like socket.io server: token middleware, acked echo, broadcasts. */
function startServer() {
  const http = createServer();
  const io = new Server(http, { pingInterval: 2000, pingTimeout: 1000 });
  io.use((socket, next) => {
    if (socket.handshake.auth?.token === 'secret') return next();
    return next(new Error('invalid token'));
  });
  io.on('connection', (socket) => {
    serverLog.push('connection');
    socket.emit('welcome', { text: 'hello from socket.io' });
    socket.on('echo', (text, ack) => ack({ echoed: text }));
    socket.on('note', (text) => serverLog.push(`note:${text}`));
    socket.on('disconnect', (reason) => serverLog.push(`disconnect:${reason}`));
  });
  return new Promise((resolve) => {
    http.listen(port, '127.0.0.1', () => {
      port = http.address().port;
      resolve({ io, http });
    });
  });
}

function stopServer({ io, http }) {
  // Terminate the sockets abruptly, as a crashed process would, then free the port.
  for (const client of Object.values(io.engine.clients)) client.transport.socket?.terminate?.();
  io.close();
  return new Promise((resolve) => http.close(() => resolve()));
}

const line = (who) => (event) => {
  const { kind, ...rest } = event;
  console.log(`  [${who}] ${kind} ${JSON.stringify(rest)}`);
};

let step = 'start';
const check = (condition, message) => {
  if (!condition) throw new Error(message);
};

let server = await startServer();
const url = `http://127.0.0.1:${port}`;
const alice = new SessionDriver(wasm, url, { auth: { token: 'secret' }, seed: 7, log: line('alice') });
const mallory = new SessionDriver(wasm, url, { auth: { token: 'guess' }, seed: 8, log: line('mallory') });

try {
  step = '1. connect';
  console.log(`${step} to socket.io at ${url}`);
  alice.connect();
  await alice.waitFor('state connected', (e) => e.kind === 'state' && e.to === 'connected');

  step = '2. events and acks';
  console.log(step);
  await alice.waitFor('the welcome event', (e) => e.kind === 'event' && e.name === 'welcome');
  const echoId = alice.emit('echo', ['ping'], 2000);
  const ack = await alice.waitFor('the echo ack', (e) => e.kind === 'ack' && e.id === echoId);
  check(ack.args[0]?.echoed === 'ping', `unexpected ack ${JSON.stringify(ack.args)}`);

  step = '3. server crash and restart';
  console.log(step);
  await stopServer(server);
  await alice.waitFor('state reconnecting', (e) => e.kind === 'state' && e.to === 'reconnecting');
  alice.emit('note', ['written while the server was down']);
  server = await startServer();
  const connectedBefore = alice.events.filter((e) => e.kind === 'state' && e.to === 'connected').length;
  await alice.waitFor('reconnected', (e) => e.kind === 'state' && e.to === 'connected'
    && alice.events.filter((x) => x.kind === 'state' && x.to === 'connected').length > connectedBefore);
  await new Promise((resolve) => setTimeout(resolve, 200));
  const notes = serverLog.filter((entry) => entry.startsWith('note:'));
  check(notes.length === 1, `the buffered emit arrived ${notes.length} times, not once`);

  step = '4. a wrong token is refused';
  console.log(step);
  mallory.connect();
  const refused = await mallory.waitFor('state failed', (e) => e.kind === 'state' && e.to === 'failed');
  check(refused.detail === 'invalid token', `expected the server's reason, got ${JSON.stringify(refused.detail)}`);

  step = '5. disconnect';
  console.log(step);
  alice.disconnect();
  check(alice.state === 'disconnected', `state is ${alice.state}`);
  await new Promise((resolve) => setTimeout(resolve, 200));
  check(serverLog.includes('disconnect:client namespace disconnect'), `server saw ${serverLog.join(', ')}`);

  console.log('interop: all 5 steps passed against socket.io');
} catch (error) {
  console.error(`interop: step "${step}" failed: ${error.message}`);
  process.exitCode = 1;
} finally {
  alice.destroy();
  mallory.destroy();
  await stopServer(server);
}
