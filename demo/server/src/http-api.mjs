// The reference server's HTTP side, beside socket.io on the same port:
//   POST /api/login   {name} → {token, user}: the same name is always the same user
//   GET  /api/rooms   (Authorization: Bearer <token>) → {rooms: [{id, title, lastSeq}]}
//   GET  /api/health  → {ok: true, node?, connections, connectionsOpened, database?, redis?}:
//                       the Socket.IO connections open now, and opened since the server
//                       started; `node`, a cluster node's id (a load balancer's health check
//                       asks this); `database` and `redis`, "up" or "down", for the shared
//                       services a node depends on (see `dependencies` below)
//   anything else     the built demo page (`webRoot`), with index.html for unknown paths,
//                     compressed and cached as static-files.mjs says
// node:http only: four routes do not need a framework.

import { stat } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { createStaticSite } from './static-files.mjs';
import { StoreUnavailableError } from './store-errors.mjs';
import { codePointCountUpTo } from './text.mjs';

/** Names are 1 to 40 code points after trimming. */
export const MAX_NAME_LENGTH = 40;
const MAX_BODY_BYTES = 4096;

// The page may be pointed at another backend (?server=...), so connections
// may go anywhere; scripts only from here, plus compiling the Wasm module.
const PAGE_SECURITY_HEADERS = {
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; " +
    "img-src 'self' data:; connect-src 'self' ws: wss: http: https:; frame-ancestors 'none'; base-uri 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

/**
 * @param {object} options
 * @param {import('./sqlite-store.mjs').SqliteStore | import('./postgres-store.mjs').PostgresStore} options.store  (every call awaited)
 * @param {import('./tokens.mjs').TokenSigner} options.tokens
 * @param {string | null} options.webRoot  the built page, or null for none
 * @param {() => {open: number, opened: number}} [options.connections]  how many Socket.IO connections are open, and were opened
 * @param {string | null} [options.nodeId]  this node's id in a cluster, told by /api/health
 * @param {() => Promise<Record<string, 'up' | 'down'>>} [options.dependencies]  the shared services
 *   this process depends on, and whether each answers now. Reported, not judged: the answer stays
 *   200 while one is down. A load balancer takes a node out when the node is gone, not when a
 *   service every node shares is: requests then still reach a node and get `unavailable`,
 *   which clients retry, instead of a proxy's 503 for every node.
 * @returns {((request: import('node:http').IncomingMessage, response: import('node:http').ServerResponse) => void) & { pageReady: Promise<void> }}
 */
export function createHttpHandler({ store, tokens, webRoot, connections = () => ({ open: 0, opened: 0 }), nodeId = null, dependencies = async () => ({}) }) {
  const root = webRoot ? resolve(webRoot) : null;
  const site = root ? createStaticSite(root) : null;
  // Compress the page before the first visitor asks for it.
  const pageReady = site
    ? site.warm().catch((error) => console.error('http: could not read the page folder', error))
    : Promise.resolve();

  const routes = {
    'POST /api/login': async (request, response) => {
      const body = await readJson(request);
      const name = typeof body?.name === 'string' ? body.name.normalize('NFC').trim() : '';
      const length = codePointCountUpTo(name, MAX_NAME_LENGTH);
      if (length === 0 || length > MAX_NAME_LENGTH || /[\u0000-\u001f\u007f]/u.test(name)) {
        return sendError(response, 400, 'bad_request', `name must be 1 to ${MAX_NAME_LENGTH} characters, without control characters`);
      }
      const user = await store.userNamed(name);
      sendJson(response, 200, { token: await tokens.issue(user), user });
    },
    'GET /api/rooms': async (request, response) => {
      const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? '');
      if (!bearer || !(await tokens.verify(bearer[1]))) return sendError(response, 401, 'unauthorized', 'sign in first: POST /api/login');
      sendJson(response, 200, { rooms: await store.listRooms() });
    },
    // The connection count shows that tabs share one connection (e2e/tests/tabs.spec.ts).
    'GET /api/health': async (_request, response) => {
      const { open, opened } = connections();
      const services = await dependencies();
      sendJson(response, 200, { ok: true, ...(nodeId === null ? {} : { node: nodeId }), connections: open, connectionsOpened: opened, ...services });
    },
  };

  const handler = (request, response) => {
    // The demo page may be served by Vite's dev server on another origin.
    response.setHeader('Access-Control-Allow-Origin', '*');
    response.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type');
    response.setHeader('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
    if (request.method === 'OPTIONS') {
      response.writeHead(204).end();
      return;
    }
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    const route = routes[`${request.method} ${path}`];
    const handled = route
      ? Promise.resolve(route(request, response))
      : path.startsWith('/api/')
        ? Promise.resolve(sendError(response, 404, 'not_found', `no route ${request.method} ${path}`))
        : Promise.resolve(serveStatic(root, site, path, request, response));
    handled.catch((error) => {
      if (error instanceof HttpError) return sendError(response, error.status, error.code, error.message);
      if (error instanceof StoreUnavailableError && !response.headersSent) {
        console.error('http: the database is unavailable', error.message);
        return sendError(response, 503, 'unavailable', 'the database is unavailable; retry later');
      }
      console.error('http: request failed', error);
      if (!response.headersSent) sendError(response, 500, 'internal', 'the server failed');
      else response.destroy();
    });
  };
  // Resolves once every file of the page has its final compressed variants.
  return Object.assign(handler, { pageReady });
}

class HttpError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

function sendJson(response, status, value) {
  const body = JSON.stringify(value);
  response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  response.end(body);
}

function sendError(response, status, code, message) {
  sendJson(response, status, { error: { code, message } });
}

/** The request body as JSON; an HttpError for a body too large or not JSON. */
function readJson(request) {
  return new Promise((resolvePromise, reject) => {
    const chunks = [];
    let size = 0;
    request.on('data', (chunk) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new HttpError(413, 'too_large', `the body must be at most ${MAX_BODY_BYTES} bytes`));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => {
      try {
        resolvePromise(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      } catch {
        reject(new HttpError(400, 'bad_request', 'the body must be JSON'));
      }
    });
    request.on('error', reject);
  });
}

/**
 * A file under `root`, or index.html for a path that names none (the page
 * routes itself). A missing file under /assets/ is a 404, not the page: a
 * stale hashed name must fail as a script, not parse HTML as one.
 */
async function serveStatic(root, site, path, request, response) {
  if (!root) return sendError(response, 404, 'not_found', 'no page is served here (start with --web <dir>)');
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.setHeader('Allow', 'GET, HEAD');
    return sendError(response, 405, 'method_not_allowed', 'GET only');
  }
  let decoded;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return sendError(response, 400, 'bad_request', 'malformed path');
  }
  const file = resolve(join(root, decoded));
  // Never outside the root, whatever ../ or encoded separators the path holds.
  if (file !== root && !file.startsWith(root + sep)) return sendError(response, 403, 'forbidden', 'outside the site');
  let found = file;
  let stats = await fileStats(file);
  if (!stats) {
    if (relative(root, file).split(sep)[0] === 'assets') return sendError(response, 404, 'not_found', `no file ${path}`);
    found = join(root, 'index.html');
    stats = await fileStats(found);
  }
  if (!stats) return sendError(response, 404, 'not_found', 'the page is not built (npm run build in demo/web)');
  const isPage = found.endsWith('.html');
  await site.send(found, stats, request, response, isPage ? PAGE_SECURITY_HEADERS : { 'X-Content-Type-Options': 'nosniff' });
}

async function fileStats(path) {
  try {
    const stats = await stat(path);
    return stats.isFile() ? stats : null;
  } catch {
    return null;
  }
}
