// The per-room queue of the engine: work of one key runs one at a time in
// order, other keys do not wait, a failure does not stop the queue.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { createKeyedQueue } from '../src/keyed-queue.mjs';

/** A promise and its resolve, to hold work until the test lets it go. */
const gate = () => {
  let open;
  const opened = new Promise((resolve) => (open = resolve));
  return { opened, open };
};

it('runs the work of one key one at a time, in the order queued', async () => {
  const queue = createKeyedQueue();
  const steps = [];
  const first = gate();
  const a = queue.run('room', async () => {
    steps.push('a starts');
    await first.opened;
    steps.push('a ends');
    return 'a';
  });
  const b = queue.run('room', async () => {
    steps.push('b starts');
    return 'b';
  });
  // Let every pending microtask run: b must still wait for a.
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(steps, ['a starts']);
  first.open();
  assert.deepEqual(await Promise.all([a, b]), ['a', 'b']);
  assert.deepEqual(steps, ['a starts', 'a ends', 'b starts']);
});

it('does not hold other keys', async () => {
  const queue = createKeyedQueue();
  const held = gate();
  const slow = queue.run('a', () => held.opened);
  assert.equal(await queue.run('b', () => 'b'), 'b');
  held.open();
  await slow;
});

it('goes on after a failure, which reaches only its caller', async () => {
  const queue = createKeyedQueue();
  const failed = queue.run('room', () => {
    throw new Error('boom');
  });
  const next = queue.run('room', () => 'next');
  await assert.rejects(failed, /boom/);
  assert.equal(await next, 'next');
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(queue.busyKeys, 0, 'idle keys are forgotten');
});
