import { seedServerCommand, startRestartableServer } from '../lib/child-server.mjs';
import { requestJson, restCaller } from '../lib/rest-client.mjs';
import { buildIfStale, ENTRY } from './build-if-stale.mjs';

/**
 * Conversations are one-to-one in seed 002 (participant1/participant2, no duplicates), so the two
 * rooms are conversations between fixed users: ROOM_MEMBERS[i] names who may use rooms[i].
 */
export const ROOM_MEMBERS = [['alice', 'bob'], ['alice', 'carol']];

/** Signs in through the test login (POST /auth/login) and shapes what createChatClient needs. */
async function signIn(url, name) {
  const { status, json } = await requestJson(`${url}/auth/login`, { method: 'POST', body: { username: name } });
  if (status !== 200) throw new Error(`login of ${name} failed: ${status} ${JSON.stringify(json)}`);
  const token = json.access_token;
  return {
    user: { id: json.user.id, name: json.user.username },
    auth: { token },
    headers: { authorization: `Bearer ${token}` },
  };
}

/**
 * Conformance adapter for seed 002 (nest-conversations): builds the TypeScript server if needed,
 * runs it, signs users in with a JWT and creates the scenario conversations through REST.
 */
export default {
  name: 'nest-conversations',
  preset: 'nest-conversations',
  roomMembers: ROOM_MEMBERS,

  async start({ dataDir } = {}) {
    buildIfStale();
    const server = await startRestartableServer((port) => seedServerCommand(process.execPath, ENTRY, port, dataDir));
    const { url } = server;
    const rest = restCaller(url);

    // POST /chat/conversations creates or returns the pair's conversation, so this is idempotent
    // across restarts on the same dataDir.
    const rooms = [];
    for (const [owner, participant] of ROOM_MEMBERS) {
      const ownerCreds = await signIn(url, owner);
      const other = await signIn(url, participant);
      const { status, json } = await rest(ownerCreds, 'POST', '/chat/conversations', { participantId: other.user.id });
      if (status !== 201) throw new Error(`creating the ${owner}/${participant} conversation failed: ${status}`);
      rooms.push(json.id);
    }

    return {
      ...server,  // url, port, stop(), restart()
      rooms,
      /** rooms[i] is usable by the users named in roomMembers[i] only (one-to-one conversations). */
      roomMembers: ROOM_MEMBERS,
      async credentials(name) { return signIn(url, name); },
      rest,
      /** A well-formed conversation id that does not exist: joining it draws an 'exception'. */
      unknownRoom: '00000000-0000-4000-8000-000000000000',
      /** The conversation's message texts as GET /chat/conversations/:id/messages returns them. */
      async restHistory(creds, roomId) {
        const { status, json } = await rest(creds, 'GET', `/chat/conversations/${roomId}/messages`);
        if (status !== 200) throw new Error(`GET messages: ${status}`);
        return json.map((message) => message.content);
      },
      /** The user's unread count in one conversation, from GET /chat/conversations. */
      async restUnread(creds, roomId) {
        const { status, json } = await rest(creds, 'GET', '/chat/conversations');
        if (status !== 200) throw new Error(`GET conversations: ${status}`);
        return json.find((conversation) => conversation.id === roomId).unreadCount;
      },
    };
  },
};
