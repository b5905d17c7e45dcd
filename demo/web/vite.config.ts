import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

// `npm run dev` serves the page with hot reload and passes the API and the
// socket to a reference server started separately (CHATWIRE_SERVER).
const server = process.env.CHATWIRE_SERVER ?? 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [react(), preloadWasm()],
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
