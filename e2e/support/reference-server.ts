// The reference server as a child process: the real program
// (demo/server/src/main.mjs), a real SQLite file, a free port. Tests can stop
// it gracefully, kill it hard (SIGKILL: no goodbye to clients, no shutdown
// code) and start it again on the same port and database.
import { startServerProcess, type ServerProcess } from '../../testkit/server-process.mjs';
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
  /** What the process(es) printed (the last lines of each), for failure messages. */
  output(): string;
}

/** Starts the reference server program on a free port and waits for its `listening on` line. */
export async function startReferenceServer(options: ReferenceServerOptions): Promise<ReferenceServer> {
  /** Every process started so far: a restart is a new one. */
  const launched: ServerProcess[] = [];
  let running: ServerProcess | null = null;
  let port = 0;

  const launch = async () => {
    const args = [SERVER_MAIN, '--port', String(port), '--host', '127.0.0.1', '--db', options.dbPath, '--web', WEB_DIST];
    if (!options.seedArchive) args.push('--no-seed-archive');
    running = await startServerProcess({
      name: 'reference server',
      command: process.execPath,
      args,
      readyTimeoutMs: START_TIMEOUT_MS,
      stopGraceMs: STOP_TIMEOUT_MS,
    });
    launched.push(running);
    port = running.port!;
  };
  await launch();

  return {
    get url() {
      return `http://127.0.0.1:${port}`;
    },
    get port() {
      return port;
    },
    dbPath: options.dbPath,
    async kill() {
      const stopping = running;
      running = null;
      await stopping?.kill();
    },
    async start() {
      if (running) throw new Error('the server is already running');
      await launch();
    },
    async stop() {
      const stopping = running;
      running = null;
      return stopping ? (await stopping.stop()).code : null;
    },
    output: () => launched.map((server) => server.output()).join('\n--- restarted ---\n'),
  };
}
