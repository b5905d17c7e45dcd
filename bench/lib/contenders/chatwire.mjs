// Contender 1: the chatwire package itself (packed from ../npm, as users get
// it), running in Node with the fake server of lib/fake-websocket.mjs
// injected as its WebSocket. Frames go in through the socket's message
// event, exactly as from a real server; the room snapshot comes out.
import { packChatwire, importFromPack } from '../chatwire-package.mjs';
import { createFakeServer } from '../fake-websocket.mjs';

const KEPT_MESSAGES = 500;
const JOIN_TIMEOUT_MS = 5000;

/**
 * Packs and loads chatwire. Returns two contenders and `close()`, which
 * removes the unpacked package:
 * - `plain`: frames in, one getSnapshot() at the end (the core's own cost);
 * - `ui`: the same with a room listener that calls getSnapshot() on every
 *   notification, as React's useSyncExternalStore (and so useRoom) does.
 * Throws ChatwireNotBuiltError when ../npm has no build.
 */
export async function openChatwireContenders() {
  const pack = packChatwire();
  try {
    const { createChatClient } = await importFromPack(pack, 'chatwire');
    if (typeof createChatClient !== 'function') throw new Error('chatwire exports no createChatClient');
    const origin = `chatwire@${pack.version} (npm pack of ../npm) in Node, fake WebSocket server, maxMessagesPerRoom ${KEPT_MESSAGES}`;
    const plain = {
      name: 'chatwire',
      note: `${origin}; one getSnapshot() at the end`,
      keptMessages: KEPT_MESSAGES,
      isChatwire: true,
      open: (context) => openSession(createChatClient, context, { readOnNotify: false }),
    };
    const ui = {
      name: 'chatwire + UI listener',
      isChatwire: true,
      note: 'the same, plus a room listener calling getSnapshot() on every notification (as useSyncExternalStore does)',
      keptMessages: KEPT_MESSAGES,
      open: (context) => openSession(createChatClient, context, { readOnNotify: true }),
    };
    return { plain, ui, close: async () => pack.cleanup() };
  } catch (error) {
    pack.cleanup();
    throw error;
  }
}

async function openSession(createChatClient, { roomId, self, recovery = false }, { readOnNotify }) {
  const server = createFakeServer({ members: [{ user: self, online: true }], pid: recovery ? 'bench-pid' : null });
  const client = await createChatClient({
    url: 'http://chat.bench.invalid',
    dialect: 'chatwire',
    user: self,
    WebSocket: server.WebSocket,
    maxMessagesPerRoom: KEPT_MESSAGES,
    reconnection: { enabled: false },
  });
  let room;
  try {
    client.connect();
    room = client.room(roomId);
    room.join();
    await joined(room, server);
  } catch (error) {
    client.destroy();
    throw error;
  }
  const framesBeforeIngest = server.clientFrames.length;
  let notifications = 0;
  const unsubscribe = room.subscribe(readOnNotify
    ? () => { notifications += 1; room.getSnapshot(); }
    : () => { notifications += 1; });

  return {
    /** Stops early once `budgetMs` has passed; the caller reports how far it got. */
    async ingest(frames, { budgetMs = Infinity } = {}) {
      const socket = server.socket;
      const started = performance.now();
      let processed = frames.length;
      for (let i = 0; i < frames.length; i++) {
        socket.deliver(frames[i]);
        if ((i & 15) === 15 && performance.now() - started > budgetMs) {
          processed = i + 1;
          break;
        }
      }
      // Let anything the client defers (listener notifications) run before the snapshot is read.
      await new Promise((resolve) => setImmediate(resolve));
      return { processed, capped: processed < frames.length };
    },
    snapshot: () => room.getSnapshot(),
    /** What the client did besides taking frames in (reported, not timed). */
    sideEffects: () => ({
      notifications,
      framesSent: server.clientFrames.slice(framesBeforeIngest),
    }),
    close() {
      unsubscribe();
      client.destroy();
    },
  };
}

/** Resolves once the room's join is acknowledged; rejects with what the client sent if it never is. */
function joined(room, server) {
  return new Promise((resolve, reject) => {
    if (room.getSnapshot().joined) return resolve();
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`chatwire never joined the room within ${JOIN_TIMEOUT_MS} ms; ` +
        `client frames: ${JSON.stringify(server.clientFrames)}`));
    }, JOIN_TIMEOUT_MS);
    const unsubscribe = room.subscribe(() => {
      if (!room.getSnapshot().joined) return;
      clearTimeout(timer);
      unsubscribe();
      resolve();
    });
  });
}
