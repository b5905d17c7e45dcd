// Unit tests of the text rules and the payload-shape checks.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { codePointCountUpTo, codePointPrefix, isBlank, isOneGrapheme } from '../src/text.mjs';
import {
  emojiFailure,
  isJsonObject,
  parseChanges,
  parseDelete,
  parseEdit,
  parseHistory,
  parseJoin,
  parseReact,
  parseRead,
  parseSend,
  parseTyping,
  textFailure,
} from '../src/validation.mjs';

const codeOf = (parsed) => parsed.failure?.error.code ?? 'ok';

describe('codePointCountUpTo', () => {
  it('counts code points, not UTF-16 units', () => {
    assert.equal(codePointCountUpTo('abc', 10), 3);
    assert.equal(codePointCountUpTo('😀😀', 10), 2); // 4 UTF-16 units
    assert.equal(codePointCountUpTo('é', 10), 1);
    assert.equal(codePointCountUpTo('', 10), 0);
  });

  it('counts a lone surrogate as one, as [...text] does', () => {
    for (const text of ['\ud800', 'a\udc00b', '\ud800\ud800', '😀\ud83d']) {
      assert.equal(codePointCountUpTo(text, 10), [...text].length, JSON.stringify(text));
    }
  });

  it('stops at cap + 1', () => {
    assert.equal(codePointCountUpTo('x'.repeat(1_000_000), 4000), 4001);
    assert.equal(codePointCountUpTo('x'.repeat(4000), 4000), 4000);
  });
});

describe('isBlank', () => {
  it('is true for empty and Unicode White_Space only', () => {
    for (const text of ['', ' ', '\t\n\r', '\u00a0', '\u2003\u3000', '\u2028\u2029', '\u0085']) {
      assert.equal(isBlank(text), true, JSON.stringify(text));
    }
  });

  it('is false when any other character is present', () => {
    // U+200B ZERO WIDTH SPACE and U+180E are not White_Space.
    for (const text of ['a', ' a ', '\u200b', '\u180e', '\ud800', '.']) {
      assert.equal(isBlank(text), false, JSON.stringify(text));
    }
  });
});

describe('codePointPrefix', () => {
  it('takes code points, not UTF-16 units', () => {
    assert.equal(codePointPrefix('😀😀😀', 2), '😀😀');
    assert.equal(codePointPrefix('ab', 5), 'ab');
    assert.equal(codePointPrefix('\ud800ab', 2), '\ud800a');
    assert.equal(codePointPrefix('abc', 0), '');
  });
});

describe('isOneGrapheme', () => {
  it('is true for one user-perceived character, joiners and modifiers included', () => {
    for (const text of ['👍', '❤️', '👍🏽', '👨‍👩‍👧‍👦', '🇫🇷', 'a', 'e\u0301', '\r\n']) {
      assert.equal(isOneGrapheme(text), true, JSON.stringify(text));
    }
  });

  it('is false for none, several, or a lone surrogate', () => {
    for (const text of ['', '👍👍', 'ab', '🇫🇷🇫', '\ud800', '\udfff']) {
      assert.equal(isOneGrapheme(text), false, JSON.stringify(text));
    }
  });
});

describe('content rules', () => {
  it('text: empty before too_long, in code points', () => {
    assert.equal(textFailure('hi'), null);
    assert.equal(textFailure('😀'.repeat(4000)), null);
    assert.equal(textFailure(' \n').error.code, 'empty');
    assert.equal(textFailure('x'.repeat(4001)).error.code, 'too_long');
  });

  it('emoji: one grapheme of at most 32 bytes', () => {
    assert.equal(emojiFailure('👍'), null);
    assert.equal(emojiFailure('👨‍👩‍👧‍👦'), null, '25 bytes');
    // The flag of Scotland (a tag sequence) is one grapheme of 28 bytes; a family of six joined by
    // ZWJ is one of 39.
    assert.equal(emojiFailure('\u{1f3f4}\u{e0067}\u{e0062}\u{e0073}\u{e0063}\u{e0074}\u{e007f}'), null);
    assert.equal(emojiFailure('👨‍👩‍👧‍👦‍👦'), null, '32 bytes');
    for (const emoji of ['👨‍👩‍👧‍👦‍👦‍👦', '👍'.repeat(200), '👍👎', '', 'ab', '\ud83d']) {
      assert.equal(emojiFailure(emoji)?.error.code, 'invalid_emoji', JSON.stringify(emoji));
    }
  });
});

