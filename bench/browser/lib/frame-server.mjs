// The frame source both measured pages connect to: a real socket.io server
// (npm `socket.io`, WebSocket transport only) on 127.0.0.1, speaking the
// Chatwire native protocol (docs/protocol.md) far enough for a client to
// join a room: the namespace CONNECT (any token), then `join` acked with the
// room's members and an empty page of history. Chatwire (dialect
// 'chatwire') and socket.io-client talk to it alike.
//
// On the runner's signal, `send()` pushes the benchmark's pre-generated
// frames (lib/frames.mjs) to every socket in the room: one `message` event
// each, emitted in one go, so they leave as fast as the socket takes them,
// and each is its own WebSocket message (Engine.IO's WebSocket transport
// never batches packets into one frame). The emitted payloads are the
// frames' own: startFrameServer checks that socket.io's encoder turns each
// back into exactly the frame string.
import { createServer } from 'node:http';
import { Server } from 'socket.io';
import { Encoder, PacketType } from 'socket.io-parser';

/**
 * @param {{ frames: string[], roomId: string, members: object[] }} options
 * @returns {Promise<{ url: string, joinedSockets: () => number, requestsAfterJoin: () => string[],
 *   send: (count: number) => Promise<number>, close: () => Promise<void> }>}
 *   send resolves with the ms it took to hand the frames to the sockets;
 *   requestsAfterJoin: the events clients sent after their join (none expected)
 */
export async function startFrameServer({ frames, roomId, members }) {
  const payloads = frames.map((frame, index) => framePayload(frame, index));
  const httpServer = createServer((request, response) => response.writeHead(404).end());
  const io = new Server(httpServer, { transports: ['websocket'], serveClient: false });
  const joined = new Set();
  const requestsAfterJoin = [];

  io.on('connection', (socket) => {
    socket.on('join', (payload, ack) => {
      if (typeof ack !== 'function') return;
      if (payload?.room !== roomId) {
        ack({ ok: false, error: { code: 'not_found', message: `only room ${roomId} exists here` } });
        return;
      }
      socket.join(roomId);
      joined.add(socket);
      ack({ ok: true, room: roomId, members, messages: [], hasMore: false, readSeq: 0, lastSeq: 0 });
    });
    // Anything else a client asks (it should ask nothing during the benchmark) gets an ack, not a hang.
    socket.onAny((event, ...args) => {
      if (event === 'join') return;
      if (joined.has(socket)) requestsAfterJoin.push(event);
      const ack = args.at(-1);
      if (typeof ack === 'function') ack({ ok: true });
    });
    socket.on('disconnect', () => joined.delete(socket));
  });

  await new Promise((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(0, '127.0.0.1', resolve);
  });

  return {
    url: `http://127.0.0.1:${httpServer.address().port}`,
    joinedSockets: () => joined.size,
    requestsAfterJoin: () => requestsAfterJoin.splice(0),
    async send(count) {
      if (count > payloads.length) throw new Error(`only ${payloads.length} frames were generated`);
      const started = performance.now();
      for (const socket of joined) {
        for (let i = 0; i < count; i++) socket.emit('message', payloads[i]);
      }
      return performance.now() - started;
    },
    async close() {
      // io.close() disconnects every client and closes the HTTP server.
      await new Promise((resolve) => io.close(() => resolve()));
      httpServer.closeAllConnections?.();
    },
  };
}

const encoder = new Encoder();

/** The `message` payload of a frame `42["message",{...}]`; throws unless socket.io would send back the very same string. */
function framePayload(frame, index) {
  const [event, payload] = JSON.parse(frame.slice(2));
  const [encoded] = encoder.encode({ type: PacketType.EVENT, nsp: '/', data: [event, payload] });
  if (event !== 'message' || `4${encoded}` !== frame) {
    throw new Error(`frame ${index} would not go out unchanged: ${frame.slice(0, 80)}`);
  }
  return payload;
}
