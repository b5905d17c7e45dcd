// Finds and instantiates the WebAssembly core, once per page or process.
//
// The .wasm file sits next to this module in dist/. `new URL('./chatwire.wasm',
// import.meta.url)` is the one spelling that webpack 5 (and so Next.js), Vite,
// esbuild-based tools and Node all understand: bundlers emit the file as an
// asset and rewrite the URL, Node gets a file: URL. Browsers fetch it; Node
// reads it from disk, because Emscripten 3.1.6's web glue would try fetch()
// on a file path there.
import createChatwireCore from './chatwire_core.js';
import type { CoreModuleOptions } from './chatwire_core.js';
import { coreModule, type CoreModule } from './core-client.js';
import { ChatwireError } from './errors.js';

const WASM_FILE = 'chatwire.wasm';

/** One instance per wasm location (almost always exactly one). */
const instances = new Map<string, Promise<CoreModule>>();

/**
 * The core module. All clients share one instance: each client is its own
 * object inside it, so a page with several clients loads the code once.
 */
export function loadCore(locateFile?: (file: string) => string): Promise<CoreModule> {
  const key = locateFile ? locateFile(WASM_FILE) : '';
  let instance = instances.get(key);
  if (!instance) {
    instance = instantiate(locateFile);
    instances.set(key, instance);
    // A failed load (a 404 on the .wasm, say) must not poison later attempts.
    instance.catch(() => instances.delete(key));
  }
  return instance;
}

async function instantiate(locateFile?: (file: string) => string): Promise<CoreModule> {
  const options: CoreModuleOptions = {
    // The glue prints aborts through these; keep them off the console unless something is wrong.
    print: () => {},
    printErr: (text) => console.error(`chatwire: ${text}`),
  };
  const location = locateFile ? locateFile(WASM_FILE) : null;
  if (isNode() && (location === null || !/^https?:/.test(location))) {
    // Node: the file next to this module, or the path / file: URL the caller gave.
    options.wasmBinary = await readFromDisk(location ?? new URL('./chatwire.wasm', import.meta.url));
  } else {
    const url = location ?? new URL('./chatwire.wasm', import.meta.url).href;
    options.locateFile = () => url;
  }
  try {
    return coreModule(await createChatwireCore(options));
  } catch (cause) {
    // Emscripten's own words ("both async and sync fetching of the wasm
    // failed", "expected magic word") do not say what to do.
    const where = location ?? 'next to the package (new URL("./chatwire.wasm", import.meta.url))';
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new ChatwireError({
      source: 'config',
      code: 'wasm_load_failed',
      message:
        `could not load chatwire.wasm from ${where}: ${reason}. Serve it with the type application/wasm, ` +
        "or pass locateFile; with Vite 7 or older, set optimizeDeps.exclude: ['chatwire'] for the dev server",
    });
  }
}

function isNode(): boolean {
  const process = (globalThis as { process?: { versions?: { node?: string } } }).process;
  // Not `typeof window`: jsdom (Jest, Vitest, testing-library) defines one in Node,
  // and the glue's fetch() cannot read file: URLs there either.
  return typeof process?.versions?.node === 'string';
}

async function readFromDisk(location: string | URL): Promise<Uint8Array> {
  // Kept out of bundlers' sight: a browser build must not try to resolve `fs`.
  const specifier = 'node:fs/promises';
  const fs = (await import(/* webpackIgnore: true */ /* @vite-ignore */ specifier)) as {
    readFile(path: string | URL): Promise<Uint8Array>;
  };
  return fs.readFile(typeof location === 'string' && location.startsWith('file:') ? new URL(location) : location);
}