describe('isJsonObject', () => {
  it('accepts plain objects only', () => {
    assert.equal(isJsonObject({}), true);
    assert.equal(isJsonObject(Object.create(null)), true);
    for (const value of [null, undefined, 1, 'x', true, [], [{}], Buffer.from('x'), new Date(), () => {}]) {
      assert.equal(isJsonObject(value), false, String(value));
    }
  });
});

describe('integer fields', () => {
  it('accept integers within ±(2^53 − 1) and null as absent', () => {
    assert.deepEqual(parseJoin({ room: 'r', since: 0 }).request, { room: 'r', since: 0, sinceRev: null });
    assert.deepEqual(parseJoin({ room: 'r', since: null, sinceRev: 3 }).request, { room: 'r', since: null, sinceRev: 3 });
    assert.deepEqual(parseJoin({ room: 'r' }).request, { room: 'r', since: null, sinceRev: null });
    assert.equal(parseJoin({ room: 'r', since: Number.MAX_SAFE_INTEGER }).request.since, Number.MAX_SAFE_INTEGER);
  });

  it('refuse fractions, strings, out-of-range and non-finite numbers', () => {
    for (const since of [-1, 1.5, '1', 2 ** 53, Infinity, NaN, true, [], {}]) {
      assert.equal(codeOf(parseJoin({ room: 'r', since })), 'bad_request', String(since));
      assert.equal(codeOf(parseJoin({ room: 'r', since: 1, sinceRev: since })), 'bad_request', String(since));
    }
  });

  it('read needs seq; null is "not given"', () => {
    assert.equal(codeOf(parseRead({ room: 'r' })), 'bad_request');
    assert.equal(codeOf(parseRead({ room: 'r', seq: null })), 'bad_request');
    assert.equal(codeOf(parseRead({ room: 'r', seq: -1 })), 'bad_request');
    assert.deepEqual(parseRead({ room: 'r', seq: 0 }).request, { room: 'r', seq: 0 });
  });

  it('history bounds: before >= 1, after >= 0, limit 1-100, not both bounds', () => {
    assert.equal(codeOf(parseHistory({ room: 'r', before: 0 })), 'bad_request');
    assert.equal(codeOf(parseHistory({ room: 'r', before: 1 })), 'ok');
    assert.equal(codeOf(parseHistory({ room: 'r', after: -1 })), 'bad_request');
    assert.equal(codeOf(parseHistory({ room: 'r', after: 0 })), 'ok');
    assert.equal(codeOf(parseHistory({ room: 'r', limit: 0 })), 'bad_request');
    assert.equal(codeOf(parseHistory({ room: 'r', limit: 101 })), 'bad_request');
    assert.equal(codeOf(parseHistory({ room: 'r', limit: 100 })), 'ok');
    assert.equal(codeOf(parseHistory({ room: 'r', before: 5, after: 1 })), 'bad_request');
    assert.equal(codeOf(parseHistory({ room: 'r', before: 5, after: null })), 'ok');
  });
});

