// The ledger of which users the other nodes hold (node-ledger.mjs), on a
// fake clock: a node goes silent only while the bus is up, and counts its
// silence from when the bus came back.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { createNodeLedger } from '../src/node-ledger.mjs';

const ada = { id: 'u-ada', name: 'Ada' };
const grace = { id: 'u-grace', name: 'Grace' };

function ledgerAt(start = 1000) {
  const clock = { now: start };
  const ledger = createNodeLedger({ now: () => clock.now, silentAfterMs: 3500 });
  ledger.busIs(true);
  return { clock, ledger };
}

it('gives up a node silent for longer than the limit, once, with the users it last held', () => {
  const { clock, ledger } = ledgerAt();
  ledger.heard('n1', [ada]);
  ledger.heard('n2', [grace]);
  clock.now += 2000;
  ledger.heard('n1', [ada, grace]);
  assert.deepEqual(ledger.takeSilent(), [], 'within the limit');
  clock.now += 1501;
  assert.deepEqual(ledger.takeSilent(), [{ node: 'n2', users: [grace] }]);
  assert.deepEqual(ledger.takeSilent(), [], 'taken once');
  assert.deepEqual(ledger.liveNodes(), ['n1']);
  assert.equal(ledger.holds(grace.id), true, 'n1 holds Grace now');
});

it('takes each beat as the whole list: a user a node no longer names is not held by it', () => {
  const { ledger } = ledgerAt();
  ledger.heard('n1', [ada, grace]);
  ledger.heard('n1', [grace]);
  assert.equal(ledger.holds(ada.id), false);
  assert.equal(ledger.holds(grace.id), true);
});

it('takes no node for dead while the bus is down, and counts silence from when it came back', () => {
  const { clock, ledger } = ledgerAt();
  ledger.heard('n1', [ada]);
  ledger.busIs(false);
  clock.now += 60_000;
  assert.deepEqual(ledger.takeSilent(), [], 'a Redis outage silences everyone');
  ledger.busIs(true);
  clock.now += 3000;
  assert.deepEqual(ledger.takeSilent(), [], 'back 3 s ago: n1 may not have spoken yet');
  ledger.busIs(true); // still up: the count does not restart
  clock.now += 501;
  assert.deepEqual(ledger.takeSilent(), [{ node: 'n1', users: [ada] }], 'silent 3.5 s since the bus came back');
});

it('knows no node before one speaks', () => {
  const { clock, ledger } = ledgerAt();
  clock.now += 10_000;
  assert.deepEqual(ledger.takeSilent(), []);
  assert.deepEqual(ledger.liveNodes(), []);
  assert.equal(ledger.holds(ada.id), false);
});
