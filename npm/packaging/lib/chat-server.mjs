// The server the pages talk to: the reference server's native protocol
// (demo/server) on a real socket.io from this folder's node_modules, on
// 127.0.0.1, with an in-memory store the test reads back.
import { startProtocolServer, testToken } from '../../../demo/server/src/test-server.mjs';

export const ROOM = 'packaging';

/** @param {typeof import('socket.io').Server} Server */
export function startChatServer(Server) {
  // testAuthenticate (the default) accepts `test:<id>:<name>` tokens.
  return startProtocolServer({ Server, createRoomsOnJoin: true });
}

/** The user a check connects as, and the query string a page needs to connect as them. */
export function userFor(server, name) {
  const user = { id: `packaging-${name}`, name };
  const query = new URLSearchParams({ server: server.url, token: testToken(user), user: user.id, name: user.name });
  return { user, query: query.toString() };
}

/** The message `user` stored in the packaging room with `text`, or null. */
export function storedMessage(server, user, text) {
  const messages = server.store.messagesBefore(ROOM, null, 1000);
  return messages.find((message) => message.author.id === user.id && message.text === text) ?? null;
}
