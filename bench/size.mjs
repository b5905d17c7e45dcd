// npm run size [-- --smoke] [--wasm=path/to/unstripped.wasm]
//
// What each client library adds to an app's production bundle: every entry
// below is a tiny app bundled with esbuild (--bundle --minify --format=esm
// --platform=browser), weighed raw and gzip -9. Chatwire comes from
// `npm pack` of ../npm, i.e. exactly the files users install; its .wasm is
// fetched at run time, so it is weighed beside the JS bundle.
//   --wasm=FILE  take the per-function breakdown from FILE (e.g. a
//                --profiling-funcs build) when the shipped .wasm has no names.
//   --smoke      the same measurements with the checks only, for CI.
import { readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleAndWeigh } from './lib/bundle.mjs';
import { gzipSize, gzipMethod } from './lib/gzip-size.mjs';
import { packChatwire, ChatwireNotBuiltError } from './lib/chatwire-package.mjs';
import { analyzeWasm, codeBytesByComponent, codeBytesByNamespace, shortFunctionName } from './lib/wasm-breakdown.mjs';
import { formatInteger, formatRatio, printTable } from './lib/report.mjs';

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
/** The target for the core entry, JS + wasm, gzip -9: 64 KiB, half of the 131,073 B it weighed with embind (bindings/SIZE.md). */
const CORE_AIM_BYTES = 64 * 1024;
const REACT_EXTERNALS = ['react', 'react-dom', 'react/*', 'react-dom/*'];

// The apps: each uses what it imports, so tree shaking keeps what a real app keeps.
const APPS = {
  chatwireCore: `
    import { createChatClient } from 'chatwire';
    const client = await createChatClient({
      url: 'https://chat.example.com', dialect: 'chatwire', user: { id: 'u1', name: 'Ada' },
      auth: { token: 't' },
    });
    const room = client.room('general');
    room.subscribe(() => console.log(room.getSnapshot().messages.length));
    client.connect();
    room.join();
    room.send('hello');`,
  chatwireReact: `
    import { createElement as h } from 'react';
    import { createRoot } from 'react-dom/client';
    import { ChatProvider, useConnection, useRoom } from 'chatwire/react';
    function Room() {
      const { messages, send, unreadCount } = useRoom('general');
      const { state } = useConnection();
      return h('div', null, state, unreadCount,
        messages.map((m) => h('p', { key: m.clientId ?? m.id }, m.text)),
        h('button', { onClick: () => send('hi') }, 'send'));
    }
    const options = { url: 'https://chat.example.com', dialect: 'chatwire', user: { id: 'u1', name: 'Ada' } };
    createRoot(document.getElementById('root')).render(h(ChatProvider, { options }, h(Room)));`,
  socketIo: `
    import { io } from 'socket.io-client';
    const socket = io('https://chat.example.com', { auth: { token: 't' } });
    socket.on('message', (m) => console.log(m.text));
    socket.emit('join', { room: 'general' }, (ack) => console.log(ack));`,
  streamChat: `
    import { StreamChat } from 'stream-chat';
    const client = StreamChat.getInstance('api-key');
    await client.connectUser({ id: 'u1', name: 'Ada' }, 'token');
    const channel = client.channel('messaging', 'general');
    await channel.watch();
    channel.on('message.new', (event) => console.log(event.message?.text));
    await channel.sendMessage({ text: 'hello' });`,
};

function parseArguments(argv) {
  const options = { smoke: false, wasm: null };
  for (const argument of argv) {
    const [flag, value] = argument.split('=');
    if (flag === '--smoke') options.smoke = true;
    else if (flag === '--wasm' && value) options.wasm = value;
    else throw new Error(`unknown argument ${argument}; see the comment at the top of size.mjs`);
  }
  return options;
}

function installedVersion(name) {
  return JSON.parse(readFileSync(join(BENCH_DIR, 'node_modules', name, 'package.json'), 'utf8')).version;
}

/** Throws when a measurement is clearly of the wrong thing. */
function check(condition, message) {
  if (!condition) throw new Error(`size check failed: ${message}`);
}

