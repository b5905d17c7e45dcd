// The page as the reference server sends it: brotli or gzip by
// Accept-Encoding (q-values honoured), Vary, a year of immutable caching for
// Vite's hashed assets and revalidation (304) for the rest, HEAD, and the
// bytes unchanged once decoded. Raw node:http requests, so that nothing
// decodes or negotiates on the test's behalf.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, constants as zlibConstants } from 'node:zlib';
import { startReferenceServer } from '../src/reference-server.mjs';
import { IMMUTABLE, isHashedAsset, negotiateEncoding } from '../src/static-files.mjs';

describe('negotiateEncoding', () => {
  const both = ['br', 'gzip'];
  const cases = [
    [undefined, both, 'identity', 'no header: what any client can read'],
    ['', both, 'identity', 'empty: no coding wanted'],
    ['gzip, deflate, br, zstd', both, 'br', "Chromium's header"],
    ['gzip, deflate', both, 'gzip', ''],
    ['br', ['gzip'], 'identity', 'br wanted but not available'],
    ['gzip;q=1, br;q=0.5', both, 'gzip', 'the higher q wins'],
    ['br;q=0.8, gzip;q=0.8', both, 'br', 'a tie goes to br'],
    ['br;q=0, gzip', both, 'gzip', 'q=0 refuses br'],
    ['BR;Q=0, GZIP;Q=0.001', both, 'gzip', 'case-insensitive, three decimals'],
    ['br;q=0, gzip;q=0', both, 'identity', 'both refused'],
    ['br;q=0.0, gzip;q=0.00, identity;q=0.5', both, 'identity', ''],
    ['*', both, 'br', 'the wildcard accepts everything'],
    ['*;q=0', both, 'identity', 'everything refused: identity anyway (RFC 9110 12.5.3)'],
    ['*;q=0, gzip', both, 'gzip', 'the wildcard does not override a named coding'],
    ['identity;q=0, gzip;q=0.1', both, 'gzip', 'identity refused'],
    ['identity, br;q=0.5', both, 'identity', 'identity preferred by q'],
    ['x-gzip', both, 'gzip', 'x-gzip is gzip'],
    ['br;q=2, gzip', both, 'gzip', 'a malformed q ignores its entry'],
    ['br;q=abc, gzip;q=0.5', both, 'gzip', ''],
    [' br ; q=0.9 ,gzip;q=0.3', both, 'br', 'spaces'],
  ];
  for (const [header, available, expected, why] of cases) {
    it(`${JSON.stringify(header)} with [${available}] → ${expected}${why ? ` (${why})` : ''}`, () => {
      assert.equal(negotiateEncoding(header, available), expected);
    });
  }
});

it('isHashedAsset: Vite output names under assets/ only', () => {
  for (const name of ['assets/index-BdK3f9x_.js', 'assets/chatwire-Dq1-xZ0a.wasm', 'assets/index-CCPrVH7c.css', 'assets/deep/name-with-dashes-a1b2c3d4.js']) {
    assert.equal(isHashedAsset(name), true, name);
  }
  for (const name of ['index.html', 'assets/plain.js', 'assets/short-a1b2.js', 'robots-a1b2c3d4e5.txt', 'assets/', 'other/index-BdK3f9x_.js']) {
    assert.equal(isHashedAsset(name), false, name);
  }
});

