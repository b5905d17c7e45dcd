// Serves the Vite build on 127.0.0.1 the way a production host would:
// hashed files under /assets/ are immutable and cached for a year, pages are
// revalidated (ETag, 304). .wasm goes out as application/wasm, so the
// browser compiles while downloading. Every request is recorded with its
// status, so run.mjs can tell what the browser fetched and what it took
// from its HTTP cache (a cache hit never reaches the server).
import { createServer } from 'node:http';
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
};

/**
 * @param {string} root  absolute folder (the build output)
 * @returns {Promise<{ url: string, requests: { path: string, status: number }[], close: () => Promise<void> }>}
 */
export async function startStaticServer(root) {
  const requests = [];
  const files = new Map();  // path -> { body, etag, type }: the build does not change while served
  const server = createServer((request, response) => {
    let path = '?';
    try {
      path = decodeURIComponent(new URL(request.url, 'http://localhost').pathname);
      const file = load(root, path, files);
      if (!file) {
        requests.push({ path, status: 404 });
        response.writeHead(404, { 'content-type': 'text/plain' }).end(`not found: ${path}`);
        return;
      }
      const headers = {
        'content-type': file.type,
        etag: file.etag,
        'cache-control': path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
      };
      if (request.headers['if-none-match'] === file.etag) {
        requests.push({ path, status: 304 });
        response.writeHead(304, headers).end();
        return;
      }
      requests.push({ path, status: 200 });
      response.writeHead(200, { ...headers, 'content-length': file.body.length }).end(file.body);
    } catch (error) {
      requests.push({ path, status: 400 });
      response.writeHead(400, { 'content-type': 'text/plain' }).end(String(error));
    }
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function load(root, urlPath, files) {
  if (files.has(urlPath)) return files.get(urlPath);
  const file = normalize(join(root, urlPath.endsWith('/') ? `${urlPath}index.html` : urlPath));
  // `..` in a request must not reach outside the build.
  if (!file.startsWith(root + sep) || !statSync(file, { throwIfNoEntry: false })?.isFile()) return null;
  const body = readFileSync(file);
  const entry = {
    body,
    etag: `"${createHash('sha1').update(body).digest('base64url')}"`,
    type: CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
  };
  files.set(urlPath, entry);
  return entry;
}
