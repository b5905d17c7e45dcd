import assert from 'node:assert/strict';
import { copiesOf, uniqueText } from '../message-texts.mjs';
import { sleep, waitFor } from '../../../testkit/waits.mjs';

/** A second client receives a message live: once, with the sender as author, and one 'message' event. */
export default {
  id: 'receive',
  title: 'Receive from a second client',
  async run(ctx) {
    const roomId = ctx.rooms[0];
    const [alice, bob] = await ctx.aliceAndBob(roomId);
    const events = [];
    bob.client.on('message', (event) => events.push(event));
    const text = uniqueText('receive');
    const started = Date.now();
    alice.room(roomId).send(text);
    const received = await waitFor(() => copiesOf(bob, roomId, text)[0], { message: 'bob received it' });
    const latency = Date.now() - started;
    assert.equal(received.author.id, alice.user.id);
    assert.equal(received.author.name, alice.user.name);
    assert.equal(received.status, 'sent');
    assert.equal(received.clientId, null, 'not marked as bob\'s own');
    await sleep(200);
    assert.equal(copiesOf(bob, roomId, text).length, 1);
    assert.equal(events.filter((e) => e.message.text === text && e.roomId === roomId).length, 1, 'one message event');
    return `received in ${latency} ms`;
  },
};
