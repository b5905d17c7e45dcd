import { fileURLToPath } from 'node:url';
import { seedServerCommand, startRestartableServer } from '../lib/child-server.mjs';

const SERVER = fileURLToPath(new URL('./server.py', import.meta.url));
/** Debian's interpreter, where python3-flask-socketio and python3-eventlet are installed. */
const PYTHON = '/usr/bin/python3';
/** server.py's MAX_MESSAGE_LENGTH: longer messages are dropped. */
const MAX_MESSAGE_LENGTH = 4000;

/**
 * Conformance adapter for seed 000 (flask-rooms). The seed has no sign-in: the client names
 * itself in each 'join', so credentials(name) makes no request, and a user's id is their name.
 * The server keeps everything in memory, as the seed does: restart() loses the history.
 */
export default {
  name: 'flask-rooms',
  preset: 'flask-rooms',

  async start() {
    const server = await startRestartableServer((port) => seedServerCommand(PYTHON, SERVER, port, null));
    const { url } = server;
    return {
      ...server,  // url, port, stop(), restart()
      // Rooms exist once someone joins them: any names work.
      rooms: ['general', 'random'],
      async credentials(name) { return { user: { id: name, name } }; },
      /** A text over the server's limit, which it drops without a word (the seed has no error event). */
      droppedText: 'x'.repeat(MAX_MESSAGE_LENGTH + 1),
    };
  },
};
