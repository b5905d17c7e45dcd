// Contender 2: socket.io's own codecs feeding a careful plain-JS store, the
// best a team would write by hand: messages in the public Message shape,
// deduplicated by id through a Map, the newest 500 kept (Chatwire's default
// maxMessagesPerRoom), an unread counter for messages by others.
import { createEventDecoder } from '../socketio-decoding.mjs';

const KEPT_MESSAGES = 500;

/** An array of the newest messages plus an index by id for deduplication. */
class PlainRoomStore {
  constructor(roomId, selfId, capacity) {
    this.roomId = roomId;
    this.selfId = selfId;
    this.capacity = capacity;
    this.messages = [];
    this.byId = new Map();
    this.unreadCount = 0;
  }

  add(payload) {
    if (payload === null || typeof payload !== 'object' || payload.room !== this.roomId) return;
    if (typeof payload.id !== 'string' || this.byId.has(payload.id)) return;
    const message = {
      id: payload.id,
      clientId: payload.clientId ?? null,
      roomId: payload.room,
      author: payload.author,
      text: payload.text,
      createdAt: payload.createdAt,
      status: 'sent',
      seq: payload.seq,
    };
    this.messages.push(message);
    this.byId.set(message.id, message);
    if (this.messages.length > this.capacity) this.byId.delete(this.messages.shift().id);
    if (message.author?.id !== this.selfId) this.unreadCount += 1;
  }

  /** What a UI would render: a copy it may keep. */
  snapshot() {
    return { messages: this.messages.slice(), unreadCount: this.unreadCount };
  }
}

export const plainStoreContender = {
  name: 'socket.io-parser + plain store',
  note: `engine.io-parser + socket.io-parser Decoder, array + Map dedup, newest ${KEPT_MESSAGES} kept`,
  keptMessages: KEPT_MESSAGES,

  async open({ roomId, self }) {
    const store = new PlainRoomStore(roomId, self.id, KEPT_MESSAGES);
    const decode = createEventDecoder((name, payload) => {
      if (name === 'message') store.add(payload);
    });
    return {
      ingest(frames) {
        for (let i = 0; i < frames.length; i++) decode(frames[i]);
        return { processed: frames.length, capped: false };
      },
      snapshot: () => store.snapshot(),
      close() {},
    };
  },
};
