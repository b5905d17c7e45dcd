import assert from 'node:assert/strict';
import { copiesOf, uniqueText } from '../message-texts.mjs';
import { sleep, waitFor } from '../../../testkit/waits.mjs';
import { sendConfirmed } from '../chat-session.mjs';

/**
 * The server restarts (same port, same data) mid-conversation. Both clients reconnect and rejoin
 * by themselves; a message written while the server was down is pending, then sent once; every
 * message is shown exactly once on both sides, before and after the restart, whatever history
 * the backend replays on the new join. Partial: the backend has no history on the socket, so the
 * message written during the outage reaches Bob only if he was back first; he is told that
 * messages may be missing (a 'discontinuity' event), and nothing is ever shown twice.
 */
export default {
  id: 'restart',
  title: 'Server restart → reconnect → rejoin, no duplicates',
  async run(ctx, expected) {
    const roomId = ctx.rooms[0];
    const [alice, bob] = await ctx.aliceAndBob(roomId);
    const gaps = { alice: 0, bob: 0 };
    for (const session of [alice, bob]) {
      session.client.on('discontinuity', (event) => { if (event.roomId === roomId) gaps[session.name] += 1; });
    }
    const before = [uniqueText('before restart (alice)'), uniqueText('before restart (bob)')];
    await sendConfirmed(alice, roomId, [before[0]]);
    await sendConfirmed(bob, roomId, [before[1]]);
    await waitFor(() => before.every((t) => copiesOf(alice, roomId, t).length && copiesOf(bob, roomId, t).length), { message: 'both see both' });

    const down = Date.now();
    const restarting = ctx.server.restart();
    await waitFor(() => alice.client.state !== 'connected', { message: 'alice noticed the drop' });
    const during = uniqueText('during restart');
    const pendingId = alice.room(roomId).send(during);
    assert.equal(alice.room(roomId).getSnapshot().messages.find((m) => m.clientId === pendingId).status, 'pending');
    await restarting;

    for (const session of [alice, bob]) {
      await waitFor(() => session.client.state === 'connected', { message: `${session.name} reconnected`, timeout: 10_000 });
      await waitFor(() => session.room(roomId).getSnapshot().joined, { message: `${session.name} rejoined` });
    }
    const back = Date.now() - down;
    await waitFor(() => alice.room(roomId).getSnapshot().messages.find((m) => m.clientId === pendingId)?.status === 'sent', { message: 'the message written offline sent' });
    const after = uniqueText('after restart (bob)');
    await sendConfirmed(bob, roomId, [after]);

    const all = [...before, during, after];
    const mustShow = (session) => (expected.level === 'partial' && session === bob ? [...before, after] : all);
    for (const session of [alice, bob]) {
      await waitFor(() => mustShow(session).every((t) => copiesOf(session, roomId, t).length >= 1), { message: `${session.name} shows ${mustShow(session).length}` });
    }
    await sleep(300);  // late history replays would add their copies by now
    for (const session of [alice, bob]) {
      for (const text of mustShow(session)) assert.equal(copiesOf(session, roomId, text).length, 1, `${session.name}: "${text}" once`);
      assert.ok(copiesOf(session, roomId, during).length <= 1);
      const ids = session.room(roomId).getSnapshot().messages.map((m) => m.id).filter((id) => id !== null);
      assert.equal(new Set(ids).size, ids.length, `${session.name}: no message id twice`);
    }
    if (expected.level === 'partial') {
      assert.ok(gaps.alice >= 1 && gaps.bob >= 1, `discontinuity reported (alice ${gaps.alice}, bob ${gaps.bob})`);
    }
    assert.equal(alice.wire.sentCarrying(during).length, 1, 'the offline message went over the wire once');
    const bobGotDuring = copiesOf(bob, roomId, during).length === 1;
    return expected.level === 'partial'
      ? `back in ${back} ms; no duplicates; the outage message ${bobGotDuring ? 'reached' : 'missed'} bob; discontinuity reported`
      : `back in ${back} ms; 4 messages, each shown once on both sides`;
  },
};
