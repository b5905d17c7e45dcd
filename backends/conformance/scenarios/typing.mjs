import assert from 'node:assert/strict';
import { sleep, waitFor } from '../../../testkit/waits.mjs';

const KEYSTROKES = 20;
const KEYSTROKE_GAP_MS = 100;
/** The client's default TypingOptions.idleMs: the stop it announces after the last keystroke. */
const IDLE_STOP_MS = 2000;

/** Reads a recorded typing frame of any preset as 'start', 'stop' or null (not a typing frame). */
function typingKind({ event, payload }) {
  if (event === 'typing_start') return 'start';
  if (event === 'typing_stop') return 'stop';
  if (event !== 'typing') return null;
  const flag = payload?.state ?? payload?.is_typing ?? payload?.isTyping;
  return flag === 'stop' || flag === false ? 'stop' : 'start';
}

function typingFrames(session, since) {
  const frames = session.wire.sent.filter((frame) => frame.at >= since).map(typingKind);
  return { starts: frames.filter((k) => k === 'start').length, stops: frames.filter((k) => k === 'stop').length };
}

const isTyping = (session, roomId, other) =>
  session.room(roomId).getSnapshot().typingUsers.some((user) => user.id === other.user.id);

/**
 * Typing both ways. Alice presses 20 keys 100 ms apart and then idles: the client sends one start
 * (a refresh only where the backend expires typing) and, after its idle delay, one stop; Bob sees
 * the indicator come and go. Then Bob types and calls stopTyping(): Alice sees it and then not.
 * Nobody sees their own indicator. Partial: the backend has no stop event, so the indicator goes
 * when the backend's (or the client's) timer says so.
 */
export default {
  id: 'typing',
  title: 'Typing both ways, debounced',
  async run(ctx, expected) {
    const roomId = ctx.rooms[0];
    const [alice, bob] = await ctx.aliceAndBob(roomId);
    const hasStop = alice.client.capabilities.operations.includes('typing_stop');
    assert.equal(hasStop, expected.level === 'full', 'a stop event exactly where the backend has one');
    const clearWithinMs = hasStop ? 1500 : alice.client.capabilities.typingExpiresMs + 1500;

    // Alice types and idles.
    const started = Date.now();
    for (let i = 0; i < KEYSTROKES; i += 1) {
      alice.room(roomId).typing();
      if (i === 0) await waitFor(() => isTyping(bob, roomId, alice), { message: 'bob sees alice typing', timeout: 2000 });
      await sleep(KEYSTROKE_GAP_MS);
    }
    const lastKey = Date.now();
    await waitFor(() => !isTyping(bob, roomId, alice), { message: 'alice\'s indicator gone for bob', timeout: IDLE_STOP_MS + clearWithinMs });
    const clearedAfter = Date.now() - lastKey;
    const alicesFrames = typingFrames(alice, started);
    assert.ok(alicesFrames.starts >= 1 && alicesFrames.starts <= 2, `${KEYSTROKES} keystrokes → ${alicesFrames.starts} starts`);
    assert.equal(alicesFrames.stops, hasStop ? 1 : 0, 'one stop after idling');

    // Bob types and stops explicitly.
    const bobStarted = Date.now();
    for (let i = 0; i < 5; i += 1) {
      bob.room(roomId).typing();
      await sleep(KEYSTROKE_GAP_MS);
    }
    await waitFor(() => isTyping(alice, roomId, bob), { message: 'alice sees bob typing', timeout: 2000 });
    bob.room(roomId).stopTyping();
    const stopped = Date.now();
    await waitFor(() => !isTyping(alice, roomId, bob), { message: 'bob\'s indicator gone for alice', timeout: clearWithinMs });
    const bobsFrames = typingFrames(bob, bobStarted);
    assert.equal(bobsFrames.starts, 1, '5 keystrokes → 1 start');
    assert.equal(bobsFrames.stops, hasStop ? 1 : 0);

    assert.ok(!isTyping(alice, roomId, alice) && !isTyping(bob, roomId, bob), 'nobody sees their own indicator');
    return `${KEYSTROKES} keys → ${alicesFrames.starts} start + ${alicesFrames.stops} stop; ` +
      `idle clear after ${clearedAfter} ms, stopTyping clear after ${Date.now() - stopped} ms`;
  },
};
