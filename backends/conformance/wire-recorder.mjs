/**
 * Records the Socket.IO events a client sends, read from the WebSocket frames themselves, so a
 * scenario can count what actually went over the wire (typing debounce, one send per message).
 */
export class WireRecorder {
  /** @type {{event: string, payload: unknown, at: number}[]} */
  sent = [];

  /** Takes one outgoing text frame; anything but a Socket.IO EVENT packet (pings, CONNECT) is skipped. */
  record(frame) {
    if (typeof frame !== 'string') return;
    // Engine.IO MESSAGE "4", Socket.IO EVENT "2", an optional "/namespace," and ack id, then the JSON array.
    const match = /^42(?:\/[^,]*,)?\d*(\[.*)$/s.exec(frame);
    if (!match) return;
    let packet;
    try { packet = JSON.parse(match[1]); } catch { return; }
    if (Array.isArray(packet) && typeof packet[0] === 'string') {
      this.sent.push({ event: packet[0], payload: packet[1], at: Date.now() });
    }
  }

  /** The sent events whose payload carries `text` (a message's text, whatever the field's name). */
  sentCarrying(text) {
    const needle = JSON.stringify(text);
    return this.sent.filter((entry) => JSON.stringify(entry.payload ?? null).includes(needle));
  }
}