describe('string fields', () => {
  it('room must be a non-empty string', () => {
    for (const room of [undefined, null, '', 1, ['r'], { id: 'r' }]) {
      assert.equal(codeOf(parseJoin({ room })), 'bad_request', String(room));
    }
  });

  it('clientId is 1-64 code points', () => {
    const send = (clientId) => codeOf(parseSend({ room: 'r', clientId, text: 'hi' }));
    assert.equal(send(''), 'bad_request');
    assert.equal(send('x'), 'ok');
    assert.equal(send('x'.repeat(64)), 'ok');
    assert.equal(send('x'.repeat(65)), 'bad_request');
    assert.equal(send('😀'.repeat(64)), 'ok'); // 128 UTF-16 units, 64 characters
    assert.equal(send(42), 'bad_request');
  });

  it('send text only has to be a string here; empty and too_long come later', () => {
    assert.equal(codeOf(parseSend({ room: 'r', clientId: 'c', text: '' })), 'ok');
    assert.equal(codeOf(parseSend({ room: 'r', clientId: 'c', text: 'x'.repeat(5000) })), 'ok');
    assert.equal(codeOf(parseSend({ room: 'r', clientId: 'c' })), 'bad_request');
    assert.equal(codeOf(parseSend({ room: 'r', clientId: 'c', text: 5 })), 'bad_request');
  });

  it('send replyTo is an optional non-empty string', () => {
    const send = (replyTo) => parseSend({ room: 'r', clientId: 'c', text: 'hi', replyTo });
    assert.equal(send(undefined).request.replyTo, null);
    assert.equal(send(null).request.replyTo, null);
    assert.equal(send('m-1').request.replyTo, 'm-1');
    for (const replyTo of ['', 1, {}, ['m-1'], true]) assert.equal(codeOf(send(replyTo)), 'bad_request', JSON.stringify(replyTo));
  });

  it('edit, delete and react need room, id and an opId of 1-64 code points', () => {
    const base = { room: 'r', id: 'm-1', opId: 'o', text: 'hi', emoji: '👍', on: true };
    for (const parse of [parseEdit, parseDelete, parseReact]) {
      assert.equal(codeOf(parse(base)), 'ok', parse.name);
      assert.equal(codeOf(parse({ ...base, opId: '😀'.repeat(64) })), 'ok');
      for (const change of [{ id: '' }, { id: 1 }, { id: undefined }, { opId: '' }, { opId: 'x'.repeat(65) }, { opId: 7 }, { opId: null }, { room: '' }]) {
        assert.equal(codeOf(parse({ ...base, ...change })), 'bad_request', JSON.stringify(change));
      }
    }
    assert.deepEqual(parseDelete(base).request, { room: 'r', id: 'm-1', opId: 'o' });
    assert.deepEqual(parseEdit(base).request, { room: 'r', id: 'm-1', opId: 'o', text: 'hi' });
    assert.deepEqual(parseReact(base).request, { room: 'r', id: 'm-1', opId: 'o', emoji: '👍', on: true });
  });

  it('edit text and react emoji only have to be strings here; on must be a boolean', () => {
    const base = { room: 'r', id: 'm-1', opId: 'o' };
    assert.equal(codeOf(parseEdit({ ...base, text: '' })), 'ok');
    assert.equal(codeOf(parseEdit({ ...base, text: 5 })), 'bad_request');
    assert.equal(codeOf(parseReact({ ...base, emoji: 'not one', on: false })), 'ok');
    for (const change of [{ emoji: 1 }, { emoji: null }, { on: 'true' }, { on: 1 }, { on: null }]) {
      assert.equal(codeOf(parseReact({ ...base, emoji: '👍', on: true, ...change })), 'bad_request', JSON.stringify(change));
    }
  });

  it('changes needs afterRev >= 0; limit is 1-100', () => {
    assert.deepEqual(parseChanges({ room: 'r', afterRev: 0 }).request, { room: 'r', afterRev: 0, limit: null });
    assert.equal(codeOf(parseChanges({ room: 'r', afterRev: 3, limit: 100 })), 'ok');
    for (const fields of [{}, { afterRev: null }, { afterRev: -1 }, { afterRev: '1' }, { afterRev: 0, limit: 0 }, { afterRev: 0, limit: 101 }]) {
      assert.equal(codeOf(parseChanges({ room: 'r', ...fields })), 'bad_request', JSON.stringify(fields));
    }
  });

  it('typing state is "start" or "stop"', () => {
    assert.equal(codeOf(parseTyping({ room: 'r', state: 'start' })), 'ok');
    assert.equal(codeOf(parseTyping({ room: 'r', state: 'stop' })), 'ok');
    assert.equal(codeOf(parseTyping({ room: 'r', state: 'START' })), 'bad_request');
    assert.equal(codeOf(parseTyping({ room: 'r' })), 'bad_request');
  });

  it('reads own properties only', () => {
    const inherited = Object.create({ room: 'r', seq: 1 });
    assert.equal(codeOf(parseRead(inherited)), 'bad_request');
    // JSON.parse makes "__proto__" an own property, not a prototype.
    assert.equal(codeOf(parseRead(JSON.parse('{"__proto__":{"room":"r"},"seq":1}'))), 'bad_request');
  });
});
