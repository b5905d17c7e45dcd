// The built demo page, served compressed and cacheable.
//
// Each file is read and compressed once, and kept in memory keyed by path,
// mtime and size: a rebuilt file is recompressed on its next request.
// Brotli comes precompressed when the build left `<file>.br` beside a file
// (demo/web's build writes quality 11): it is used once it decompresses to
// exactly the file's bytes, so a stale or foreign one never is. Otherwise
// compression runs on libuv's thread pool in two steps, so that a request
// never waits for the slow one: first brotli quality 5 (tens of milliseconds
// for the Wasm module), then, in the background and one file at a time,
// quality 11 (about a second each, 10% smaller), which replaces it when
// smaller. Gzip is level 9, always here. The whole folder is warmed when the
// server starts. A variant is kept only when it is smaller than the file.
//
// Per request: the encoding is negotiated from Accept-Encoding (q-values
// honoured, q=0 refuses; ties go to br, then gzip, then identity), and every
// compressible type says `Vary: Accept-Encoding`. Each representation has its
// own strong ETag, from its bytes ("<sha256>", "<sha256>-br-<sha256 of the
// br bytes>", the same for gzip), so If-None-Match revalidates exactly what
// the cache holds, across restarts too; If-Modified-Since is the fallback. Vite's hashed assets
// (assets/<name>-<hash>.<ext>) are cached for a year as immutable; everything
// else (index.html) is no-cache, revalidated with a 304. Range requests are
// not supported: the Range header is ignored and the whole representation is
// sent (RFC 9110 allows this; `Accept-Ranges: none` says so).

import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, readdir, stat } from 'node:fs/promises';
import { extname, join, relative, sep } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, brotliDecompress, constants as zlibConstants, gzip } from 'node:zlib';

const brotli = promisify(brotliCompress);
const unbrotli = promisify(brotliDecompress);
const gzipAsync = promisify(gzip);

export const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

/** Extensions worth compressing: text and wasm (images here are already compressed). */
export const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.map', '.svg', '.txt', '.wasm']);

/** The first brotli pass: fast; quality 11 replaces it in the background. */
const QUICK_BROTLI_QUALITY = 5;

/** Files larger than this are streamed from disk as they are, not kept in memory. */
const MAX_CACHED_BYTES = 32 * 1024 * 1024;

export const IMMUTABLE = 'public, max-age=31536000, immutable';
export const REVALIDATE = 'no-cache';

/**
 * Vite's output names: `assets/<name>-<hash>.<ext>` (the hash is 8 or more
 * characters of [A-Za-z0-9_-]). Such a name never changes content.
 * @param {string} relativePath  relative to the site root, with / separators
 */
export function isHashedAsset(relativePath) {
  return /^assets\/(?:[^/]+\/)*[^/]+-[A-Za-z0-9_-]{8,}\.[A-Za-z0-9]+$/.test(relativePath);
}

/**
 * The encoding to send: the acceptable one with the highest q, ties going to
 * br, then gzip, then identity; identity not named is acceptable but the last
 * choice. No header means identity (what clients that
 * send none, like curl without --compressed, can read); an explicit refusal
 * of everything also gets identity (RFC 9110 12.5.3).
 * @param {string | undefined} header  the request's Accept-Encoding
 * @param {readonly ('br' | 'gzip')[]} available  the compressed variants that exist
 * @returns {'br' | 'gzip' | 'identity'}
 */
