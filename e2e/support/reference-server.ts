// The reference server as a child process: the real program
// (demo/server/src/main.mjs), a real SQLite file, a free port. Tests can stop
// it gracefully, kill it hard (SIGKILL: no goodbye to clients, no shutdown
// code) and start it again on the same port and database.
import { spawn, type ChildProcess } from 'node:child_process';
import { SERVER_MAIN, WEB_DIST } from './paths';

const START_TIMEOUT_MS = 20_000;
const STOP_TIMEOUT_MS = 5_000;

export interface ReferenceServerOptions {
  /** The SQLite file; kept across restarts. */
  dbPath: string;
  /** Seed the `archive` room with its 10,000 messages (only on a fresh file). */
  seedArchive?: boolean;
}

export interface ReferenceServer {
  /** http://127.0.0.1:<port>, the page's and the API's origin. */
  readonly url: string;
  readonly port: number;
  readonly dbPath: string;
  /** SIGKILL: the process dies at once; clients see their sockets drop. */
  kill(): Promise<void>;
  /** Starts the program again on the same port and database (after kill or stop). */
  start(): Promise<void>;
  /** SIGTERM; resolves with the exit code (the contract says 0). */
  stop(): Promise<number | null>;
  /** Everything the process(es) printed, for failure messages. */
  output(): string;
}

/** Starts the reference server program on a free port and waits for its `listening on` line. */
export async function startReferenceServer(options: ReferenceServerOptions): Promise<ReferenceServer> {
  const log: string[] = [];
  let child: ChildProcess | null = null;
  let port = 0;

  const launch = async () => {
    const args = [SERVER_MAIN, '--port', String(port), '--host', '127.0.0.1', '--db', options.dbPath, '--web', WEB_DIST];
    if (!options.seedArchive) args.push('--no-seed-archive');
    const started = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    child = started;
    const url = await waitForListening(started, log);
    port = Number(new URL(url).port);
  };
  await launch();

  const exitOf = (process: ChildProcess) =>
    new Promise<number | null>((resolve) => {
      if (process.exitCode !== null || process.signalCode !== null) resolve(process.exitCode);
      else process.once('exit', (code) => resolve(code));
    });

  return {
    get url() {
      return `http://127.0.0.1:${port}`;
    },
    get port() {
      return port;
    },
    dbPath: options.dbPath,
    async kill() {
      const running = child;
      if (!running) return;
      child = null;
      running.kill('SIGKILL');
      await exitOf(running);
    },
    async start() {
      if (child) throw new Error('the server is already running');
      await launch();
    },
    async stop() {
      const running = child;
      if (!running) return null;
      child = null;
      running.kill('SIGTERM');
      const timer = setTimeout(() => running.kill('SIGKILL'), STOP_TIMEOUT_MS);
      try {
        return await exitOf(running);
      } finally {
        clearTimeout(timer);
      }
    },
    output: () => log.join(''),
  };
}

/** Resolves with the URL from the `listening on <url>` line; rejects if the process exits first. */
function waitForListening(child: ChildProcess, log: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    let settled = false;
    let buffered = '';
    const timer = setTimeout(() => fail(new Error(`no "listening on" line within ${START_TIMEOUT_MS} ms`)), START_TIMEOUT_MS);
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${error.message}\n--- server output ---\n${log.join('')}`));
    };
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      log.push(chunk);
      if (settled) return;
      buffered += chunk;
      const match = /^listening on (http:\/\/\S+)$/m.exec(buffered);
      if (match) {
        settled = true;
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => log.push(chunk));
    child.once('exit', (code, signal) => fail(new Error(`the server exited (code ${code}, signal ${signal}) before listening`)));
  });
}
