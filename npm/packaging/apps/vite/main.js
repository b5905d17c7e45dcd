// Vite loads the package with no configuration: its build sees the
// `new URL('./chatwire.wasm', import.meta.url)` in chatwire's files, emits
// the .wasm into dist/assets/ and rewrites the URL.
import { createChatClient } from 'chatwire';
import { runSmokeInPage } from '../shared/smoke.js';

runSmokeInPage(createChatClient, { name: 'vite' });
