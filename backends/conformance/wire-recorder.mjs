/**
 * Records the Socket.IO events a client sends and receives, read from the WebSocket frames themselves, so a
 * scenario can count what actually went over the wire (typing debounce, one send per message).
 */
export class WireRecorder {
  /** @type {{event: string, payload: unknown, at: number}[]} */
  sent = [];

  /** Events the server sent, in the same form. */
  received = [];

  /** Takes one outgoing text frame; anything but a Socket.IO EVENT packet (pings, CONNECT) is skipped. */
  record(frame) {
    this.#parse(frame, this.sent);
  }

  /** Takes one incoming frame. */
  recordIncoming(frame) {
    this.#parse(typeof frame === 'string' ? frame : String(frame), this.received);
  }

  #parse(frame, into) {
    if (typeof frame !== 'string') return;
    // Engine.IO MESSAGE "4", Socket.IO EVENT "2", an optional "/namespace," and ack id, then the JSON array.
    const match = /^42(?:\/[^,]*,)?\d*(\[.*)$/s.exec(frame);
    if (!match) return;
    let packet;
    try { packet = JSON.parse(match[1]); } catch { return; }
    if (Array.isArray(packet) && typeof packet[0] === 'string') {
      into.push({ event: packet[0], payload: packet[1], at: Date.now() });
    }
  }

  /** The recorded events named `event` (optionally only those `accept` keeps) since `since` (ms). */
  events(event, { since = 0, accept = () => true } = {}) {
    return this.sent.filter((entry) => entry.event === event && entry.at >= since && accept(entry.payload));
  }
}
