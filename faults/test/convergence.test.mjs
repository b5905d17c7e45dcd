// The end-state checks of the scenarios catch what they are there to catch: a
// message stored twice or not at all, one out of its sender's order, a client
// that shows a copy too many, a pending one, or another order than the store.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { shownProblems, storeProblems } from '../lib/convergence.mjs';

const row = (seq, authorId, text) => ({ seq, authorId, text, clientId: `c-${seq}` });
const sent = new Map([['u1', ['a1', 'a2']], ['u2', ['b1']]]);
const good = [row(1, 'u1', 'a1'), row(2, 'u2', 'b1'), row(3, 'u1', 'a2')];

/** A user whose room shows `messages` ({text, seq, status}). */
const showing = (messages) => ({ name: 'Ada', room: () => ({ getSnapshot: () => ({ messages }) }) });
const shownAs = (rows, status = 'sent') => rows.map(({ text, seq }) => ({ text, seq, status }));

test('the store as sent passes; doubled, lost, foreign or reordered messages do not', () => {
  assert.deepEqual(storeProblems(good, sent), []);
  assert.match(storeProblems([...good, row(4, 'u1', 'a2')], sent).join(), /"a2" stored 2 times/);
  assert.match(storeProblems(good.slice(0, 2), sent).join(), /"a2" stored 0 times/);
  assert.match(storeProblems([...good, row(4, 'u3', 'zz')], sent).join(), /stored but never sent: "zz"/);
  const reordered = [row(1, 'u1', 'a2'), row(2, 'u2', 'b1'), row(3, 'u1', 'a1')];
  assert.match(storeProblems(reordered, sent).join(), /u1's messages are stored out of the order sent/);
});

test('a client showing the store passes; a copy too many, a pending one or another order do not', () => {
  assert.deepEqual(shownProblems(showing(shownAs(good)), 'r', good), []);
  assert.match(shownProblems(showing(shownAs([...good, good[2]])), 'r', good).join(), /shows 4 messages, the store has 3/);
  assert.match(shownProblems(showing(shownAs(good, 'pending')), 'r', good).join(), /3 unconfirmed \(pending 3\)/);
  const swapped = shownAs([good[1], good[0], good[2]]);
  assert.match(shownProblems(showing(swapped), 'r', good).join(), /message #0 is "b1" \(seq 2\), the store's is "a1" \(seq 1\)/);
});
