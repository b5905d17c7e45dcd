import { fileURLToPath } from 'node:url';
import { seedServerCommand, startRestartableServer } from '../lib/child-server.mjs';
import { restCaller } from '../lib/rest-client.mjs';

const SERVER = fileURLToPath(new URL('./server.py', import.meta.url));
/** Debian's interpreter, where python3-flask-socketio and python3-eventlet are installed. */
const PYTHON = '/usr/bin/python3';

/** Signs in through POST /login and keeps the Flask session cookie it sets. */
async function signIn(url, name) {
  const response = await fetch(`${url}/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: name }),
  });
  const body = await response.json().catch(() => null);
  const session = /(?:^|[,;]\s*)session=([^;]+)/.exec(response.headers.get('set-cookie') ?? '');
  if (response.status !== 200 || !session) throw new Error(`login of ${name} failed: ${response.status} ${JSON.stringify(body)}`);
  return {
    user: { id: String(body.user.id), name: body.user.username },
    // The session cookie: what a browser sends with the WebSocket handshake by itself.
    headers: { cookie: `session=${session[1]}` },
  };
}

/**
 * Conformance adapter for seed 004 (flask-multiroom): runs server.py with Debian's Python; users
 * sign in with a Flask session cookie; the rooms are two of the seed's default rooms.
 */
export default {
  name: 'flask-multiroom',
  preset: 'flask-multiroom',

  async start({ dataDir } = {}) {
    const server = await startRestartableServer((port) => seedServerCommand(PYTHON, SERVER, port, dataDir));
    const { url } = server;
    return {
      ...server,  // url, port, stop(), restart()
      rooms: ['general', 'workout-tips'],
      async credentials(name) { return signIn(url, name); },
      rest: restCaller(url),
      /** Not one of the rooms: joining it draws 'Room not found'. */
      unknownRoom: 'no-such-room',
    };
  },
};
