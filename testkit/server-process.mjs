// A server program run as a child process for tests: started, waited for
// until it says it is ready, stopped, and never left behind.
//
// Every server in this repository (demo/server, the seed backends in
// backends/) prints `listening on <url>` once it accepts connections, so that
// line is the default readiness signal; `ready` takes another pattern for
// programs that print something else (`next start`).
//
// Tests read a server's output only when something went wrong, so only its
// last lines are kept, and they are shown without being asked for when:
//   - it exits or stays silent before it is ready (the error carries them);
//   - it exits while a test still needs it (printed to stderr at once);
//   - the test process exits with a failure (printed for every process whose
//     output the caller never took: see output()).
// Whatever is still running when the test process exits is killed then, so a
// failing test, or one that forgets to stop its server, leaves nothing behind.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';

/** The line this repository's servers print when they accept connections; group 1 is the URL. */
export const LISTENING_LINE = /^listening on (http:\/\/\S+)$/;

/** How many lines of a server's output are kept for failure messages. */
const OUTPUT_LINES_KEPT = 100;

/** Started and not yet exited: killed when this process exits. */
const running = new Set();
/** Started, and their output not yet taken by the caller: reported if this process exits with a failure. */
const unreported = new Set();

/**
 * @typedef {object} ServerProcessOptions
 * @property {string} command  the program (`process.execPath` for a Node script)
 * @property {string[]} [args]
 * @property {string} [cwd]
 * @property {NodeJS.ProcessEnv} [env]  its environment; this process's when absent
 * @property {string} [name]  how messages name it; the command line when absent
 * @property {RegExp} [ready]  the server is ready at the first line of its stdout matching this
 *   (no /g flag); group 1, if there is one, is its URL. Default: LISTENING_LINE
 * @property {number} [readyTimeoutMs]  default 20 s: generous, as the test machines are shared
 * @property {number} [stopGraceMs]  how long stop() waits after its signal before SIGKILL; default 5 s
 */

/** @typedef {{ code: number | null, signal: NodeJS.Signals | null }} ExitStatus */

/**
 * Starts a server program and resolves once it is ready. Rejects (after killing it) if it exits
 * first or is not ready in time; the error carries its last lines of output.
 * @param {ServerProcessOptions} options
 * @returns {Promise<ServerProcess>}
 */
export async function startServerProcess({
  command,
  args = [],
  cwd,
  env,
  name = [command, ...args].join(' '),
  ready = LISTENING_LINE,
  readyTimeoutMs = 20_000,
  stopGraceMs = 5_000,
}) {
  const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const server = new ServerProcess(child, name, stopGraceMs);
  const match = await server.untilReady(ready, readyTimeoutMs);
  server.url = match[1] ?? null;
  server.port = server.url ? Number(new URL(server.url).port) : null;
  return server;
}

/**
 * A port that was free on 127.0.0.1 a moment ago, for programs that must be given one (rather than
 * taking port 0 and printing the one they got).
 * @returns {Promise<number>}
 */
export function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (probe.address());
      probe.close(() => resolve(port));
    });
  });
}

/** A running server program; made by startServerProcess(). */
export class ServerProcess {
  /** @type {string} How messages name it. */
  name;
  /** @type {number | undefined} Its process id (none if it could not be started). */
  pid;
  /** @type {string | null} Group 1 of its ready line (its `http://127.0.0.1:<port>`), or null if the pattern has none. */
  url = null;
  /** @type {number | null} The port of `url`, or null. */
  port = null;

  #child;
  #tail = new OutputTail(OUTPUT_LINES_KEPT);
  /** @type {Set<(line: string) => void>} */
  #stdoutListeners = new Set();
  #stopGraceMs;
  /** @type {ExitStatus | null} */
  #exit = null;
  /** @type {Promise<ExitStatus>} */
  #exited;
  /** Set by stop(): an exit from now on is expected. */
  #stopping = false;
  #ready = false;

  /**
   * @internal Use startServerProcess().
   * @param {import('node:child_process').ChildProcess} child
   * @param {string} name
   * @param {number} stopGraceMs
   */
  constructor(child, name, stopGraceMs) {
    this.name = name;
    this.pid = child.pid;
    this.#child = child;
    this.#stopGraceMs = stopGraceMs;
    running.add(this);
    unreported.add(this);
    watchProcessExit();

    // A server must not keep the test process alive: the exit hook kills what is left instead.
    child.unref();
    readLines(child.stderr, (line) => this.#tail.add(line));
    readLines(child.stdout, (line) => {
      this.#tail.add(line);
      for (const listener of this.#stdoutListeners) listener(line);
    });
    this.#exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.#exit = { code, signal };
        running.delete(this);
        if (this.#ready && !this.#stopping) this.#reportUnexpectedExit();
        resolve(this.#exit);
      });
    });
  }

