import assert from 'node:assert/strict';
import { uniqueText } from '../message-texts.mjs';
import { waitFor } from '../../../testkit/waits.mjs';

/** A send shows at once as pending, becomes sent when the server confirms it, and is shown once. */
export default {
  id: 'send',
  title: 'Send: pending → sent, one copy',
  async run(ctx) {
    const roomId = ctx.rooms[0];
    const alice = await ctx.connected('alice', [roomId]);
    const room = alice.room(roomId);
    const statuses = [];
    let clientId = null;
    room.subscribe(() => {
      const mine = room.getSnapshot().messages.find((m) => m.clientId === clientId);
      if (mine && statuses.at(-1) !== mine.status) statuses.push(mine.status);
    });
    const text = uniqueText('send');
    const started = Date.now();
    clientId = room.send(text);
    const shown = room.getSnapshot().messages.filter((m) => m.clientId === clientId);
    assert.equal(shown.length, 1, 'shown at once');
    assert.equal(shown[0].status, 'pending');
    assert.equal(shown[0].id, null);

    const sent = await waitFor(() => room.getSnapshot().messages.find((m) => m.clientId === clientId && m.status === 'sent'), { message: 'sent' });
    const latency = Date.now() - started;
    assert.equal(statuses.at(-1), 'sent');
    assert.ok(!statuses.includes('failed'), `statuses: ${statuses}`);
    assert.notEqual(sent.id, null, 'the server id is known');
    assert.equal(sent.author.id, alice.user.id);
    assert.equal(room.getSnapshot().messages.filter((m) => m.text === text).length, 1, 'one visible copy');
    assert.equal(alice.wire.sentCarrying(text).length, 1, 'sent over the socket once');
    return `pending → sent in ${latency} ms; 1 copy, 1 frame`;
  },
};
