// A tiny static file server for build outputs, on 127.0.0.1: what any host
// of a production build does, including the `application/wasm` type that
// WebAssembly.instantiateStreaming insists on. It records every request path,
// so a test can tell which .wasm the page fetched.
import { createServer } from 'node:http';
import { statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.wasm': 'application/wasm',
};

/**
 * Serves files from `roots`, the first that has the path winning (so a
 * build output can be served together with an app's static pages).
 * `/` and any folder path serve that folder's index.html.
 *
 * @param {string[]} roots  absolute folders
 * @returns {Promise<{
 *   url: string,
 *   requests: string[],                              every path asked for, in order
 *   fileFor: (path: string) => string | null,        the file a path serves
 *   close: () => Promise<void>,
 * }>}
 */
export async function startStaticServer(roots) {
  const requests = [];
  const server = createServer(async (request, response) => {
    try {
      const path = decodeURIComponent(new URL(request.url, 'http://localhost').pathname);
      requests.push(path);
      const file = fileFor(roots, path);
      if (!file) {
        response.writeHead(404, { 'content-type': 'text/plain' }).end(`not found: ${path}`);
        return;
      }
      const type = CONTENT_TYPES[extname(file)] ?? 'application/octet-stream';
      response.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' }).end(await readFile(file));
    } catch (error) {
      // A malformed path (bad %-escape) or an unreadable file: answer, never crash the test run.
      response.writeHead(400, { 'content-type': 'text/plain' }).end(String(error));
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    requests,
    fileFor: (path) => fileFor(roots, path),
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function fileFor(roots, urlPath) {
  const path = urlPath.endsWith('/') ? `${urlPath}index.html` : urlPath;
  for (const root of roots) {
    const file = normalize(join(root, path));
    // `..` in a request must not reach outside the served folders.
    if (file !== root && !file.startsWith(root + sep)) continue;
    if (statSync(file, { throwIfNoEntry: false })?.isFile()) return file;
  }
  return null;
}
