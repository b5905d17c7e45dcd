// The reference server program (demo/server/src/main.mjs) as a target of the
// fault suite: one process on a SQLite file, so that a SIGKILL loses nothing
// it committed, restarted on the same port so that clients (through the
// proxy) find it again. Every target has the shape documented in ./target.mjs.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { startServerProcess } from '../../../testkit/server-process.mjs';
import { sleep } from '../../../testkit/waits.mjs';
import { openConnections, signIn, speaksPolling } from './http.mjs';

const MAIN = fileURLToPath(new URL('../../../demo/server/src/main.mjs', import.meta.url));

/**
 * Starts the reference server on a fresh database in `dataDir`.
 * @param {{ dataDir: string }} options
 * @returns {Promise<import('./target.mjs').Target>}
 */
export async function startReferenceServer({ dataDir }) {
  const dbPath = join(dataDir, 'chat.sqlite');
  /** @type {import('../../../testkit/server-process.mjs').ServerProcess[]} */
  const launched = [];
  let port = 0;
  /** @type {import('../../../testkit/server-process.mjs').ServerProcess | null} */
  let running = null;
  let stopped = false;
  const launch = async () => {
    running = await startServerProcess({
      name: 'reference server',
      command: process.execPath,
      args: [MAIN, '--host', '127.0.0.1', '--port', String(port), '--db', dbPath, '--no-seed-archive'],
    });
    launched.push(running);
    port = /** @type {number} */ (running.port);
  };
  await launch();
  const url = `http://127.0.0.1:${port}`;

  return {
    name: 'reference server',
    entry: { host: '127.0.0.1', port },
    url,
    rooms: ['general', 'random', 'design'],
    crashWhat: 'the server',
    signIn: (name) => signIn(url, name),
    speaksPolling: () => speaksPolling(url),
    async crash({ downMs }) {
      const connections = await openConnections(url);
      const victim = running;
      running = null;
      await victim?.kill();
      await sleep(downMs);
      // A scenario past its deadline may have stopped the target meanwhile: start nothing then.
      if (stopped) throw new Error('the reference server was stopped while it was down');
      await launch();
      return { victim: 'the server', connections };
    },
    async storedMessages(room) {
      // Read-only beside the running server: SQLite's WAL lets a reader in while it writes.
      const db = new Database(dbPath, { readonly: true, fileMustExist: true });
      try {
        return db
          .prepare('SELECT seq, text, author_id AS authorId, client_id AS clientId FROM messages WHERE room = ? ORDER BY seq')
          .all(room);
      } finally {
        db.close();
      }
    },
    async stop() {
      stopped = true;
      const last = running;
      running = null;
      await last?.stop();
    },
    output: () => launched.map((server) => server.describe()).join('\n'),
  };
}
