import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// `npm run dev` serves the page with hot reload and passes the API and the
// socket to a reference server started separately (CHATWIRE_SERVER).
const server = process.env.CHATWIRE_SERVER ?? 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [react()],
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
