// `join {room, since?, sinceRev?}`: enters a room on this connection and
// answers with what the client needs to show it, and with `since` and
// `sinceRev` what changed among the messages it holds (docs/protocol.md,
// "join").

import { roomChannel } from '../broadcast.mjs';
import { JOIN_PAGE_SIZE, MAX_CHANGES_LIMIT, MAX_FRAME_BYTES, SINCE_PAGE_SIZE } from '../limits.mjs';
import { CHANGES_FIELDS, ackWithPage, pageAfter, pageBefore, pageOfChanges } from '../pages.mjs';
import { failure as fail, ok } from '../replies.mjs';
import { parseJoin } from '../validation.mjs';

/**
 * @param {import('../engine.mjs').Engine} engine
 * @param {import('../connections.mjs').Connection} connection
 * @param {unknown} payload
 * @returns {Promise<import('../replies.mjs').Ack>}
 */
export async function handleJoin(engine, connection, payload) {
  const { request, failure } = parseJoin(payload);
  if (failure) return failure;
  const { room, since, sinceRev } = request;
  const { store } = engine;
  const { user } = connection;

  const refusal = await engine.admitToRoom(user, room, 'join');
  if (refusal) return refusal;
  // The connection closed while the store was asked: joining now would leave
  // a dead socket in the room's channel. Nobody receives this ack.
  if (!connection.socket.connected) return fail('internal', 'the connection closed during join');

  // Subscribe before reading the page, so that no message falls between the
  // page and the live events (Ordering guarantees). A rejoin changes nothing.
  connection.socket.join(roomChannel(room));
  connection.rooms.add(room);
  if (await store.addMember(room, user)) {
    // Like Slack: what was said before you joined is not news to you.
    if (engine.historyReadOnJoin) await store.advanceReadCursor(room, user.id, await store.lastSeq(room));
    engine.broadcast.toRoomExceptUser(room, user.id, 'member_joined', { room, user });
  }
  // Asked before the page is read: in a cluster this waits for the other
  // nodes, and a message stored meanwhile must be in the page or after it.
  const members = await engine.membersOf(room);

  // Without since: the latest page, hasMore = older exist. With since: the
  // page after it, hasMore = newer exist beyond the page.
  const page =
    since === null ? await pageBefore(store, room, null, JOIN_PAGE_SIZE) : await pageAfter(store, room, since, SINCE_PAGE_SIZE);
  const ack = ok({
    room,
    members,
    messages: [],
    hasMore: false,
    readSeq: await store.readSeq(room, user.id),
    lastSeq: await store.lastSeq(room),
    rev: await store.roomRev(room),
  });
  if (since === null || sinceRev === null) return ackWithPage(ack, page);

  // The messages the client holds (seq <= since) that changed after sinceRev.
  // They get at most half of the frame, so that the page keeps its room.
  const changes = await pageOfChanges(store, room, sinceRev, MAX_CHANGES_LIMIT, since);
  return ackWithPage(ackWithPage({ ...ack, changes: [], changesMore: false }, changes, MAX_FRAME_BYTES / 2, CHANGES_FIELDS), page);
}
