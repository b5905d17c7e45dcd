// What both measured pages share besides the list: where the server is, the
// room and user (the same as lib/frames.mjs generates frames for), and the
// probe through which run.mjs learns that the room is joined and that the
// last frame's message has been rendered.
import { useEffect } from 'react';
import { ROOM_ID, SELF, messageIdFor } from '../../../lib/frames.mjs';

export { ROOM_ID, SELF };

/** Both pages keep the newest 500 messages, Chatwire's default maxMessagesPerRoom. */
export const KEPT_MESSAGES = 500;

const params = new URLSearchParams(location.search);
/** The frame server, e.g. http://127.0.0.1:40123 */
export const SERVER_URL = params.get('server');
/** The number of frames the server will send: the page is done when message m-<n> is rendered. */
const FRAME_COUNT = Number(params.get('n'));
const LAST_ID = messageIdFor(FRAME_COUNT);

let resolveReady;
let resolveDone;
let rejectBoth;
const failed = new Promise((_, reject) => {
  rejectBoth = reject;
});
failed.catch(() => {});

/**
 * Read by run.mjs through page.evaluate (no polling, so nothing but the
 * page's own work runs on its main thread while it is measured):
 * - ready: resolves once the room is joined and the empty list committed;
 * - done: resolves with { committedAt, paintedAt, commits } once the last
 *   frame's message is committed to the DOM and the frame after it painted;
 * - commits: React commits of the room component so far.
 */
const bench = {
  commits: 0,
  ready: Promise.race([new Promise((resolve) => { resolveReady = resolve; }), failed]),
  done: Promise.race([new Promise((resolve) => { resolveDone = resolve; }), failed]),
};
window.__bench = bench;

/** Fails the run (join refused, connection error) instead of letting run.mjs wait for a timeout. */
export function benchFailed(reason) {
  rejectBoth(new Error(reason));
}

/** Call in the component that renders the room, with what it renders. */
export function useBenchProbe({ joined, messages }) {
  useEffect(() => {
    bench.commits += 1;
  });
  useEffect(() => {
    if (joined) resolveReady();
  }, [joined]);
  const lastId = messages.length > 0 ? messages[messages.length - 1].id : null;
  useEffect(() => {
    if (lastId !== LAST_ID) return;
    const committedAt = performance.now();
    // The next frame: its rendering (style, layout, paint) is part of the page's work.
    requestAnimationFrame(() => setTimeout(() => resolveDone({ committedAt, paintedAt: performance.now(), commits: bench.commits }), 0));
  }, [lastId]);
}
