import { fileURLToPath } from 'node:url';
import { seedServerCommand, startRestartableServer } from '../lib/child-server.mjs';
import { requestJson, restCaller } from '../lib/rest-client.mjs';
import { MAX_MESSAGE_LENGTH } from './validation.mjs';

const SERVER = fileURLToPath(new URL('./server.mjs', import.meta.url));

/**
 * Conformance adapter for seed 003 (express-conversations). The seed has no sign-in: its front end
 * already knows the app user's id and sends it as senderId / userId. So credentials(name) makes
 * no request and uses the name as the user id (the preset shows the senderId as the author name).
 */
export default {
  name: 'express-conversations',
  preset: 'express-conversations',

  /** Starts server.mjs on a free port; messages persist in dataDir (SQLite) when given. */
  async start({ dataDir } = {}) {
    const server = await startRestartableServer((port) => seedServerCommand(process.execPath, SERVER, port, dataDir));
    const { url } = server;
    return {
      ...server,  // url, port, stop(), restart()
      async credentials(name) { return { user: { id: name, name } }; },
      // Conversations are socket.io rooms, created by the first join: any ids work.
      rooms: ['conversation-1', 'conversation-2'],
      /** REST on this backend: (creds, method, path, body) -> {status, json}. */
      rest: restCaller(url),
      /** A text the server drops without a word (over its length limit): the seed has no error event. */
      droppedText: 'x'.repeat(MAX_MESSAGE_LENGTH + 1),
      /** The conversation's message texts from the REST API (the seed's history lives there). */
      async restHistory(creds, roomId) {
        const { status, json } = await requestJson(`${url}/api/conversations/${encodeURIComponent(roomId)}/messages`);
        if (status !== 200) throw new Error(`GET messages: ${status}`);
        return json.map((message) => message.message);
      },
    };
  },
};