export function negotiateEncoding(header, available) {
  if (header === undefined) return 'identity';
  /** @type {Map<string, number>} */
  const qualities = new Map();
  for (const part of header.split(',')) {
    const [rawCoding, ...params] = part.split(';');
    let coding = rawCoding.trim().toLowerCase();
    if (!coding) continue;
    if (coding === 'x-gzip') coding = 'gzip';
    let q = 1;
    for (const param of params) {
      const match = /^\s*q\s*=\s*(.*?)\s*$/i.exec(param);
      if (!match) continue;
      q = /^(?:0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/.test(match[1]) ? Number(match[1]) : Number.NaN;
    }
    if (Number.isNaN(q)) continue; // a malformed weight: ignore the entry
    qualities.set(coding, Math.max(q, qualities.get(coding) ?? 0));
  }
  const wildcard = qualities.get('*');
  // identity, unless named or covered by *, is acceptable but the last choice.
  const qualityOf = (coding) => qualities.get(coding) ?? wildcard ?? (coding === 'identity' ? Number.MIN_VALUE : 0);
  let best = 'identity';
  let bestQ = 0;
  for (const coding of [...['br', 'gzip'].filter((c) => available.includes(c)), 'identity']) {
    const q = qualityOf(coding);
    if (q > bestQ) {
      best = coding;
      bestQ = q;
    }
  }
  return /** @type {'br' | 'gzip' | 'identity'} */ (best);
}

/**
 * @typedef {object} Representation
 * @property {Buffer} body
 * @property {string} etag
 *
 * @typedef {object} StaticEntry
 * @property {string} type
 * @property {boolean} compressible
 * @property {string} lastModified
 * @property {number} mtimeSeconds
 * @property {Representation | null} identity  null: too large to keep; streamed
 * @property {string} streamEtag                 for a streamed file
 * @property {number} size
 * @property {Partial<Record<'br' | 'gzip', Representation>>} encoded
 * @property {string} hash
 * @property {boolean} brotliFinal  the br variant is quality 11 (or the build's)
 */

/**
 * The page's files under `root`, compressed once and kept.
 * @param {string} root  an absolute folder
 */
export function createStaticSite(root) {
  /** @type {Map<string, { key: string, entry: Promise<StaticEntry>, settled: Promise<void> }>} */
  const cache = new Map();
  /** The brotli-11 pass: one file at a time, after the fast variants. */
  let upgrades = Promise.resolve();

  /** @param {string} file  @param {import('node:fs').Stats} stats */
  function entryFor(file, stats) {
    const key = `${stats.mtimeMs}:${stats.size}`;
    const cached = cache.get(file);
    if (cached?.key === key) return cached;
    const entry = loadEntry(file, stats);
    const settled = entry.then((loaded) => {
      if (!loaded.encoded.br || loaded.brotliFinal) return undefined;
      upgrades = upgrades.then(() => upgradeBrotli(loaded)).catch(() => {});
      return upgrades;
    });
    const record = { key, entry, settled: settled.catch(() => {}) };
    cache.set(file, record);
    entry.catch(() => {
      if (cache.get(file) === record) cache.delete(file);
    });
    return record;
  }

  /**
   * Reads and compresses every file under the root; resolves once each has
   * its final variants (brotli 11 included).
   */
  async function warm() {
    const files = [];
    const walk = async (dir) => {
      for (const item of await readdir(dir, { withFileTypes: true })) {
        const path = join(dir, item.name);
        if (item.isDirectory()) await walk(path);
        else if (item.isFile()) files.push(path);
      }
    };
    await walk(root);
    // The build's precompressed siblings are read with their files.
    const sources = new Set(files);
    files.splice(0, files.length, ...files.filter((file) => !(file.endsWith('.br') && sources.has(file.slice(0, -3)))));
    // One at a time: the thread pool is shared with everything else.
    const settled = [];
    for (const file of files) {
      const stats = await stat(file).catch(() => null);
      if (!stats?.isFile()) continue;
      const record = entryFor(file, stats);
      await record.entry.catch(() => {});
      settled.push(record.settled);
    }
    await Promise.all(settled);
  }

  /**
   * Answers GET or HEAD for `file` (an existing file under root).
   * @param {string} file
   * @param {import('node:fs').Stats} stats
   * @param {import('node:http').IncomingMessage} request
   * @param {import('node:http').ServerResponse} response
   * @param {Record<string, string>} extraHeaders
   */
  async function send(file, stats, request, response, extraHeaders) {
    const entry = await entryFor(file, stats).entry;
    const relativePath = relative(root, file).split(sep).join('/');
    const headers = {
      'Content-Type': entry.type,
      'Cache-Control': isHashedAsset(relativePath) ? IMMUTABLE : REVALIDATE,
      'Last-Modified': entry.lastModified,
      'Accept-Ranges': 'none',
      ...extraHeaders,
    };
    if (entry.compressible) headers.Vary = 'Accept-Encoding';

    const encoding = entry.identity ? negotiateEncoding(request.headers['accept-encoding'], /** @type {any} */ (Object.keys(entry.encoded))) : 'identity';
    const chosen = encoding === 'identity' ? entry.identity : entry.encoded[encoding];
    const etag = chosen ? chosen.etag : entry.streamEtag;
    headers.ETag = etag;

    if (notModified(request, etag, entry.mtimeSeconds)) {
      delete headers['Content-Type'];
      response.writeHead(304, headers).end();
      return;
    }
    if (encoding !== 'identity') headers['Content-Encoding'] = encoding;
    headers['Content-Length'] = String(chosen ? chosen.body.length : entry.size);
    response.writeHead(200, headers);
    if (request.method === 'HEAD') return void response.end();
    if (chosen) return void response.end(chosen.body);
    createReadStream(file).on('error', () => response.destroy()).pipe(response);
  }

  return { send, warm };
}

/** Replaces the quick brotli variant with quality 11 when that is smaller. */
async function upgradeBrotli(entry) {
  const body = entry.identity?.body;
  if (!body) return;
  const better = await brotli(body, brotliOptions(body, entry.type, zlibConstants.BROTLI_MAX_QUALITY));
  if (better.length < (entry.encoded.br?.body.length ?? body.length)) entry.encoded.br = representation(entry.hash, 'br', better);
  entry.brotliFinal = true;
}

function brotliOptions(body, type, quality) {
  return {
    params: {
      [zlibConstants.BROTLI_PARAM_QUALITY]: quality,
      [zlibConstants.BROTLI_PARAM_MODE]: type === 'application/wasm' ? zlibConstants.BROTLI_MODE_GENERIC : zlibConstants.BROTLI_MODE_TEXT,
      [zlibConstants.BROTLI_PARAM_SIZE_HINT]: body.length,
    },
  };
}

/** @param {string} file @param {import('node:fs').Stats} stats @returns {Promise<StaticEntry>} */
async function loadEntry(file, stats) {
  const extension = extname(file).toLowerCase();
  const type = CONTENT_TYPES[extension] ?? 'application/octet-stream';
  const compressible = COMPRESSIBLE.has(extension);
  const base = {
    type,
    compressible,
    lastModified: new Date(stats.mtimeMs).toUTCString(),
    mtimeSeconds: Math.floor(stats.mtimeMs / 1000),
    size: stats.size,
    streamEtag: `W/"${stats.size.toString(16)}-${Math.floor(stats.mtimeMs).toString(16)}"`,
    hash: '',
    brotliFinal: false,
    identity: null,
    encoded: {},
  };
  if (stats.size > MAX_CACHED_BYTES) return base;
  const body = await readFile(file);
  const hash = createHash('sha256').update(body).digest('base64url').slice(0, 27);
  /** @type {StaticEntry} */
  const entry = { ...base, hash, size: body.length, identity: { body, etag: `"${hash}"` } };
  if (!compressible || body.length === 0) return entry;
  const prebuilt = await precompressed(file, body);
  entry.brotliFinal = prebuilt !== null;
  const [br, gz] = await Promise.all([
    prebuilt ?? brotli(body, brotliOptions(body, type, QUICK_BROTLI_QUALITY)),
    gzipAsync(body, { level: zlibConstants.Z_BEST_COMPRESSION }),
  ]);
  if (br.length < body.length) entry.encoded.br = representation(hash, 'br', br);
  if (gz.length < body.length) entry.encoded.gzip = representation(hash, 'gzip', gz);
  return entry;
}

/** A compressed variant, its ETag naming the file and its own bytes. */
function representation(hash, encoding, body) {
  return { body, etag: `"${hash}-${encoding}-${createHash('sha256').update(body).digest('base64url').slice(0, 10)}"` };
}

/** `<file>.br` when it decompresses to exactly `body`; otherwise null. */
async function precompressed(file, body) {
  let compressed;
  try {
    compressed = await readFile(`${file}.br`);
  } catch {
    return null;
  }
  try {
    const decoded = await unbrotli(compressed, { maxOutputLength: body.length + 1 });
    return decoded.equals(body) ? compressed : null;
  } catch {
    return null; // not brotli, or larger than the file: not this file's
  }
}

/**
 * RFC 9110 13.2.2: If-None-Match when present (weak comparison), else
 * If-Modified-Since.
 */
function notModified(request, etag, mtimeSeconds) {
  const ifNoneMatch = request.headers['if-none-match'];
  if (ifNoneMatch !== undefined) {
    if (ifNoneMatch.trim() === '*') return true;
    const opaque = (tag) => tag.trim().replace(/^W\//, '');
    return ifNoneMatch.split(',').some((tag) => opaque(tag) === opaque(etag));
  }
  const ifModifiedSince = request.headers['if-modified-since'];
  if (ifModifiedSince !== undefined) {
    const since = Date.parse(ifModifiedSince);
    return !Number.isNaN(since) && mtimeSeconds <= Math.floor(since / 1000);
  }
  return false;
}
