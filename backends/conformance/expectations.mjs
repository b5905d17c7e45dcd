// What each backend can do, feature by feature, from what its seed backend does (backends/README.md)
// and its preset (src/dialect/presets.cpp): 'full', 'partial' or 'absent', with the reason. The
// scenarios assert against this, so a backend that does more or less than stated fails its test;
// the README table is made from the results, never from this file alone.

const ABSENT_ERRORS = 'no error event: a send the server drops fails by its timeout';
const CLIENT_UNREAD = 'counted by the client; the backend keeps no read state';
const NO_REPLAY = 'no history on the socket: what was said while away is not replayed (a discontinuity event says so)';
/** No seed backend changes messages once sent (issue 15): the capability flag says so, the call throws. */
const NO_MESSAGE_CHANGES = {
  edit: { level: 'absent', why: 'no `edit` in `capabilities.operations`: `room.edit()` throws `unsupported`' },
  delete: { level: 'absent', why: 'no `delete` in `capabilities.operations`: `room.delete()` throws `unsupported`' },
  reactions: { level: 'absent', why: 'no `react` in `capabilities.operations`: `room.react()` throws `unsupported`' },
  reply: { level: 'absent', why: '`capabilities.replies` is false: `send(text, { replyTo })` throws `unsupported`' },
  'catch-up': { level: 'absent', why: '`capabilities.changesSince` is false: a reconnect catches up no changes (none are made: `room.edit()` throws `unsupported`)' },
};

/** @type {Record<string, Record<string, {level: 'full' | 'partial' | 'absent', why?: string}>>} */
export const EXPECTATIONS = {
  'chatwire': {},
  'flask-rooms': {
    ...NO_MESSAGE_CHANGES,
    'refused-credentials': { level: 'absent', why: 'no sign-in: the client names itself' },
    history: { level: 'partial', why: 'the whole room on request after join, no paging' },
    presence: { level: 'partial', why: 'joins only: no leave, no member list' },
    unread: { level: 'partial', why: CLIENT_UNREAD },
    'server-errors': { level: 'absent', why: ABSENT_ERRORS },
  },
  'flask-shows': {
    ...NO_MESSAGE_CHANGES,
    history: { level: 'partial', why: 'the last 50 on join, no paging' },
    unread: { level: 'partial', why: CLIENT_UNREAD },
  },
  'nest-conversations': {
    ...NO_MESSAGE_CHANGES,
    history: { level: 'absent', why: 'REST only (GET /chat/conversations/:id/messages)' },
    presence: { level: 'partial', why: 'online / offline per user, no room membership' },
    unread: { level: 'partial', why: 'mark-read reaches the server (its REST count drops); the starting count is REST only' },
    restart: { level: 'partial', why: NO_REPLAY },
  },
  'express-conversations': {
    ...NO_MESSAGE_CHANGES,
    'refused-credentials': { level: 'absent', why: 'no sign-in: the client names itself' },
    history: { level: 'absent', why: 'REST only' },
    typing: { level: 'partial', why: 'no stop event: the server clears typing 3 s after each start' },
    presence: { level: 'absent', why: 'no join, leave or online events' },
    unread: { level: 'partial', why: CLIENT_UNREAD },
    'server-errors': { level: 'absent', why: ABSENT_ERRORS },
    restart: { level: 'partial', why: NO_REPLAY },
  },
  'flask-multiroom': {
    ...NO_MESSAGE_CHANGES,
    history: { level: 'partial', why: 'recent messages on join, no paging' },
    unread: { level: 'partial', why: CLIENT_UNREAD },
  },
};

/** The expected level of `feature` on `preset`; anything not listed is 'full'. */
export function expectationFor(preset, feature) {
  const table = EXPECTATIONS[preset];
  if (!table) throw new Error(`no expectations for preset ${preset}`);
  return table[feature] ?? { level: 'full' };
}
