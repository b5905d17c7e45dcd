// An app that hosts the .wasm itself (copied from `chatwire/chatwire.wasm`
// to /static/cw.wasm, as a CDN or a strict asset layout would want) and
// tells chatwire where it is with `locateFile`.
import { createChatClient } from 'chatwire';
import { runSmokeInPage } from '../shared/smoke.js';

const WASM_PATH = '/static/cw.wasm';

runSmokeInPage(createChatClient, { name: 'webpack-locatefile', locateFile: () => WASM_PATH });
