import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startRestartableServer } from '../lib/child-server.mjs';
import { requestJson, restCaller } from '../lib/rest-client.mjs';

const MAIN = fileURLToPath(new URL('../../demo/server/src/main.mjs', import.meta.url));

/** Signs in through the reference server's POST /api/login {name} → {token, user}. */
async function signIn(url, name) {
  const { status, json } = await requestJson(`${url}/api/login`, { method: 'POST', body: { name } });
  if (status !== 200) throw new Error(`login of ${name} failed: ${status} ${JSON.stringify(json)}`);
  return {
    user: { id: json.user.id, name: json.user.name },
    auth: { token: json.token },
    headers: { authorization: `Bearer ${json.token}` },
  };
}

/**
 * Conformance adapter for Chatwire's own reference server (demo/server, the `chatwire` preset):
 * the baseline the seed backends are compared with. It needs demo/server's packages installed.
 */
export default {
  name: 'chatwire (reference server)',
  preset: 'chatwire',

  /** Runs demo/server/src/main.mjs on a free port; its SQLite file (and token secret) live in dataDir. */
  async start({ dataDir } = {}) {
    if (!dataDir) throw new Error('the reference server keeps its data in SQLite: pass a dataDir');
    const server = await startRestartableServer((port) => ({
      command: process.execPath,
      args: [MAIN, '--port', String(port), '--db', path.join(dataDir, 'chatwire.sqlite'), '--no-seed-archive'],
    }));
    const { url } = server;
    return {
      ...server,  // url, port, stop(), restart()
      // Two of the rooms a fresh database has (demo/server/src/demo-data.mjs).
      rooms: ['general', 'random'],
      async credentials(name) { return signIn(url, name); },
      /** Rooms are fixed in the reference server: joining any other is refused ('not_found'). */
      unknownRoom: 'no-such-room',
      rest: restCaller(url),
    };
  },
};
