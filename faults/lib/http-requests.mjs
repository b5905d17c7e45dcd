// Finds the HTTP request heads in the bytes a client sends over one TCP
// connection, so that the fault proxy can refuse WebSocket upgrades while
// passing plain HTTP (Engine.IO's long-polling) untouched.
//
// Only what that needs is parsed: the request line and headers, and a body
// framed by Content-Length, so that the next request's head is found on a
// keep-alive connection. Anything else ends the parsing of that connection
// and the rest is passed through as it is ("opaque"):
//   - an upgrade that is let through (the bytes after it are WebSocket frames);
//   - a chunked body (Engine.IO clients never send one: they know the length);
//   - a head over 64 KiB or bytes that are not HTTP (the proxy is not a
//     firewall; it must never break a protocol it does not understand).

/** A head longer than this is not worth holding back: the connection goes opaque. */
const MAX_HEAD_BYTES = 64 * 1024;
const HEAD_END = Buffer.from('\r\n\r\n');

/**
 * @typedef {object} RequestHead
 * @property {string} method
 * @property {string} target   the request target, e.g. "/socket.io/?EIO=4&transport=polling"
 * @property {Map<string, string>} headers  lower-case names; repeated headers joined with ", "
 * @property {Buffer} raw      the head's bytes, request line to the blank line included
 */

/**
 * @typedef {{ kind: 'head', head: RequestHead } | { kind: 'bytes', bytes: Buffer }} Segment
 *   A head, held back until complete so that it can be refused; or bytes to pass on as they are
 *   (bodies, and everything once the connection is opaque).
 */

/** Splits one connection's client-to-server bytes into request heads and the bytes between. */
export class RequestSplitter {
  /** @type {'head' | 'body' | 'opaque'} */
  #state = 'head';
  /** Bytes of an incomplete head. */
  #pending = Buffer.alloc(0);
  /** Body bytes still to come of the current request. */
  #bodyLeft = 0;

  /** True once parsing has stopped for good on this connection. */
  get opaque() {
    return this.#state === 'opaque';
  }

  /**
   * Takes the next chunk from the client; returns what it holds, in order.
   * @param {Buffer} chunk
   * @returns {Segment[]}
   */
  push(chunk) {
    /** @type {Segment[]} */
    const out = [];
    let rest = chunk;
    while (rest.length > 0) {
      if (this.#state === 'opaque') {
        out.push({ kind: 'bytes', bytes: rest });
        break;
      }
      if (this.#state === 'body') {
        const take = Math.min(this.#bodyLeft, rest.length);
        out.push({ kind: 'bytes', bytes: rest.subarray(0, take) });
        this.#bodyLeft -= take;
        rest = rest.subarray(take);
        if (this.#bodyLeft === 0) this.#state = 'head';
        continue;
      }
      // 'head': gather until the blank line.
      const buffered = Buffer.concat([this.#pending, rest]);
      const end = buffered.indexOf(HEAD_END);
      if (end === -1) {
        if (buffered.length > MAX_HEAD_BYTES || !looksLikeHttp(buffered)) {
          this.#goOpaque(out, buffered);
        } else {
          this.#pending = buffered;
        }
        break;
      }
      const raw = buffered.subarray(0, end + HEAD_END.length);
      rest = buffered.subarray(raw.length);
      this.#pending = Buffer.alloc(0);
      const head = parseHead(raw);
      if (!head) {
        this.#goOpaque(out, buffered);
        break;
      }
      out.push({ kind: 'head', head });
      this.#afterHead(head);
    }
    return out;
  }

  /** Decides how the bytes after `head` are framed. */
  #afterHead(head) {
    if (isWebSocketUpgrade(head) || /\bchunked\b/i.test(head.headers.get('transfer-encoding') ?? '')) {
      this.#state = 'opaque';
      return;
    }
    const length = Number(head.headers.get('content-length') ?? '0');
    if (!Number.isSafeInteger(length) || length < 0) {
      this.#state = 'opaque';
    } else if (length > 0) {
      this.#bodyLeft = length;
      this.#state = 'body';
    }
  }

  #goOpaque(out, bytes) {
    this.#state = 'opaque';
    this.#pending = Buffer.alloc(0);
    out.push({ kind: 'bytes', bytes });
  }
}

/** Whether `head` asks to switch the connection to WebSocket (RFC 6455 4.1). */
export function isWebSocketUpgrade(head) {
  return /\bwebsocket\b/i.test(head.headers.get('upgrade') ?? '');
}

/** A request line starts with a token method and a space; checked on the first bytes only. */
function looksLikeHttp(bytes) {
  const start = bytes.subarray(0, 16).toString('latin1');
  return /^[A-Z]{0,15}( |$)/.test(start);
}

/** @returns {RequestHead | null} */
function parseHead(raw) {
  const lines = raw.toString('latin1').split('\r\n');
  const requestLine = /^([A-Z]+) (\S+) HTTP\/1\.[01]$/.exec(lines[0] ?? '');
  if (!requestLine) return null;
  const headers = new Map();
  for (const line of lines.slice(1)) {
    if (line === '') continue;
    const colon = line.indexOf(':');
    if (colon <= 0) return null;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers.set(name, headers.has(name) ? `${headers.get(name)}, ${value}` : value);
  }
  return { method: requestLine[1], target: requestLine[2], headers, raw };
}
