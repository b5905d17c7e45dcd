// The packed package in plain Node: `import 'chatwire'` resolves through the
// package's "exports" to the installed tarball, which reads its .wasm from
// disk. Node 20 has no global WebSocket, so `ws` is passed in.
//
//   node main.mjs 'server=http://127.0.0.1:PORT&token=test:<id>:<name>'
import { createChatClient } from 'chatwire';
import WebSocket from 'ws';
import { runSmoke } from '../shared/smoke.js';

const sent = await runSmoke(createChatClient, {
  name: 'node',
  query: process.argv[2] ?? '',
  WebSocket,
  report: (line) => console.log(line),
});
process.exit(sent ? 0 : 1);
