// A scenario that hangs is stopped at its deadline with a message that says
// so, and what it started is stopped all the same.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { withinDeadline } from '../lib/scope.mjs';

test('a body that never finishes fails at the deadline, and its cleanups run, last first', async () => {
  const stopped = [];
  await assert.rejects(
    withinDeadline('hanging scenario', 50, async (scope) => {
      scope.defer(() => stopped.push('server'));
      scope.defer(() => stopped.push('proxy'));
      await new Promise(() => {});
    }),
    /hanging scenario: not finished within 0.05 s; stopped/,
  );
  assert.deepEqual(stopped, ['proxy', 'server']);
});

test('a body that throws fails with its error; a cleanup that throws does not hide it or stop the others', async () => {
  const stopped = [];
  await assert.rejects(
    withinDeadline('failing scenario', 5000, async (scope) => {
      scope.defer(() => stopped.push('server'));
      scope.defer(() => {
        throw new Error('proxy would not close');
      });
      throw new Error('a message was stored twice');
    }),
    /a message was stored twice/,
  );
  assert.deepEqual(stopped, ['server']);
});

test('what a body starts after its deadline is stopped at once, not left running', async () => {
  let lateStops = 0;
  /** @type {() => void} */
  let startLate = () => {};
  const late = new Promise((resolve) => (startLate = resolve));
  await assert.rejects(
    withinDeadline('slow scenario', 50, async (scope) => {
      await late;
      scope.defer(() => (lateStops += 1));
    }),
    /not finished within/,
  );
  startLate();
  await new Promise((resolve) => setTimeout(resolve, 10));
  assert.equal(lateStops, 1);
});