  /**
   * @internal For startServerProcess(): resolves with the match of the first stdout line matching
   * `pattern`; rejects (having killed the process) if it ends or cannot start first, or after
   * `timeoutMs`.
   * @param {RegExp} pattern
   * @param {number} timeoutMs
   * @returns {Promise<RegExpExecArray>}
   */
  untilReady(pattern, timeoutMs) {
    return new Promise((resolve, reject) => {
      let settled = false;
      const settle = () => {
        if (settled) return false;
        settled = true;
        clearTimeout(timer);
        this.#stdoutListeners.delete(onLine);
        this.#child.off('close', onClose);
        return true;
      };
      const fail = (/** @type {string} */ why) => {
        if (!settle()) return;
        this.#stopping = true;
        this.#child.kill('SIGKILL');
        running.delete(this);
        reject(new Error(`${this.name}: ${why}\n${this.describe()}`));
      };
      const onLine = (/** @type {string} */ line) => {
        const match = pattern.exec(line);
        if (!match || !settle()) return;
        this.#ready = true;
        resolve(match);
      };
      // 'close' rather than 'exit': it comes once its output has been read to the end, so the
      // error shows the last words of a server that died at start-up.
      const onClose = (/** @type {number | null} */ code, /** @type {string | null} */ signal) =>
        fail(`exited (code ${code}, signal ${signal}) before it was ready`);
      const timer = setTimeout(() => fail(`not ready within ${timeoutMs} ms (no stdout line matching ${pattern})`), timeoutMs);
      this.#stdoutListeners.add(onLine);
      this.#child.once('close', onClose);
      // A command that cannot be run at all (ENOENT) says so here.
      this.#child.once('error', (error) => fail(`could not be started: ${error.message}`));
    });
  }

  /**
   * Its last lines of output (stdout and stderr, in the order they arrived). A caller that takes
   * them reports them itself (a test report attachment, an error), so they are then left out of
   * the report printed when the test process exits with a failure.
   * @returns {string}
   */
  output() {
    unreported.delete(this);
    return this.#tail.text();
  }

  /** output() under a header naming the process, for failure messages. */
  describe() {
    return `--- ${this.name} (pid ${this.pid}): its last output ---\n${this.output() || '(none)'}\n--- end of ${this.name} output ---`;
  }

  /**
   * Sends `signal` (SIGTERM unless told), then SIGKILL if it has not exited after the grace
   * period, and resolves with how it exited; at once if it already has.
   * @param {{ signal?: NodeJS.Signals, graceMs?: number }} [options]
   * @returns {Promise<ExitStatus>}
   */
  async stop({ signal = 'SIGTERM', graceMs = this.#stopGraceMs } = {}) {
    this.#stopping = true;
    if (this.#exit) return this.#exit;
    // Until it has exited, it keeps this process alive again: the caller is waiting for it.
    this.#child.ref();
    this.#child.kill(signal);
    const timer = setTimeout(() => {
      this.#tail.add(`[testkit] no exit within ${graceMs} ms of ${signal}: sent SIGKILL`);
      this.#child.kill('SIGKILL');
    }, graceMs);
    try {
      return await this.#exited;
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * SIGKILL: the process dies at once, saying goodbye to no one (its clients see their
   * connections drop). Resolves with how it exited.
   * @returns {Promise<ExitStatus>}
   */
  kill() {
    return this.stop({ signal: 'SIGKILL' });
  }

  /** @internal For the exit hook: this process is ending, so there is no waiting for the exit. */
  killNow() {
    this.#child.kill('SIGKILL');
  }

  #reportUnexpectedExit() {
    const { code, signal } = /** @type {ExitStatus} */ (this.#exit);
    process.stderr.write(`[testkit] ${this.name} exited while still in use (code ${code}, signal ${signal})\n${this.describe()}\n`);
  }
}

/**
 * Calls `onLine` with each line of a child's output stream, without the stream keeping this
 * process alive.
 * @param {import('node:stream').Readable | null} stream
 * @param {(line: string) => void} onLine
 */
function readLines(stream, onLine) {
  if (!stream) return;
  /** @type {import('node:net').Socket} */ (stream).unref?.();
  createInterface({ input: stream }).on('line', onLine);
}

/** The last `capacity` lines added. */
class OutputTail {
  /** @type {string[]} */
  #lines = [];
  #dropped = 0;

  /** @param {number} capacity */
  constructor(capacity) {
    this.capacity = capacity;
  }

  /** @param {string} line */
  add(line) {
    this.#lines.push(line);
    if (this.#lines.length > this.capacity) {
      this.#lines.shift();
      this.#dropped += 1;
    }
  }

  text() {
    const lines = this.#dropped > 0 ? [`[testkit] ... ${this.#dropped} earlier lines not kept`, ...this.#lines] : this.#lines;
    return lines.join('\n');
  }
}

let watchingProcessExit = false;

/**
 * Once per process: at its exit, kill every server still running, and if it is exiting with a
 * failure (node --test sets exit code 1 in a file where a test failed; Playwright's runner
 * exits 1), print the output of the servers nobody reported. Killing children does not need the
 * event loop, so an 'exit' listener can do it. A test process killed by a signal runs no
 * listener, but Ctrl-C reaches the whole process group, servers included.
 */
function watchProcessExit() {
  if (watchingProcessExit) return;
  watchingProcessExit = true;
  process.on('exit', (code) => {
    const leftRunning = [...running];
    for (const server of leftRunning) server.killNow();
    if (leftRunning.length > 0) {
      const names = leftRunning.map((server) => `${server.name} (pid ${server.pid})`).join(', ');
      process.stderr.write(`[testkit] killed ${leftRunning.length} server process(es) left running: ${names}\n`);
    }
    if (code !== 0) {
      for (const server of unreported) process.stderr.write(`${server.describe()}\n`);
    }
  });
}
