import { fileURLToPath } from 'node:url';
import { seedServerCommand, startRestartableServer } from '../lib/child-server.mjs';
import { requestJson, restCaller } from '../lib/rest-client.mjs';

const SERVER = fileURLToPath(new URL('./server.py', import.meta.url));
/** Debian's interpreter, where python3-flask-socketio and python3-eventlet are installed. */
const PYTHON = '/usr/bin/python3';

/** Signs in through the test login; the JWT goes in the query (the seed's alternative to the cookie). */
async function signIn(url, name) {
  const { status, json } = await requestJson(`${url}/api/auth/login`, { method: 'POST', body: { username: name } });
  if (status !== 200) throw new Error(`login of ${name} failed: ${status} ${JSON.stringify(json)}`);
  const token = json.access_token;
  return {
    user: { id: String(json.user.id), name: json.user.username },
    query: { token },
    headers: { cookie: `access_token_cookie=${token}` },
  };
}

/**
 * Conformance adapter for seed 001 (flask-shows): runs server.py with Debian's Python, signs users
 * in with a JWT, and uses the two shows a fresh database has.
 */
export default {
  name: 'flask-shows',
  preset: 'flask-shows',

  async start({ dataDir } = {}) {
    const server = await startRestartableServer((port) => seedServerCommand(PYTHON, SERVER, port, dataDir));
    const { url } = server;
    return {
      ...server,  // url, port, stop(), restart()
      // Shows 1 and 2 exist in every fresh database (store.py, DEFAULT_SHOWS).
      rooms: ['1', '2'],
      async credentials(name) { return signIn(url, name); },
      rest: restCaller(url),
      /** A show that does not exist: joining it draws the seed's 'Show not found' error. */
      unknownRoom: '999999',
    };
  },
};
