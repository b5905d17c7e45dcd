// Starts a seed backend test server through its conformance adapter
// (backends/<name>/adapter.mjs), so the browser test and the conformance suite
// run the very same server program.
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** What an adapter's credentials(name) gives (backends/README.md). */
export interface SeedCredentials {
  user: { id: string; name: string };
  query?: Record<string, string>;
  auth?: Record<string, string>;
  headers?: Record<string, string>;
}

/** A running seed backend, as its adapter's start() returns it. */
export interface SeedBackend {
  url: string;
  rooms: string[];
  stop(): Promise<void>;
  credentials(name: string): Promise<SeedCredentials>;
}

const BACKENDS = resolve(dirname(fileURLToPath(import.meta.url)), '../../backends');

/** Starts backends/<name> on a free port with its data in dataDir. */
export async function startSeedBackend(name: string, dataDir: string): Promise<SeedBackend> {
  // The adapters are plain JavaScript outside this TypeScript project: a URL import keeps tsc out
  // of them, and the interface above is their documented contract.
  const href = pathToFileURL(resolve(BACKENDS, name, 'adapter.mjs')).href;
  const adapter = (await import(href)).default as { start(options: { dataDir: string }): Promise<SeedBackend> };
  return adapter.start({ dataDir });
}
