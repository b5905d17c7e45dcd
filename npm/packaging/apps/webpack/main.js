// webpack 5 loads the package with no loader or plugin: it treats
// `new URL('./chatwire.wasm', import.meta.url)` in chatwire's files as an
// asset, emits the .wasm into dist/ and rewrites the URL.
import { createChatClient } from 'chatwire';
import { runSmokeInPage } from '../shared/smoke.js';

runSmokeInPage(createChatClient, { name: 'webpack' });
