import react from '@vitejs/plugin-react';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlib } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';

// `npm run dev` serves the page with hot reload and passes the API and the
// socket to a reference server started separately (CHATWIRE_SERVER).
const server = process.env.CHATWIRE_SERVER ?? 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [react(), preloadWasm(), precompress()],
  resolve: {
    // chatwire is linked from ../../npm, whose own node_modules has a React
    // for its tests: one React for the page and the hooks, not two.
    dedupe: ['react', 'react-dom'],
  },
  server: {
    proxy: {
      '/api': server,
      '/socket.io': { target: server, ws: true },
    },
  },
  build: {
    // The Wasm module is ~115 kB gzip on its own; say so rather than warn.
    chunkSizeWarningLimit: 600,
  },
});

/**
 * Adds `<link rel="preload" as="fetch" crossorigin>` for the hashed
 * chatwire.wasm to the built index.html, so that the browser starts the
 * download while it parses the page, beside the JS. `as="fetch"` with
 * `crossorigin` (anonymous: mode cors, credentials same-origin) is what the
 * Emscripten glue's `fetch(url, {credentials: 'same-origin'})` matches, so
 * that request takes the preloaded response (src/preload.ts).
 */
function preloadWasm(): Plugin {
  let base = '/';
  return {
    name: 'chatwire-preload-wasm',
    apply: 'build',
    configResolved(config) {
      base = config.base;
    },
    transformIndexHtml: {
      order: 'post',
      handler(_html, context) {
        const wasm = Object.values(context.bundle ?? {}).filter(
          (output) => output.type === 'asset' && output.fileName.endsWith('.wasm') && output.names.some((name) => name.endsWith('chatwire.wasm')),
        );
        if (wasm.length !== 1) throw new Error(`chatwire-preload-wasm: expected one chatwire.wasm in the bundle, found ${wasm.length}`);
        return [
          {
            tag: 'link',
            attrs: { rel: 'preload', as: 'fetch', type: 'application/wasm', crossorigin: 'anonymous', href: `${base}${wasm[0]!.fileName}` },
            injectTo: 'head',
          },
        ];
      },
    },
  };
}

/**
 * Writes `<file>.br` (brotli quality 11) beside each compressible file of the
 * build. The reference server sends it as the file's br variant when it
 * decodes to exactly the file, instead of compressing at quality 11 itself on
 * every start (about a second per large file; demo/server/README.md).
 */
function precompress(): Plugin {
  const compress = promisify(brotliCompress);
  let outDir = 'dist';
  return {
    name: 'chatwire-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = join(config.root, config.build.outDir);
    },
    async writeBundle(_options, bundle) {
      const compressible = /\.(?:html|m?js|css|json|map|svg|txt|wasm)$/;
      await Promise.all(
        Object.values(bundle)
          .filter((output) => compressible.test(output.fileName))
          .map(async (output) => {
            const source = output.type === 'chunk' ? Buffer.from(output.code) : Buffer.from(output.source);
            const br = await compress(source, {
              params: {
                [zlib.BROTLI_PARAM_QUALITY]: zlib.BROTLI_MAX_QUALITY,
                [zlib.BROTLI_PARAM_MODE]: output.fileName.endsWith('.wasm') ? zlib.BROTLI_MODE_GENERIC : zlib.BROTLI_MODE_TEXT,
                [zlib.BROTLI_PARAM_SIZE_HINT]: source.length,
              },
            });
            if (br.length < source.length) await writeFile(join(outDir, `${output.fileName}.br`), br);
          }),
      );
    },
  };
}
