// Starts loading the Wasm core as the page loads, so that it downloads and
// compiles while the user types a name and the sign-in request runs, not
// after: by the time ChatProvider creates the client, loadCore's one cached
// instance is ready or well on its way.
//
// Two parts:
// - index.html has `<link rel="preload" as="fetch" crossorigin>` for the
//   hashed .wasm (added by the build, vite.config.ts): the download starts
//   while the HTML is parsed, beside the page's JS.
// - this module, run first by main.tsx, asks the package to fetch, compile
//   and instantiate the module now: `preloadChatwire()` (which calls
//   loadCore(), the same promise createChatClient awaits later). Until the
//   package exports it, the page fetches the preloaded .wasm itself and
//   reads it to the end, so the download completes into the HTTP cache
//   (hashed assets are immutable for a year) and the glue's own fetch after
//   sign-in is a cache hit; compiling then still waits for the client.
//
// Failures are left to the client: a preload that fails only means the
// client loads (and reports) it later, as before.

import * as chatwire from 'chatwire';

/** What the page needs from the package: `preloadChatwire(options?)`. */
type Preload = (options?: { locateFile?: (file: string) => string }) => Promise<unknown>;

let started = false;

export function startLoadingChatwire(): void {
  if (started) return;
  started = true;
  // The package is in the page's bundle already (the chat imports it), so a
  // static import: a dynamic one would only add a request for a facade chunk.
  const preload = (chatwire as { preloadChatwire?: Preload }).preloadChatwire;
  (typeof preload === 'function' ? preload() : warmWasmCache()).catch(() => {});
}

/** The fallback: completes the `<link rel=preload>` download (same URL, mode and credentials). */
async function warmWasmCache(): Promise<void> {
  const link = document.querySelector<HTMLLinkElement>('link[rel="preload"][as="fetch"][href$=".wasm"]');
  if (!link) return; // the dev server: no hashed file to name
  const response = await fetch(link.href, { credentials: 'same-origin' });
  if (response.ok) await response.arrayBuffer();
}