async function measureBaselines() {
  const socketIo = await bundleAndWeigh({ contents: APPS.socketIo, resolveDir: BENCH_DIR });
  const streamChat = await bundleAndWeigh({ contents: APPS.streamChat, resolveDir: BENCH_DIR });
  for (const [name, bundle] of [['socket.io-client', socketIo], ['stream-chat', streamChat]]) {
    check(bundle.inputs.some((input) => input.path.includes(`node_modules/${name}/`)), `${name} is not in its bundle`);
  }
  return { socketIo, streamChat };
}

async function measureChatwire(pack) {
  const packageRoot = pack.packageDir;
  const core = await bundleAndWeigh({ contents: APPS.chatwireCore, resolveDir: pack.workDir });
  const react = await bundleAndWeigh({ contents: APPS.chatwireReact, resolveDir: pack.workDir, external: REACT_EXTERNALS });
  const gluePath = join(packageRoot, 'dist', 'chatwire_core.js');
  const glue = await bundleAndWeigh({
    contents: `export { default } from ${JSON.stringify(gluePath)};`,
    resolveDir: pack.workDir,
  });
  const wasm = readFileSync(join(packageRoot, 'dist', 'chatwire.wasm'));

  check(core.inputs.some((input) => input.path.endsWith('chatwire/dist/chatwire_core.js')),
    'the core bundle does not contain the Emscripten glue');
  check(!core.imports.some((entry) => /^react(-dom)?(\/|$)/.test(entry.path)),
    'the core entry imports React');
  check(!react.inputs.some((input) => /node_modules\/react(-dom)?\//.test(input.path)),
    'React itself got into the chatwire/react bundle');
  check(wasm.length > 8 && wasm.readUInt32BE(0) === 0x0061736d, 'chatwire.wasm is not WebAssembly');
  return { core, react, glue, wasm, wasmGzipBytes: gzipSize(wasm) };
}

function printSizes({ socketIo, streamChat }, chatwire, pack) {
  const versions = { socketIo: installedVersion('socket.io-client'), streamChat: installedVersion('stream-chat') };
  const row = (label, minified, gzip) =>
    [label, formatInteger(minified), formatInteger(gzip), formatRatio(gzip, socketIo.gzipBytes), formatRatio(gzip, streamChat.gzipBytes)];
  const rows = [];
  if (chatwire) {
    const { core, react, glue, wasm, wasmGzipBytes } = chatwire;
    const glueInBundle = core.inputs.find((input) => input.path.endsWith('chatwire_core.js'))?.bytes ?? 0;
    rows.push(
      row(`chatwire ${pack.version}: core JS (app + package + glue)`, core.minifiedBytes, core.gzipBytes),
      [`  of which Emscripten glue: ${formatInteger(glueInBundle)} B minified in the bundle; alone`, formatInteger(glue.minifiedBytes), formatInteger(glue.gzipBytes), '', ''],
      row('  loaded on demand, only without SharedWorker (leader tabs)', core.onDemand.minifiedBytes, core.onDemand.gzipBytes),
      row('chatwire.wasm (fetched beside the JS)', wasm.length, wasmGzipBytes),
      row('chatwire core total (JS + wasm)', core.minifiedBytes + wasm.length, core.gzipBytes + wasmGzipBytes),
      row('chatwire/react JS incl. core (React external)', react.minifiedBytes, react.gzipBytes),
      row('  chatwire/react over core JS', react.minifiedBytes - core.minifiedBytes, react.gzipBytes - core.gzipBytes),
      row('chatwire/react total (JS + wasm)', react.minifiedBytes + wasm.length, react.gzipBytes + wasmGzipBytes),
    );
  }
  rows.push(row(`socket.io-client ${versions.socketIo}`, socketIo.minifiedBytes, socketIo.gzipBytes));
  if (socketIo.onDemand.gzipBytes > 0) rows.push(row('  loaded on demand', socketIo.onDemand.minifiedBytes, socketIo.onDemand.gzipBytes));
  rows.push(row(`stream-chat ${versions.streamChat}`, streamChat.minifiedBytes, streamChat.gzipBytes));
  if (streamChat.onDemand.gzipBytes > 0) rows.push(row('  loaded on demand', streamChat.onDemand.minifiedBytes, streamChat.onDemand.gzipBytes));
  console.log(`bundle sizes: esbuild --bundle --minify --format=esm --platform=browser --splitting (sizes are what loads at startup; chunks of dynamic imports apart); compressed with ${gzipMethod()}`);
  printTable(['what', 'minified B', 'gzip B', 'vs socket.io-client', 'vs stream-chat'], rows);
}

function printAim(chatwire) {
  const total = chatwire.core.gzipBytes + chatwire.wasmGzipBytes;
  const margin = CORE_AIM_BYTES - total;
  console.log(`\ncore entry, JS + wasm, gzip -9: ${formatInteger(total)} B = ${(total / 1024).toFixed(1)} KiB: ` +
    (margin >= 0
      ? `meets the 64 KiB target (${formatInteger(CORE_AIM_BYTES)} B) with ${formatInteger(margin)} B to spare`
      : `MISSES the 64 KiB target (${formatInteger(CORE_AIM_BYTES)} B) by ${formatInteger(-margin)} B`));
}

function printPackage(pack) {
  console.log(`\npackage as published (npm pack): ${pack.name}@${pack.version}, ${pack.files.length} files, ` +
    `tarball ${formatInteger(pack.tarballBytes)} B, unpacked ${formatInteger(pack.unpackedBytes)} B`);
}

function printJsBreakdown(chatwire) {
  console.log('\ncore JS bundle by source file (minified bytes in the bundle):');
  printTable(['file', 'bytes'], chatwire.core.inputs.map(({ path, bytes }) =>
    [path.includes('node_modules/') ? path.replace(/^.*node_modules\//, '') : `${basename(path)} (the app)`, formatInteger(bytes)]));
}

function printWasmBreakdown(shippedWasm, namedWasmPath) {
  const shipped = analyzeWasm(shippedWasm);
  console.log('\nchatwire.wasm by section (gzip of each section alone; they do not add up to the whole):');
  printTable(['section', 'bytes', 'gzip B'], shipped.sections.map(({ name, bytes, gzipBytes }) =>
    [name, formatInteger(bytes), formatInteger(gzipBytes)]));

  let named = shipped;
  let source = 'the shipped chatwire.wasm';
  if (namedWasmPath) {
    named = analyzeWasm(readFileSync(namedWasmPath));
    source = namedWasmPath;
  }
  if (!named.hasNames) {
    console.log('\nper-function breakdown skipped: the shipped chatwire.wasm has no "name" section ' +
      '(stripped, as it should be). Pass --wasm=FILE with a build linked with --profiling-funcs to see one.');
    return;
  }
  console.log(`\ncode bytes by component (from ${source}):`);
  printTable(['component', 'code bytes'], codeBytesByComponent(named.functions)
    .map(({ group, bytes }) => [group, formatInteger(bytes)]));
  console.log(`\ncode bytes by namespace (from ${source}):`);
  printTable(['namespace', 'code bytes'], codeBytesByNamespace(named.functions).slice(0, 12)
    .map(({ group, bytes }) => [group, formatInteger(bytes)]));
  console.log(`\nlargest functions (from ${source}):`);
  printTable(['function', 'bytes'], named.functions.slice(0, 15)
    .map(({ index, name, bytes }) => [name ? shortFunctionName(name) : `#${index}`, formatInteger(bytes)]));
}

async function main() {
  const options = parseArguments(process.argv.slice(2));
  const baselines = await measureBaselines();
  let pack = null;
  let chatwire = null;
  let notBuilt = null;
  try {
    pack = packChatwire();
    chatwire = await measureChatwire(pack);
  } catch (error) {
    if (!(error instanceof ChatwireNotBuiltError)) throw error;
    notBuilt = error;
  } finally {
    pack?.cleanup();
  }
  printSizes(baselines, chatwire, pack);
  if (notBuilt) {
    console.log(`\nchatwire not measured: ${notBuilt.message}`);
    process.exitCode = 1;
    return;
  }
  printAim(chatwire);
  printPackage(pack);
  if (options.smoke) {
    console.log('\nsmoke: all bundles built and checked (chatwire glue bundled, React kept external, wasm valid)');
    return;
  }
  printJsBreakdown(chatwire);
  printWasmBreakdown(chatwire.wasm, options.wasm);
}

main().catch((error) => {
  console.error(`size failed: ${error.message}`);
  process.exitCode = 1;
});
