// The request splitter finds every request head on a keep-alive connection,
// however the bytes are cut into chunks, and stops parsing where it must.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RequestSplitter, isWebSocketUpgrade } from '../lib/http-requests.mjs';

const POLL_POST = 'POST /socket.io/?EIO=4&transport=polling&sid=abc HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\n4hey!';
const UPGRADE = 'GET /socket.io/?EIO=4&transport=websocket&sid=abc HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n';

/** Feeds `text` in chunks of `size` bytes; returns the heads found and all bytes passed on. */
function split(text, size) {
  const splitter = new RequestSplitter();
  const heads = [];
  const passed = [];
  const bytes = Buffer.from(text, 'latin1');
  for (let offset = 0; offset < bytes.length; offset += size) {
    for (const segment of splitter.push(bytes.subarray(offset, offset + size))) {
      if (segment.kind === 'head') {
        heads.push(segment.head);
        passed.push(segment.head.raw);
      } else {
        passed.push(segment.bytes);
      }
    }
  }
  return { heads, passed: Buffer.concat(passed).toString('latin1'), splitter };
}

test('a polling POST with a body, then an upgrade on the same connection: both heads found, in any chunking', () => {
  for (const size of [1, 3, 7, 64, 4096]) {
    const { heads, passed, splitter } = split(POLL_POST + UPGRADE + '\x81\x05hello', size);
    assert.deepEqual(heads.map((h) => h.method), ['POST', 'GET'], `chunks of ${size}`);
    assert.equal(isWebSocketUpgrade(heads[0]), false);
    assert.equal(isWebSocketUpgrade(heads[1]), true);
    assert.equal(heads[0].headers.get('content-length'), '5');
    // Every byte is passed on once, in order; after the upgrade the connection is opaque.
    assert.equal(passed, POLL_POST + UPGRADE + '\x81\x05hello');
    assert.equal(splitter.opaque, true);
  }
});

test('a body that looks like a request head is not taken for one', () => {
  const sneaky = 'GET / HTTP/1.1\r\nUpgrade: websocket\r\n\r\n';
  const post = `POST /x HTTP/1.1\r\nContent-Length: ${sneaky.length}\r\n\r\n${sneaky}`;
  const { heads } = split(post, 5);
  assert.deepEqual(heads.map((h) => h.method), ['POST']);
});

test('what is not HTTP, and chunked bodies, end the parsing: everything passes as it is', () => {
  const tls = '\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03';
  assert.deepEqual(split(tls, 4).heads, []);
  assert.equal(split(tls, 4).passed, tls);
  const chunked = 'POST /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n' + UPGRADE;
  const { heads, passed } = split(chunked, 9);
  assert.equal(heads.length, 1, 'after a chunked body, nothing is parsed');
  assert.equal(passed, chunked);
});
