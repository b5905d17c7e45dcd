// The workload every ingest contender consumes: N Engine.IO/Socket.IO frames
// of the native protocol's "message" push (docs/protocol.md), one room,
// seq 1..N, generated once so that every contender parses the very same
// strings. Deterministic (a fixed-seed generator), so runs are comparable.

/** The room every frame belongs to. */
export const ROOM_ID = 'general';

/** The signed-in user of the receiving client; no frame is authored by them, so all N are unread. */
export const SELF = Object.freeze({ id: 'u-self', name: 'Bench Reader' });

const AUTHORS = [
  { id: 'u2', name: 'Grace' },
  { id: 'u3', name: 'Linus' },
  { id: 'u4', name: 'Margaret' },
  { id: 'u5', name: 'Ada Lovelace' },
];

const WORDS = ('the quick brown fox jumps over a lazy dog while we ship the release ' +
  'tonight please review my change before lunch thanks 👍 déjà vu naïve café')
  .split(' ');

const FIRST_CREATED_AT = 1717430400000;

/** Mulberry32: small, fast, good enough to vary message lengths reproducibly. */
function randomSource(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The server id of the message with this seq (also what the contenders' snapshots are checked against). */
export function messageIdFor(seq) {
  return `m-${seq}`;
}

/**
 * Returns `count` frames, seq 1..count, each a complete WebSocket text frame:
 * `42["message",{id, room, seq, clientId, author, text, createdAt}]`.
 * Texts are 1 to 24 words (some non-ASCII), a third of the messages carry a
 * clientId as a real sender's would; authors rotate among four other users.
 */
export function generateMessageFrames(count, seed = 42, { offsets = false } = {}) {
  const random = randomSource(seed);
  const frames = new Array(count);
  for (let seq = 1; seq <= count; seq++) {
    const wordCount = 1 + Math.floor(random() * 24);
    const words = [];
    for (let w = 0; w < wordCount; w++) words.push(WORDS[Math.floor(random() * WORDS.length)]);
    const message = {
      id: messageIdFor(seq),
      room: ROOM_ID,
      seq,
      clientId: seq % 3 === 0 ? `c-${(seq * 2654435761 >>> 0).toString(16)}` : null,
      author: AUTHORS[seq % AUTHORS.length],
      text: words.join(' '),
      createdAt: FIRST_CREATED_AT + seq * 1000,
    };
    // With offsets: as a server with connectionStateRecovery broadcasts (a Redis stream id).
    const args = offsets ? ['message', message, `${FIRST_CREATED_AT + seq}-0`] : ['message', message];
    frames[seq - 1] = `42${JSON.stringify(args)}`;
  }
  return frames;
}
