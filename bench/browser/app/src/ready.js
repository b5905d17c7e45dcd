// The module-ready page: nothing but Chatwire's entry. It times
// createChatClient() (which fetches, compiles and instantiates
// chatwire.wasm, once per page) and hands run.mjs the figures through
// window.__ready, a promise.
import { createChatClient } from 'chatwire';

const status = document.getElementById('status');
const calledAt = performance.now();
performance.mark('chatwire:create-start');
window.__ready = createChatClient({
  url: location.origin,
  dialect: 'chatwire',
  user: { id: 'u-ready', name: 'Ready' },
  // The core in this page: what (a) times is the .wasm loaded by the page.
  // Shared (the default), the page would attach to a worker that may have it already.
  share: 'off',
}).then((client) => {
  const resolvedAt = performance.now();
  performance.mark('chatwire:create-resolved');
  client.destroy();
  const wasm = performance.getEntriesByType('resource').find((entry) => new URL(entry.name).pathname.endsWith('.wasm'));
  status.textContent = 'ready';
  return {
    calledAt,
    resolvedAt,
    wasm: wasm
      ? { transferSize: wasm.transferSize, encodedBodySize: wasm.encodedBodySize, fetchMs: wasm.responseEnd - wasm.startTime }
      : null,
  };
});
window.__ready.catch((error) => {
  status.textContent = `error: ${error.message}`;
});
