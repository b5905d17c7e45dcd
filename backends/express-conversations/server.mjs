import http from 'node:http';
import express from 'express';
import { Server } from 'socket.io';
import { parseServerOptions } from '../lib/cli-options.mjs';
import { openMessageStore } from './message-store.mjs';
import { attachSocketHandlers } from './socket-handlers.mjs';
import { createRestRouter } from './rest-routes.mjs';

/**
 * Test server for seed 003 (Express + socket.io, conversations as rooms).
 * Usage: node server.mjs [--port N] [--data-dir DIR]
 */
const options = parseServerOptions(process.argv.slice(2));
const store = openMessageStore(options.dataDir);

const app = express();
// The seed allows its own front end's origin; a test server allows any, like the demo does.
app.use((req, res, next) => {
  res.set('Access-Control-Allow-Origin', '*');
  res.set('Access-Control-Allow-Headers', 'Content-Type');
  res.set('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
  if (req.method === 'OPTIONS') return res.sendStatus(204);
  next();
});
app.use(express.json({ limit: '64kb' }));

const server = http.createServer(app);
const io = new Server(server, { cors: { origin: true, methods: ['GET', 'POST'] } });
attachSocketHandlers(io, store);
app.use(createRestRouter(io, store));
app.use((req, res) => res.status(404).json({ error: 'not found' }));
// Malformed JSON and the like: an answer, never a crash.
app.use((err, req, res, next) => {
  res.status(err.status && err.status < 500 ? err.status : 500).json({ error: err.message || 'error' });
});

server.listen(options.port, options.host, () => {
  process.stdout.write(`listening on http://127.0.0.1:${server.address().port}\n`);
});

let stopping = false;
function shutdown() {
  if (stopping) return;
  stopping = true;
  io.close(() => {
    store.close();
    process.exit(0);
  });
  server.closeAllConnections();
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
