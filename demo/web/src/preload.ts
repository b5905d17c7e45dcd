// Starts loading the Wasm core as the page loads, so that it downloads and
// compiles while the user types a name and the sign-in request runs, not
// after: by the time ChatProvider creates the client, the package's one
// cached instance is ready or well on its way.
//
// Two parts:
// - index.html has `<link rel="preload" as="fetch" crossorigin>` for the
//   hashed .wasm (added by the build, vite.config.ts): the download starts
//   while the HTML is parsed, beside the page's JS.
// - this module, run first by main.tsx, calls preloadChatwire(): fetch,
//   compile and instantiate now (the same promise createChatClient awaits
//   later, which then resolves at once). Only for a tab with a connection of
//   its own (?share=off): shared tabs never run the core themselves (the
//   shared worker does, and finds the .wasm in the HTTP cache).
//
// Failures are left to the client: a preload that fails only means the
// client loads (and reports) it later; a failed load is not cached.
import { preloadChatwire } from 'chatwire';

let started = false;

/** `sharing`: this tab's client will be a view of the shared one (settings.share 'auto'). */
export function startLoadingChatwire(sharing: boolean): void {
  if (started || sharing) return;
  started = true;
  preloadChatwire().catch(() => {});
}
