// Lets a page start downloading, compiling and instantiating the Wasm core
// before it has what createChatClient needs (a signed-in user, a token), so
// that the sign-in request and the module load overlap.
import { loadCore } from './load-core.js';
import type { ChatClientOptions } from './types.js';

/**
 * Starts loading the Wasm core now; a later createChatClient with the same
 * `locateFile` reuses the same instance. Safe to call during server
 * rendering only from an effect or event handler (it touches fetch). A
 * failed load is not kept: the next call, or the next client, tries again.
 */
export function preloadChatwire(options: Pick<ChatClientOptions, 'locateFile'> = {}): Promise<void> {
  return loadCore(options.locateFile).then(() => undefined);
}
