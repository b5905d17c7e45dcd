// A chat member as the protocol (docs/protocol.md, "Resume") asks clients to
// behave, on plain socket.io-client, for the cluster tests: it reconnects by
// itself, rejoins its room after every (re)connection with `since` = the
// highest seq it holds without a gap, and again when a message arrives past
// a gap (a broadcast lost between nodes), keeps messages by seq (a resume
// may overlap what arrived live), and sends from an outbox: a send not
// acknowledged is sent again, under the same clientId, once connected again.

import { io as connectClient } from 'socket.io-client';

/** How long a request may wait for its ack before it counts as lost. */
const ACK_TIMEOUT_MS = 3000;

/** How long a gap in the seqs may last before the member asks for what it misses. */
const GAP_GRACE_MS = 300;

/** Refusals that say "try again later, the same clientId" (docs/protocol.md, errors). */
const RETRY_LATER = new Set(['internal', 'rate_limited', 'unavailable']);

export class ChatMember {
  /**
   * @param {object} options
   * @param {string} options.url    where to connect (HAProxy)
   * @param {string} options.token
   * @param {string} options.room
   * @param {string} options.name   for messages
   */
  constructor({ url, token, room, name }) {
    this.room = room;
    this.name = name;
    /** seq → message, everything this member holds. @type {Map<number, any>} */
    this.messages = new Map();
    /** clientId → text, sends not acknowledged yet. @type {Map<string, string>} */
    this.outbox = new Map();
    /** clientId → seq of each acknowledged send. @type {Map<string, number>} */
    this.acked = new Map();
    this.connects = 0;
    this.disconnects = 0;
    this.joined = false;
    this.flushing = false;
    /** A rejoin to fill a gap is under way. */
    this.filling = false;
    /** How many gaps in the live messages were filled by a rejoin. */
    this.gapsFilled = 0;
    /** Answers no correct server gives (a refused join or send): the test fails on any. @type {string[]} */
    this.failures = [];
    this.socket = connectClient(url, {
      transports: ['websocket'],
      auth: { token },
      forceNew: true,
      reconnectionDelay: 100,
      reconnectionDelayMax: 500,
      randomizationFactor: 0.5,
    });
    // Socket.IO appends an offset to broadcasts when connection state
    // recovery is on: the payload is the first argument whatever follows.
    this.socket.on('message', (message) => this.hold(message));
    this.socket.on('connect', () => {
      this.connects++;
      this.rejoin();
    });
    this.socket.on('disconnect', () => {
      this.disconnects++;
      this.joined = false;
    });
  }

  /** The highest seq held with none missing before it. */
  contiguousSeq() {
    let seq = 0;
    while (this.messages.has(seq + 1)) seq++;
    return seq;
  }

  /** @param {any} message */
  hold(message) {
    if (message?.room !== this.room || !Number.isSafeInteger(message.seq)) return;
    this.messages.set(message.seq, message);
    if (message.seq > this.contiguousSeq() + 1 && !this.filling) {
      // Messages of other nodes may simply be on their way: look again in a
      // moment, and fill what is still missing then.
      this.filling = true;
      setTimeout(() => {
        const stillMissing = Math.max(...this.messages.keys()) > this.contiguousSeq();
        if (!stillMissing || !this.joined) {
          this.filling = false;
          return;
        }
        this.gapsFilled++;
        this.rejoin().finally(() => {
          this.filling = false;
        });
      }, GAP_GRACE_MS);
    }
  }

  /** Joins with `since`, pages until nothing more is newer, then sends the outbox. */
  async rejoin() {
    const socket = this.socket;
    try {
      let ack;
      do {
        ack = await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('join', { room: this.room, since: this.contiguousSeq() });
        if (!ack?.ok) {
          this.failures.push(`join refused: ${JSON.stringify(ack)}`);
          return;
        }
        for (const message of ack.messages) this.hold(message);
      } while (ack.hasMore);
      if (socket !== this.socket || !socket.connected) return;
      this.joined = true;
      this.flush();
    } catch {
      // Lost with the connection (or the node): the next connect joins again.
    }
  }

  /** Queues a message and sends it when joined. @param {string} clientId @param {string} text */
  send(clientId, text) {
    this.outbox.set(clientId, text);
    this.flush();
  }

  /** Sends what the outbox holds, one at a time, in order; stops at the first loss. */
  async flush() {
    if (this.flushing || !this.joined) return;
    this.flushing = true;
    try {
      for (const [clientId, text] of this.outbox) {
        if (!this.joined) return;
        let ack;
        try {
          ack = await this.socket.timeout(ACK_TIMEOUT_MS).emitWithAck('send', { room: this.room, clientId, text });
        } catch {
          return; // no ack: sent again after the reconnection
        }
        if (!ack?.ok) {
          if (RETRY_LATER.has(ack?.error?.code)) return;
          this.failures.push(`send ${clientId} refused: ${JSON.stringify(ack)}`);
          this.outbox.delete(clientId);
          continue;
        }
        this.outbox.delete(clientId);
        this.acked.set(clientId, ack.message.seq);
        this.hold(ack.message);
      }
    } finally {
      this.flushing = false;
      if (this.joined && this.outbox.size > 0) setTimeout(() => this.flush(), 200);
    }
  }

  close() {
    this.socket.close();
  }
}