/** GET (or another method) without any decoding: status, headers and the raw body. */
function get(url, headers = {}, method = 'GET') {
  return new Promise((resolvePromise, reject) => {
    const req = httpRequest(url, { method, headers }, (response) => {
      const chunks = [];
      response.on('data', (chunk) => chunks.push(chunk));
      response.on('end', () => resolvePromise({ status: response.statusCode, headers: response.headers, body: Buffer.concat(chunks) }));
      response.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

const decode = (response) => {
  switch (response.headers['content-encoding']) {
    case 'br':
      return brotliDecompressSync(response.body);
    case 'gzip':
      return gunzipSync(response.body);
    case undefined:
      return response.body;
    default:
      throw new Error(`unexpected Content-Encoding ${response.headers['content-encoding']}`);
  }
};

describe('the page, served compressed', () => {
  const scratch = mkdtempSync(joinPath(tmpdir(), 'chatwire-static-'));
  const web = joinPath(scratch, 'web');
  const files = {
    'index.html': `<!doctype html><html><head><title>page</title><script type="module" src="/assets/index-BdK3f9x_.js"></script></head><body>${'<p>chat</p>'.repeat(40)}</body></html>`,
    'assets/index-BdK3f9x_.js': Array.from({ length: 400 }, (_, i) => `export const value${i} = ${JSON.stringify(`message number ${i}`)};`).join('\n'),
    'assets/index-CCPrVH7c.css': '.message { color: #333; padding: 4px 8px; }\n'.repeat(60),
    // A wasm-like binary: the magic and version, then repetitive sections.
    'assets/chatwire-Dq1-xZ0a.wasm': Buffer.concat([Buffer.from([0, 97, 115, 109, 1, 0, 0, 0]), Buffer.alloc(6000, Buffer.from([1, 2, 3, 0x7f, 0x41, 0x0b]))]),
    'assets/unhashed.js': 'console.log("not hashed");\n'.repeat(30),
    'assets/logo-a1b2c3d4.png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...Array(300).fill(7)]),
    'tiny.txt': 'x',
  };
  let server;
  before(async () => {
    mkdirSync(joinPath(web, 'assets'), { recursive: true });
    for (const [name, content] of Object.entries(files)) writeFileSync(joinPath(web, name), content);
    server = await startReferenceServer({ port: 0, dbPath: ':memory:', webRoot: web, archiveSize: 0 });
    // Served at once (brotli 5), then brotli 11: the ETags below are the final ones.
    await server.pageReady;
  });
  after(async () => {
    await server.close();
    rmSync(scratch, { recursive: true, force: true });
  });
  const bytesOf = (name) => readFileSync(joinPath(web, name));
  const url = (path) => `${server.url}${path}`;

  for (const name of ['index.html', 'assets/index-BdK3f9x_.js', 'assets/index-CCPrVH7c.css', 'assets/chatwire-Dq1-xZ0a.wasm']) {
    it(`${name}: br, gzip and identity decode to the file's bytes, with a Content-Length for what is sent`, async () => {
      const original = bytesOf(name);
      for (const [acceptEncoding, expected] of [
        ['gzip, deflate, br, zstd', 'br'],
        ['gzip, br;q=0', 'gzip'],
        [undefined, undefined],
        ['br;q=0, gzip;q=0', undefined],
        ['identity', undefined],
      ]) {
        const response = await get(url(`/${name}`), acceptEncoding === undefined ? {} : { 'Accept-Encoding': acceptEncoding });
        const label = `${name} with Accept-Encoding ${JSON.stringify(acceptEncoding)}`;
        assert.equal(response.status, 200, label);
        assert.equal(response.headers['content-encoding'], expected, label);
        assert.equal(response.headers.vary, 'Accept-Encoding', label);
        assert.equal(Number(response.headers['content-length']), response.body.length, label);
        assert.ok(decode(response).equals(original), `${label}: the decoded body is the file`);
        if (expected) assert.ok(response.body.length < original.length, `${label}: smaller than the file`);
      }
    });
  }

  it('serves the smallest brotli once the page is warmed: no larger than brotli 5 or gzip 9', async () => {
    for (const name of ['index.html', 'assets/index-BdK3f9x_.js', 'assets/chatwire-Dq1-xZ0a.wasm']) {
      const br = await get(url(`/${name}`), { 'Accept-Encoding': 'br' });
      const gzip = await get(url(`/${name}`), { 'Accept-Encoding': 'gzip' });
      // brotli 11 replaces brotli 5 where it is smaller (not always, on tiny repetitive files).
      assert.match(br.headers.etag, /^"[\w-]+-br-[\w-]{10}"$/, name);
      assert.match(gzip.headers.etag, /^"[\w-]+-gzip-[\w-]{10}"$/, name);
      assert.ok(br.body.length <= gzip.body.length, `${name}: br ${br.body.length} ≤ gzip ${gzip.body.length}`);
      const quick = brotliCompressSync(bytesOf(name), { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 5 } });
      assert.ok(br.body.length <= quick.length, `${name}: br 11 ${br.body.length} ≤ br 5 ${quick.length}`);
    }
  });

  it('sends application/wasm for the module, compressed with its type unchanged', async () => {
    const response = await get(url('/assets/chatwire-Dq1-xZ0a.wasm'), { 'Accept-Encoding': 'br' });
    assert.equal(response.headers['content-type'], 'application/wasm');
    assert.equal(response.headers['content-encoding'], 'br');
  });

  it('caches hashed assets for a year as immutable, and revalidates index.html and unhashed files', async () => {
    for (const path of ['/assets/index-BdK3f9x_.js', '/assets/index-CCPrVH7c.css', '/assets/chatwire-Dq1-xZ0a.wasm', '/assets/logo-a1b2c3d4.png']) {
      const response = await get(url(path), { 'Accept-Encoding': 'br' });
      assert.equal(response.headers['cache-control'], IMMUTABLE, path);
      assert.equal(IMMUTABLE, 'public, max-age=31536000, immutable');
    }
    for (const path of ['/', '/index.html', '/rooms/general', '/assets/unhashed.js', '/tiny.txt']) {
      const response = await get(url(path), { 'Accept-Encoding': 'br' });
      assert.equal(response.status, 200, path);
      assert.equal(response.headers['cache-control'], 'no-cache', path);
      assert.ok(response.headers.etag, `${path}: an ETag to revalidate with`);
      assert.ok(response.headers['last-modified'], `${path}: a Last-Modified`);
    }
  });

  it('says Vary: Accept-Encoding for compressible types, including the page at any path and files too small to compress', async () => {
    for (const path of ['/', '/rooms/general', '/assets/unhashed.js', '/tiny.txt']) {
      const response = await get(url(path));
      assert.equal(response.headers.vary, 'Accept-Encoding', path);
    }
    const tiny = await get(url('/tiny.txt'), { 'Accept-Encoding': 'br, gzip' });
    assert.equal(tiny.headers['content-encoding'], undefined, 'one byte is not worth compressing');
    assert.equal(tiny.body.toString(), 'x');
    const png = await get(url('/assets/logo-a1b2c3d4.png'), { 'Accept-Encoding': 'br, gzip' });
    assert.equal(png.headers['content-encoding'], undefined, 'images are not recompressed');
    assert.equal(png.headers.vary, undefined);
    assert.ok(png.body.equals(bytesOf('assets/logo-a1b2c3d4.png')));
  });

  it('answers a revalidation with 304 for the representation the cache holds, and 200 for another', async () => {
    for (const [path, acceptEncoding] of [
      ['/', 'br'],
      ['/', 'gzip'],
      ['/', undefined],
      ['/assets/chatwire-Dq1-xZ0a.wasm', 'br'],
      ['/assets/index-BdK3f9x_.js', 'gzip'],
    ]) {
      const headers = acceptEncoding ? { 'Accept-Encoding': acceptEncoding } : {};
      const first = await get(url(path), headers);
      const etag = first.headers.etag;
      assert.match(etag, /^"[\w-]+"$/, 'a strong ETag');
      const again = await get(url(path), { ...headers, 'If-None-Match': etag });
      const label = `${path} ${acceptEncoding}`;
      assert.equal(again.status, 304, label);
      assert.equal(again.body.length, 0, label);
      assert.equal(again.headers.etag, etag, label);
      assert.equal(again.headers.vary, 'Accept-Encoding', label);
      assert.equal(again.headers['cache-control'], first.headers['cache-control'], label);
      const weak = await get(url(path), { ...headers, 'If-None-Match': `"other", W/${etag}` });
      assert.equal(weak.status, 304, `${label}: weak comparison, in a list`);
      const byDate = await get(url(path), { ...headers, 'If-Modified-Since': first.headers['last-modified'] });
      assert.equal(byDate.status, 304, `${label}: If-Modified-Since`);
      const stale = await get(url(path), { ...headers, 'If-None-Match': '"something-else"', 'If-Modified-Since': first.headers['last-modified'] });
      assert.equal(stale.status, 200, `${label}: If-None-Match wins over If-Modified-Since`);
    }
    // Each encoding is its own representation: a gzip ETag does not validate br.
    const br = await get(url('/'), { 'Accept-Encoding': 'br' });
    const gzip = await get(url('/'), { 'Accept-Encoding': 'gzip' });
    const identity = await get(url('/'));
    assert.equal(new Set([br.headers.etag, gzip.headers.etag, identity.headers.etag]).size, 3);
    const crossed = await get(url('/'), { 'Accept-Encoding': 'br', 'If-None-Match': gzip.headers.etag });
    assert.equal(crossed.status, 200);
    assert.equal(crossed.headers['content-encoding'], 'br');
    const old = await get(url('/'), { 'If-Modified-Since': new Date(Date.parse(identity.headers['last-modified']) - 60_000).toUTCString() });
    assert.equal(old.status, 200, 'modified since a minute before');
  });

  it('answers HEAD with the headers of GET and no body', async () => {
    for (const [path, acceptEncoding] of [
      ['/', 'br'],
      ['/assets/chatwire-Dq1-xZ0a.wasm', 'br'],
      ['/assets/chatwire-Dq1-xZ0a.wasm', 'gzip'],
      ['/assets/index-BdK3f9x_.js', undefined],
    ]) {
      const headers = acceptEncoding ? { 'Accept-Encoding': acceptEncoding } : {};
      const full = await get(url(path), headers);
      const head = await get(url(path), headers, 'HEAD');
      assert.equal(head.status, 200);
      assert.equal(head.body.length, 0);
      for (const name of ['content-type', 'content-length', 'content-encoding', 'etag', 'vary', 'cache-control', 'last-modified']) {
        assert.equal(head.headers[name], full.headers[name], `${path} ${acceptEncoding}: ${name}`);
      }
    }
  });

  it('ignores Range and sends the whole representation', async () => {
    const response = await get(url('/assets/index-BdK3f9x_.js'), { 'Accept-Encoding': 'gzip', Range: 'bytes=0-9' });
    assert.equal(response.status, 200);
    assert.equal(response.headers['accept-ranges'], 'none');
    assert.ok(decode(response).equals(bytesOf('assets/index-BdK3f9x_.js')));
  });

  it('404s a missing asset instead of sending the page as a script; other unknown paths get the page', async () => {
    const missing = await get(url('/assets/index-OldHash1.js'), { 'Accept-Encoding': 'br' });
    assert.equal(missing.status, 404);
    assert.match(missing.headers['content-type'], /^application\/json/);
    const page = await get(url('/rooms/design'), { 'Accept-Encoding': 'gzip' });
    assert.equal(page.status, 200);
    assert.match(page.headers['content-type'], /^text\/html/);
    assert.match(page.headers['content-security-policy'], /'wasm-unsafe-eval'/);
    assert.ok(gunzipSync(page.body).equals(bytesOf('index.html')));
    const post = await get(url('/index.html'), {}, 'POST');
    assert.equal(post.status, 405);
    assert.equal(post.headers.allow, 'GET, HEAD');
  });

  it('answers at once on a fresh start, before brotli 11 is done', async () => {
    const fresh = await startReferenceServer({ port: 0, dbPath: ':memory:', webRoot: web, archiveSize: 0 });
    try {
      const response = await get(`${fresh.url}/assets/chatwire-Dq1-xZ0a.wasm`, { 'Accept-Encoding': 'br' });
      assert.equal(response.headers['content-encoding'], 'br');
      assert.match(response.headers.etag, /-br-[\w-]{10}"$/);
      assert.ok(brotliDecompressSync(response.body).equals(bytesOf('assets/chatwire-Dq1-xZ0a.wasm')));
      await fresh.pageReady;
      const later = await get(`${fresh.url}/assets/chatwire-Dq1-xZ0a.wasm`, { 'Accept-Encoding': 'br', 'If-None-Match': response.headers.etag });
      if (later.status === 200) {
        assert.notEqual(later.headers.etag, response.headers.etag, 'new bytes, a new ETag');
        assert.ok(later.body.length < response.body.length, 'brotli 11 replaced brotli 5 only where smaller');
        assert.ok(brotliDecompressSync(later.body).equals(bytesOf('assets/chatwire-Dq1-xZ0a.wasm')));
      }
      const again = await startReferenceServer({ port: 0, dbPath: ':memory:', webRoot: web, archiveSize: 0 });
      try {
        await again.pageReady;
        const restarted = await get(`${again.url}/assets/chatwire-Dq1-xZ0a.wasm`, { 'Accept-Encoding': 'br', 'If-None-Match': later.headers.etag ?? response.headers.etag });
        assert.equal(restarted.status, 304, 'the same bytes have the same ETag after a restart');
      } finally {
        await again.close();
      }
    } finally {
      await fresh.close();
    }
  });

  it("uses the build's <file>.br when it decodes to the file, and ignores a stale or foreign one", async () => {
    const source = 'export const precompressed = "yes";\n'.repeat(80);
    const dir = joinPath(scratch, 'prebuilt');
    mkdirSync(joinPath(dir, 'assets'), { recursive: true });
    writeFileSync(joinPath(dir, 'index.html'), files['index.html']);
    const prebuilt = brotliCompressSync(source, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 9 } });
    writeFileSync(joinPath(dir, 'assets/good-a1b2c3d4.js'), source);
    writeFileSync(joinPath(dir, 'assets/good-a1b2c3d4.js.br'), prebuilt);
    writeFileSync(joinPath(dir, 'assets/stale-a1b2c3d4.js'), source);
    writeFileSync(joinPath(dir, 'assets/stale-a1b2c3d4.js.br'), brotliCompressSync('export const old = 1;\n'));
    writeFileSync(joinPath(dir, 'assets/junk-a1b2c3d4.js'), source);
    writeFileSync(joinPath(dir, 'assets/junk-a1b2c3d4.js.br'), 'not brotli at all');
    const site = await startReferenceServer({ port: 0, dbPath: ':memory:', webRoot: dir, archiveSize: 0 });
    try {
      await site.pageReady;
      const good = await get(`${site.url}/assets/good-a1b2c3d4.js`, { 'Accept-Encoding': 'br' });
      assert.equal(good.headers['content-encoding'], 'br');
      assert.ok(good.body.equals(prebuilt), "the build's bytes, as they are");
      for (const name of ['stale', 'junk']) {
        const response = await get(`${site.url}/assets/${name}-a1b2c3d4.js`, { 'Accept-Encoding': 'br' });
        assert.equal(response.headers['content-encoding'], 'br', name);
        assert.equal(brotliDecompressSync(response.body).toString(), source, `${name}: compressed here instead`);
      }
    } finally {
      await site.close();
    }
  });

  it('recompresses a file that changes on disk (a rebuild), with a new ETag', async () => {
    const before = await get(url('/assets/unhashed.js'), { 'Accept-Encoding': 'br' });
    const changed = 'console.log("rebuilt");\n'.repeat(50);
    writeFileSync(joinPath(web, 'assets/unhashed.js'), changed);
    const later = new Date(Date.now() + 5_000);
    utimesSync(joinPath(web, 'assets/unhashed.js'), later, later);
    const after = await get(url('/assets/unhashed.js'), { 'Accept-Encoding': 'br', 'If-None-Match': before.headers.etag });
    assert.equal(after.status, 200, 'the old ETag no longer validates');
    assert.notEqual(after.headers.etag, before.headers.etag);
    assert.equal(brotliDecompressSync(after.body).toString(), changed);
  });
});
