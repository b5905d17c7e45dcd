// What each backend can do, feature by feature, from what its seed backend does (backends/README.md)
// and its preset (src/dialect/presets.cpp): 'full', 'partial' or 'absent', with the reason. The
// scenarios assert against this, so a backend that does more or less than stated fails its test;
// the README table is made from the results, never from this file alone.

const ABSENT_ERRORS = 'no error event: a send the server drops fails by its timeout';
const CLIENT_UNREAD = 'counted by the client; the backend keeps no read state';
const NO_REPLAY = 'no history on the socket: what was said while away is not replayed (a discontinuity event says so)';

/** @type {Record<string, Record<string, {level: 'full' | 'partial' | 'absent', why?: string}>>} */
export const EXPECTATIONS = {
  'chatwire': {},
  'flask-rooms': {
    'refused-credentials': { level: 'absent', why: 'no sign-in: the client names itself' },
    history: { level: 'partial', why: 'the whole room on request after join, no paging' },
    presence: { level: 'partial', why: 'joins only: no leave, no member list' },
    unread: { level: 'partial', why: CLIENT_UNREAD },
    'server-errors': { level: 'absent', why: ABSENT_ERRORS },
  },
  'flask-shows': {
    history: { level: 'partial', why: 'the last 50 on join, no paging' },
    unread: { level: 'partial', why: CLIENT_UNREAD },
  },
  'nest-conversations': {
    history: { level: 'absent', why: 'REST only (GET /chat/conversations/:id/messages)' },
    presence: { level: 'partial', why: 'online / offline per user, no room membership' },
    unread: { level: 'partial', why: 'mark-read reaches the server (its REST count drops); the starting count is REST only' },
    restart: { level: 'partial', why: NO_REPLAY },
  },
  'express-conversations': {
    'refused-credentials': { level: 'absent', why: 'no sign-in: the client names itself' },
    history: { level: 'absent', why: 'REST only' },
    typing: { level: 'partial', why: 'no stop event: the server clears typing 3 s after each start' },
    presence: { level: 'absent', why: 'no join, leave or online events' },
    unread: { level: 'partial', why: CLIENT_UNREAD },
    'server-errors': { level: 'absent', why: ABSENT_ERRORS },
    restart: { level: 'partial', why: NO_REPLAY },
  },
  'flask-multiroom': {
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
