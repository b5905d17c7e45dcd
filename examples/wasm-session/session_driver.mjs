// Drives one WebAssembly Session the way docs/architecture.md describes the JS side:
// it owns the I/O only. It opens WebSockets when told, hands every frame
// in with the current time, performs the batch of actions that comes back,
// and arms a single timer for the core's next deadline.
import WebSocket from 'ws';

/** Copies a JS string into Wasm memory for the duration of `use`. */
function withCString(wasm, text, use) {
  const size = wasm.lengthBytesUTF8(text) + 1;
  const pointer = wasm._malloc(size);
  try {
    wasm.stringToUTF8(text, pointer, size);
    return use(pointer, size - 1);
  } finally {
    wasm._free(pointer);
  }
}

export class SessionDriver {
  /**
   * @param wasm    the instantiated module (createChatwireSession())
   * @param url     the server's origin, e.g. http://127.0.0.1:3000
   * @param options { auth: object, seed: number, log: (line) => void }
   */
  constructor(wasm, url, { auth = null, seed = 1, log = () => {} } = {}) {
    this.wasm = wasm;
    this.wsBase = `${url.replace(/^http/, 'ws')}/socket.io/?`;
    this.log = log;
    this.sockets = new Map();
    this.timer = null;
    this.state = 'idle';
    this.events = [];
    this.waiters = new Set();
    this.handle = withCString(wasm, JSON.stringify(auth), (pointer) => wasm._cw_create(pointer, seed));
    if (!this.handle) throw new Error('the session refused its configuration');
  }

  now() {
    return performance.now();
  }

  connect() {
    this.wasm._cw_connect(this.handle, this.now());
    this.pump();
  }

  disconnect() {
    this.wasm._cw_disconnect(this.handle, this.now());
    this.pump();
  }

  /** Emits an event; returns its emit id (or -1 if refused). */
  emit(name, args, ackTimeoutMs = 0) {
    const id = withCString(this.wasm, name, (namePointer) =>
      withCString(this.wasm, JSON.stringify(args), (argsPointer) =>
        this.wasm._cw_emit(this.handle, this.now(), namePointer, argsPointer, ackTimeoutMs)));
    this.pump();
    return id;
  }

  /** Frees the Wasm session and every socket and timer it holds. */
  destroy() {
    clearTimeout(this.timer);
    for (const socket of this.sockets.values()) socket.terminate();
    this.sockets.clear();
    this.wasm._cw_destroy(this.handle);
    this.handle = 0;
  }

  /** Resolves with the first event (past or future) that satisfies `test`. */
  waitFor(description, test, timeoutMs = 10_000) {
    const found = this.events.find(test);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const waiter = { test, resolve };
      waiter.timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${description}`));
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }

  /** Performs every action and reports every event the core has queued. */
  pump() {
    if (!this.handle) return;
    const batch = JSON.parse(this.wasm.UTF8ToString(this.wasm._cw_poll(this.handle)));
    for (const action of batch.actions) this.perform(action);
    for (const event of batch.events) this.report(event);
    this.armTimer();
  }

  perform(action) {
    switch (action.kind) {
      case 'open': {
        const socket = new WebSocket(this.wsBase + action.query);
        this.sockets.set(action.transport, socket);
        socket.on('open', () => this.input(() => this.wasm._cw_opened(this.handle, this.now(), action.transport)));
        socket.on('message', (data, isBinary) => {
          if (isBinary) return; // binary attachments are not part of this example
          const text = data.toString('utf8');
          this.input(() => withCString(this.wasm, text, (pointer, length) =>
            this.wasm._cw_frame(this.handle, this.now(), action.transport, pointer, length)));
        });
        socket.on('close', () => {
          this.sockets.delete(action.transport);
          this.input(() => this.wasm._cw_closed(this.handle, this.now(), action.transport));
        });
        socket.on('error', () => {}); // always followed by 'close', which is what the core needs
        break;
      }
      case 'send':
        this.sockets.get(action.transport)?.send(action.text);
        break;
      case 'close':
        this.sockets.get(action.transport)?.close();
        this.sockets.delete(action.transport);
        break;
      default:
        throw new Error(`unknown action ${action.kind}`);
    }
  }

  input(call) {
    if (!this.handle) return;
    call();
    this.pump();
  }

  report(event) {
    if (event.kind === 'state') this.state = event.to;
    this.events.push(event);
    this.log(event);
    for (const waiter of this.waiters) {
      if (waiter.test(event)) {
        clearTimeout(waiter.timer);
        this.waiters.delete(waiter);
        waiter.resolve(event);
      }
    }
  }

  armTimer() {
    clearTimeout(this.timer);
    this.timer = null;
    const deadline = this.wasm._cw_next_deadline(this.handle);
    if (deadline < 0) return;
    // setTimeout fires at once for delays over 2^31 - 1 ms; an early wake-up
    // is harmless (handle_timeout does nothing before the deadline).
    const delay = Math.min(Math.max(0, deadline - this.now()), 2 ** 31 - 1);
    this.timer = setTimeout(() => this.input(() => this.wasm._cw_timeout(this.handle, this.now())), delay);
  }
}
