import WebSocket from 'ws';
import { createChatClient } from 'chatwire';
import { WireRecorder } from './wire-recorder.mjs';
import { sleep, waitFor } from '../../testkit/waits.mjs';

/** Quick retries, so a restart scenario reconnects within a second of the server coming back. */
const RECONNECTION = Object.freeze({ initialDelayMs: 100, maxDelayMs: 500, randomization: 0 });

/**
 * The transport the suite runs over: CONFORMANCE_TRANSPORT=polling runs every scenario over HTTP
 * long-polling only (`npm run conformance:polling`); otherwise the package's default (WebSocket).
 */
export const TRANSPORT = process.env.CONFORMANCE_TRANSPORT === 'polling' ? 'polling' : 'websocket';

/** How long an unanswered join is given to reach the server (see connectAndJoin). */
const JOIN_SETTLE_MS = 150;

/**
 * A WebSocket class for the client that sends `headers` with the handshake (a session cookie,
 * a Bearer token: what a browser would send by itself) and copies the frames it sends to `wire`.
 */
function instrumentedWebSocket(headers, wire) {
  return class InstrumentedWebSocket extends WebSocket {
    constructor(url) {
      super(url, { headers });
    }

    send(data) {
      wire.record(data);
      super.send(data);
    }
  };
}

/**
 * A fetch() for the client's polling requests that sends `headers` (as the WebSocket above does)
 * and copies each packet a POST carries (joined by 0x1e) to `wire`, so scenarios count frames
 * the same way over either transport.
 */
function instrumentedFetch(headers, wire) {
  return (url, init) => {
    if (init.method === 'POST' && typeof init.body === 'string') for (const packet of init.body.split('\x1e')) wire.record(packet);
    return fetch(url, { ...init, headers: { ...init.headers, ...headers } });
  };
}

/**
 * A Chatwire client of one backend, signed in as `name`, built only from the package's public
 * API. `credentials` overrides the adapter's (to try refused ones); `options` are passed on to
 * createChatClient.
 */
export async function openSession(server, preset, name, { credentials, options = {} } = {}) {
  const creds = credentials ?? await server.credentials(name);
  const wire = new WireRecorder();
  const client = await createChatClient({
    url: server.url,
    dialect: preset,
    user: creds.user,
    auth: creds.auth,
    query: creds.query,
    WebSocket: instrumentedWebSocket(creds.headers ?? {}, wire),
    fetch: instrumentedFetch(creds.headers ?? {}, wire),
    ...(TRANSPORT === 'polling' ? { transports: ['polling'] } : {}),
    reconnection: RECONNECTION,
    ...options,
  });
  const errors = [];
  client.on('error', (error) => errors.push(error));
  return { name, creds, user: creds.user, client, wire, errors, room: (id) => client.room(id) };
}

/** Connects the session and joins `rooms`, waiting for each to be joined. */
export async function connectAndJoin(session, rooms = []) {
  session.client.connect();
  await waitFor(() => session.client.state === 'connected', { message: `${session.name} connected` });
  const transport = session.client.getConnection().transport;
  if (TRANSPORT === 'polling' && transport !== 'polling') throw new Error(`${session.name} connected over ${transport}, not polling`);
  for (const roomId of rooms) session.room(roomId).join();
  for (const roomId of rooms) {
    await waitFor(() => session.room(roomId).getSnapshot().joined, { message: `${session.name} joined ${roomId}` });
  }
  // Where the backend answers no join, "joined" means "sent": the server acts on it when it reads
  // it, and another client's message sent a millisecond later can overtake it (a different
  // connection). Scenarios measure the SDK, not that race, so they let the server catch up.
  if (rooms.length > 0 && session.client.capabilities.joinConfirmation === 'none') await sleep(JOIN_SETTLE_MS);
  return session;
}

/** Sends `texts` one by one as `session`, each once the server confirmed the one before. */
export async function sendConfirmed(session, roomId, texts) {
  const room = session.room(roomId);
  for (const text of texts) {
    const clientId = room.send(text);
    await waitFor(() => room.getSnapshot().messages.find((m) => m.clientId === clientId && m.status === 'sent'), { message: `"${text}" sent` });
  }
}
