// A production build of the benchmark's three pages, as an app's would be:
// `vite build`, no chatwire-specific settings. React, react-dom and
// socket.io-client resolve from bench/node_modules, chatwire from this
// folder's node_modules (the packed tarball).
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  logLevel: 'warn',
  // JSX without a plugin: React's automatic runtime, as @vitejs/plugin-react would set it.
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Measured pages should not load a modulepreload polyfill they do not need.
    modulePreload: { polyfill: false },
    rolldownOptions: {
      input: {
        ready: 'ready.html',
        chatwire: 'chatwire.html',
        socketio: 'socketio.html',
      },
    },
  },
});
