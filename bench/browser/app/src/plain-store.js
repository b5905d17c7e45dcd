// The store of page B, the careful hand-written one of the ingest benchmark
// (bench/lib/contenders/plain-store.mjs) made fit for useSyncExternalStore:
// messages in the public Message shape, deduplicated by id through a Map,
// the newest `capacity` kept, an unread counter for messages by others, and
// an immutable snapshot that is the same object until the room changes
// (built lazily, when React reads it).
export class PlainRoomStore {
  constructor(roomId, selfId, capacity) {
    this.roomId = roomId;
    this.selfId = selfId;
    this.capacity = capacity;
    this.messages = [];
    this.byId = new Map();
    this.unreadCount = 0;
    this.isJoined = false;
    this.listeners = new Set();
    this.snapshot = Object.freeze({ messages: Object.freeze([]), unreadCount: 0, joined: false });
    this.stale = false;
  }

  subscribe = (listener) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  getSnapshot = () => {
    if (this.stale) {
      this.stale = false;
      this.snapshot = Object.freeze({
        messages: Object.freeze(this.messages.slice()),
        unreadCount: this.unreadCount,
        joined: this.isJoined,
      });
    }
    return this.snapshot;
  };

  /** The join ack: the room is joined; its page of history (if any) goes in like pushes. */
  joined(ack) {
    this.isJoined = true;
    for (const message of ack.messages ?? []) this.insert(message);
    this.changed();
  }

  /** A `message` push. */
  add(payload) {
    if (this.insert(payload)) this.changed();
  }

  insert(payload) {
    if (payload === null || typeof payload !== 'object' || payload.room !== this.roomId) return false;
    if (typeof payload.id !== 'string' || this.byId.has(payload.id)) return false;
    const message = Object.freeze({
      id: payload.id,
      clientId: payload.clientId ?? null,
      roomId: payload.room,
      author: payload.author,
      text: payload.text,
      createdAt: payload.createdAt,
      status: 'sent',
      seq: payload.seq,
    });
    this.messages.push(message);
    this.byId.set(message.id, message);
    if (this.messages.length > this.capacity) this.byId.delete(this.messages.shift().id);
    if (message.author?.id !== this.selfId) this.unreadCount += 1;
    return true;
  }

  changed() {
    this.stale = true;
    for (const listener of this.listeners) listener();
  }
}
