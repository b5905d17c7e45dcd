// Where the things under test live, relative to this checkout.
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** The reference server program. */
export const SERVER_MAIN = resolve(REPO, 'demo/server/src/main.mjs');
/** The built demo page the server serves at `/`. */
export const WEB_DIST = resolve(REPO, 'demo/web/dist');
