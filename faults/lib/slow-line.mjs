// One direction of a slow network line: bytes leave at a limited rate and
// arrive a fixed latency later, in order, as over a real link with a
// serialisation rate and a propagation delay.
//
// Each chunk is cut into slices of at most SLICE_BYTES; a slice starts
// "on the wire" when the line is free (after the slices before it), takes
// size / rate to send, and is delivered `latencyMs` after that. The source
// is paused while more than HIGH_WATER_BYTES wait, so a fast sender fills
// no unbounded queue: TCP's own back-pressure then reaches it.

/** Small enough that 64 kB/s is smooth (a slice takes 62 ms), large enough to keep timers few. */
const SLICE_BYTES = 4096;
const HIGH_WATER_BYTES = 256 * 1024;

/**
 * @typedef {object} LineSettings
 * @property {number} latencyMs       added to every byte's trip; 0 for none
 * @property {number} bytesPerSecond  the line's rate; 0 or Infinity for no limit
 */

export class SlowLine {
  /** @type {{ bytes: Buffer, dueAt: number }[]} */
  #queue = [];
  #queuedBytes = 0;
  /** When the last slice queued has finished being sent (ms, performance.now()). */
  #lineFreeAt = 0;
  /** When the last slice queued arrives: delivery is in order even if the settings change. */
  #lastDueAt = 0;
  /** @type {NodeJS.Timeout | null} */
  #timer = null;
  #ending = false;
  #closed = false;

  /**
   * @param {import('node:stream').Readable} source       paused while the queue is full
   * @param {import('node:net').Socket} destination
   * @param {() => LineSettings} settings  read for every chunk, so a change applies at once
   */
  constructor(source, destination, settings) {
    this.source = source;
    this.destination = destination;
    this.settings = settings;
  }

  /** Sends `chunk` down the line. */
  write(chunk) {
    if (this.#closed) return;
    const { latencyMs, bytesPerSecond } = this.settings();
    if (latencyMs <= 0 && !(bytesPerSecond > 0 && bytesPerSecond < Infinity) && this.#queue.length === 0) {
      this.destination.write(chunk);
      return;
    }
    const now = performance.now();
    for (let offset = 0; offset < chunk.length; offset += SLICE_BYTES) {
      const bytes = chunk.subarray(offset, offset + SLICE_BYTES);
      const sendMs = bytesPerSecond > 0 && bytesPerSecond < Infinity ? (bytes.length / bytesPerSecond) * 1000 : 0;
      this.#lineFreeAt = Math.max(now, this.#lineFreeAt) + sendMs;
      this.#lastDueAt = Math.max(this.#lastDueAt, this.#lineFreeAt + Math.max(0, latencyMs));
      this.#queue.push({ bytes, dueAt: this.#lastDueAt });
      this.#queuedBytes += bytes.length;
    }
    if (this.#queuedBytes > HIGH_WATER_BYTES) this.source.pause();
    this.#schedule();
  }

  /** The source ended: the destination is ended once everything queued has arrived. */
  end() {
    this.#ending = true;
    if (this.#queue.length === 0) this.#finish();
  }

  /** Drops whatever is still on the line (the connection was cut). */
  close() {
    this.#closed = true;
    this.#queue = [];
    this.#queuedBytes = 0;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }

  #schedule() {
    if (this.#timer || this.#queue.length === 0) return;
    const wait = Math.max(0, this.#queue[0].dueAt - performance.now());
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.#deliver();
    }, wait);
  }

  #deliver() {
    if (this.#closed) return;
    const now = performance.now();
    const due = [];
    while (this.#queue.length > 0 && this.#queue[0].dueAt <= now + 1) {
      const { bytes } = /** @type {{ bytes: Buffer }} */ (this.#queue.shift());
      this.#queuedBytes -= bytes.length;
      due.push(bytes);
    }
    if (due.length > 0 && !this.destination.destroyed) this.destination.write(Buffer.concat(due));
    if (this.#queuedBytes <= HIGH_WATER_BYTES / 2 && this.source.isPaused()) this.source.resume();
    if (this.#queue.length > 0) this.#schedule();
    else if (this.#ending) this.#finish();
  }

  #finish() {
    if (!this.#closed && !this.destination.destroyed) this.destination.end();
  }
}
