// An in-process stand-in for a Chatwire server, injected into
// createChatClient as its WebSocket constructor. It plays the native
// protocol (docs/protocol.md) just far enough to get one room joined:
// Engine.IO open packet, namespace CONNECT, the `join` ack. After that the
// benchmark pushes frames with `deliver()`, and the client processes them
// exactly as it would a real socket's, with no network or parsing on the
// server side to blur the figure.
//
// The socket speaks both WebSocket styles (`onmessage = ...` and
// addEventListener('message', ...)), so the benchmark does not depend on
// which one the package's transport uses.

const OPEN_PACKET = '0' + JSON.stringify({
  sid: 'bench-engine-sid',
  upgrades: [],
  pingInterval: 25000,
  pingTimeout: 20000,
  maxPayload: 1000000,
});

/** Matches a client request with an ack id: 42<ackid>["<event>",<payload>]. */
const REQUEST = /^42(\d+)\[\s*"([^"]+)"\s*,([\s\S]*)\]$/;

/**
 * Creates a fake server for one client. `members` is the join ack's member
 * list; `pid`, when given, goes in the CONNECT answer as a server with
 * connectionStateRecovery sends it. Returns the constructor to inject plus accessors:
 * - `socket`: the last socket the client opened (null before);
 * - `clientFrames`: every frame the client sent, in order;
 * - `joinedRooms`: rooms whose join was acknowledged.
 */
export function createFakeServer({ members, pid = null }) {
  const server = {
    socket: null,
    clientFrames: [],
    joinedRooms: new Set(),
    WebSocket: null,
  };

  class FakeServerWebSocket {
    static CONNECTING = 0;
    static OPEN = 1;
    static CLOSING = 2;
    static CLOSED = 3;

    constructor(url) {
      this.url = String(url);
      this.readyState = FakeServerWebSocket.CONNECTING;
      this.binaryType = 'blob';
      this.protocol = '';
      this.extensions = '';
      this.bufferedAmount = 0;
      this.onopen = null;
      this.onmessage = null;
      this.onclose = null;
      this.onerror = null;
      this.listeners = new Map();
      server.socket = this;
      // Like a real socket: the open event comes later, never inside the constructor.
      setTimeout(() => {
        if (this.readyState !== FakeServerWebSocket.CONNECTING) return;
        this.readyState = FakeServerWebSocket.OPEN;
        this.dispatch('open', { type: 'open' });
        this.deliver(OPEN_PACKET);
      }, 0);
    }

    addEventListener(type, listener) {
      if (!this.listeners.has(type)) this.listeners.set(type, new Set());
      this.listeners.get(type).add(listener);
    }

    removeEventListener(type, listener) {
      this.listeners.get(type)?.delete(listener);
    }

    /** Hands one text frame to the client, synchronously, as the socket's 'message' event. */
    deliver(text) {
      if (this.readyState !== FakeServerWebSocket.OPEN) return;
      this.dispatch('message', { type: 'message', data: text });
    }

    dispatch(type, event) {
      this[`on${type}`]?.(event);
      const listeners = this.listeners.get(type);
      if (listeners) for (const listener of listeners) listener.call(this, event);
    }

    send(text) {
      if (this.readyState !== FakeServerWebSocket.OPEN) throw new Error('send on a socket that is not open');
      server.clientFrames.push(text);
      const reply = answer(text);
      // Replies come back on a later task, as over a network: never re-entering the client's send().
      if (reply !== null) setTimeout(() => this.deliver(reply), 0);
    }

    close(code = 1000, reason = '') {
      if (this.readyState === FakeServerWebSocket.CLOSED) return;
      this.readyState = FakeServerWebSocket.CLOSED;
      setTimeout(() => this.dispatch('close', { type: 'close', code, reason, wasClean: true }), 0);
    }
  }

  /** The server's reply to one client frame, or null for none. */
  function answer(text) {
    if (text === '2') return '3';
    if (text === '40' || text.startsWith('40{')) return `40${JSON.stringify(pid === null ? { sid: 'bench-socket-sid' } : { sid: 'bench-socket-sid', pid })}`;
    const request = REQUEST.exec(text);
    if (!request) return null;
    const [, ackId, event, payloadText] = request;
    let payload;
    try {
      payload = JSON.parse(payloadText);
    } catch {
      return `43${ackId}[{"ok":false,"error":{"code":"bad_request","message":"payload is not JSON"}}]`;
    }
    if (event === 'join') {
      server.joinedRooms.add(payload.room);
      const ack = { ok: true, room: payload.room, members, messages: [], hasMore: false, readSeq: 0, lastSeq: 0 };
      return `43${ackId}${JSON.stringify([ack])}`;
    }
    // Nothing else is expected during the benchmark; answer so the client is not left waiting,
    // and let the caller see the request in clientFrames.
    return `43${ackId}[{"ok":true}]`;
  }

  server.WebSocket = FakeServerWebSocket;
  return server;
}
