// The packaging test: does the package, packed as it would be published,
// load where users load it? Each check installs the `npm pack` tarball of
// npm/ into a small app, builds it with a real bundler, serves the output,
// opens it in Debian's Chromium and has it send a message to a real
// socket.io server speaking the native protocol; the check passes when the
// server has stored that message.
//
//   node               plain Node: `import 'chatwire'`, the .wasm read from disk
//   vite               `vite build`, no configuration
//   webpack            `webpack --mode production`, no loader or plugin for chatwire
//   webpack-locatefile the webpack app with `locateFile` and the .wasm at /static/cw.wasm
//   vite-dev           the Vite dev server (dependency pre-bundling), as `npm run dev` runs it
//
// Prints one line per check (PASS/FAIL, bundle sizes) and closes with
// "# pass N" / "# fail N"; the exit status is nonzero if any check failed.
//
//   cd npm && npm run build && cd packaging && npm test
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium, runPage } from './lib/browser.mjs';
import { buildApp, buildPathLeaks, copyPackageWasm } from './lib/builds.mjs';
import { startChatServer, storedMessage, userFor } from './lib/chat-server.mjs';
import { runCommand } from './lib/command.mjs';
import { ensureInstalled } from './lib/dependencies.mjs';
import { formatSize, measure } from './lib/sizes.mjs';
import { startStaticServer } from './lib/static-server.mjs';
import { installTarball, packPackage } from './lib/tarball.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const packageDir = resolve(here, '..');
const bin = (name) => join(here, 'node_modules', '.bin', name);

/** A hung browser or server must not hang CI: the whole run gets this long. */
const RUN_TIMEOUT_MS = 180_000;
/** Where the locateFile page expects the .wasm (apps/webpack/locate-file.js says the same). */
const LOCATE_FILE_WASM = '/static/cw.wasm';

const APPS = {
  node: { dir: join(here, 'apps/node') },
  vite: { dir: join(here, 'apps/vite'), command: bin('vite'), args: ['build'], outDir: 'dist', roots: ['dist'] },
  webpack: {
    dir: join(here, 'apps/webpack'),
    command: bin('webpack'),
    args: ['--mode', 'production'],
    outDir: 'dist',
    // public/ holds the HTML pages; the bundles and the emitted .wasm are in dist/.
    roots: ['dist', 'public'],
  },
};

const watchdog = setTimeout(() => {
  console.log(`# the run took longer than ${RUN_TIMEOUT_MS / 1000} s: giving up`);
  console.log('# fail 1');
  process.exit(1);
}, RUN_TIMEOUT_MS);
watchdog.unref();

const results = [];
/**
 * Runs one check and prints its line; `body` returns the line's details (any
 * further lines become "#" comments) or throws why it failed.
 */
async function check(name, body) {
  try {
    const [details, ...more] = (await body()).split('\n');
    results.push(true);
    console.log(`PASS ${name.padEnd(19)} ${details}`);
    for (const line of more) console.log(`#    ${line}`);
  } catch (error) {
    results.push(false);
    const [first, ...rest] = String(error instanceof Error ? error.message : error).split('\n');
    console.log(`FAIL ${name.padEnd(19)} ${first}`);
    for (const line of rest) console.log(`#    ${line}`);
  }
}

/** A promise that may reject before anyone awaits it, without counting as unhandled. */
function later(promise) {
  promise.catch(() => {});
  return promise;
}

/** Stops before any check when there is nothing to check: one failure, and why. */
function fatal(what, error) {
  const [first, ...rest] = String(error instanceof Error ? error.message : error).split('\n');
  console.log(`FAIL ${what.padEnd(19)} ${first}`);
  for (const line of rest) console.log(`#    ${line}`);
  console.log('# pass 0\n# fail 1');
  process.exit(1);
}

await ensureInstalled(here).catch((error) => fatal('npm ci', error));
const { chromium } = await import('@playwright/test');
const { Server } = await import('socket.io');

const scratch = mkdtempSync(join(tmpdir(), 'chatwire-packaging-'));
const cleanups = [() => rmSync(scratch, { recursive: true, force: true })];

const tarball = await packPackage(packageDir, scratch).catch((error) => {
  rmSync(scratch, { recursive: true, force: true });
  fatal('npm pack', error);
});
const installed = Object.fromEntries(
  Object.entries(APPS).map(([name, app]) => [name, later(installTarball(app.dir, tarball))]),
);
// One build at a time: the machine has two cores and webpack uses both.
const viteBuild = later(installed.vite.then(() => buildApp(APPS.vite)));
const webpackBuild = later(
  viteBuild
    .catch(() => {})
    .then(() => installed.webpack)
    .then(() => buildApp(APPS.webpack))
    .then((build) => {
      // The locateFile page's .wasm, copied where the app says it is.
      copyPackageWasm(APPS.webpack.dir, join(APPS.webpack.outDir, LOCATE_FILE_WASM));
      return build;
    }),
);
const chat = later(startChatServer(Server));
cleanups.push(() => chat.then((server) => server.close(), () => {}));
const browser = later(webpackBuild.catch(() => {}).then(() => launchChromium(chromium)));
cleanups.push(() => browser.then((b) => b.close(), () => {}));

/** The static server of a built app, started once. */
const servers = new Map();
function serve(appName) {
  if (!servers.has(appName)) {
    const app = APPS[appName];
    const server = later(startStaticServer(app.roots.map((root) => join(app.dir, root))));
    cleanups.push(() => server.then((s) => s.close(), () => {}));
    servers.set(appName, server);
  }
  return servers.get(appName);
}

/**
 * Opens `path` of a running server as the user `name` and checks what a user
 * would see: "sent" on the page, exactly one .wasm fetched (from `wasmPath`
 * when given) with the right type, nothing failing in the console, and the
 * page's "hello from <sender>" in the server's store.
 *
 * The page's client is shared (share: 'auto'), so the .wasm is fetched by the
 * SharedWorker, whose requests Playwright does not see: `requests` (every
 * path the server was asked for) is where that fetch shows.
 * @returns the page's JS and .wasm files, for sizes, and who fetched the .wasm
 */
async function openAndVerify({ name, sender = name, origin, path, wasmPath, requests }) {
  const chatServer = await chat;
  const { user, query } = userFor(chatServer, name);
  if (requests) requests.length = 0;
  const page = await runPage(await browser, `${origin}${path}?${query}`);

  const problems = [...page.problems];
  const lines = page.status.split('\n');
  if (!lines.includes('sent') || lines.some((line) => line.startsWith('error:'))) {
    problems.push(`page status: ${lines.join(' | ') || '(empty)'}`);
  }
  const fetched = requests.filter((requested) => requested.endsWith('.wasm'));
  if (fetched.length !== 1) {
    problems.push(`expected one .wasm fetched (by the page or its shared worker), saw ${fetched.length}: ${fetched.join(', ')}`);
  }
  if (wasmPath && fetched.length === 1 && fetched[0] !== wasmPath) problems.push(`fetched ${fetched[0]}, expected ${wasmPath}`);
  for (const wasm of page.wasm) {
    const wasmUrlPath = new URL(wasm.url).pathname;
    if (wasm.status !== 200) problems.push(`${wasmUrlPath} answered ${wasm.status}`);
    if (!wasm.contentType.startsWith('application/wasm')) {
      problems.push(`${wasmUrlPath} served as "${wasm.contentType}", not application/wasm`);
    }
  }
  if (!storedMessage(chatServer, user, `hello from ${sender}`)) {
    problems.push(`the server stored no "hello from ${sender}" from ${user.id}`);
  }
  if (problems.length > 0) throw new Error(problems.join('\n'));
  return { wasm: fetched, scripts: requests.filter((p) => p.endsWith('.js')), wasmBy: page.wasm.length > 0 ? 'the page' : 'the shared worker' };
}

/** Builds whose warnings were printed already (with the first check of that build). */
const reportedBuilds = new Set();

/** A check of a production build's page: the build, then the page as its static server serves it. */
async function builtPageCheck({ name, appName, build, path, locateFile = false }) {
  const { seconds, wasmPath: emitted, warnings } = await build;
  const firstOfBuild = !reportedBuilds.has(appName);
  reportedBuilds.add(appName);
  const server = await serve(appName);
  const wasmPath = locateFile ? LOCATE_FILE_WASM : emitted;
  const { scripts, wasmBy } = await openAndVerify({ name, origin: server.url, path, wasmPath, requests: server.requests });
  const scriptFiles = scripts.map((script) => server.fileFor(script));
  const js = measure(scriptFiles);
  const wasm = measure([server.fileFor(wasmPath)]);
  const sizes = `js ${formatSize(js)}   wasm ${formatSize(wasm)} (fetched by ${wasmBy})   build ${seconds.toFixed(1)} s`;
  const leaks = buildPathLeaks(scriptFiles).map((url) => `note: the bundle contains the build machine's path ${url}`);
  const buildNotes = firstOfBuild ? warnings.map((warning) => `note: ${appName} build: ${warning}`) : [];
  return [sizes, ...buildNotes, ...leaks].join('\n');
}

try {
  await check('node', async () => {
    await installed.node;
    const chatServer = await chat;
    const { user, query } = userFor(chatServer, 'node');
    await runCommand(process.execPath, ['main.mjs', query], { cwd: APPS.node.dir });
    if (!storedMessage(chatServer, user, 'hello from node')) throw new Error('the server stored no "hello from node"');
    return 'the installed tarball under Node, its .wasm read from disk';
  });

  await check('vite', () => builtPageCheck({ name: 'vite', appName: 'vite', build: viteBuild, path: '/' }));

  await check('webpack', () => builtPageCheck({ name: 'webpack', appName: 'webpack', build: webpackBuild, path: '/' }));

  await check('webpack-locatefile', () =>
    builtPageCheck({
      name: 'webpack-locatefile',
      appName: 'webpack',
      build: webpackBuild,
      path: '/locate-file.html',
      locateFile: true,
    }),
  );

  await check('vite-dev', async () => {
    await installed.vite;
    const { createServer } = await import('vite');
    // Every path the dev server is asked for, the shared worker's included (see openAndVerify).
    const requests = [];
    const recordRequests = {
      name: 'record-requests',
      configureServer(server) {
        server.middlewares.use((request, _response, next) => {
          requests.push(new URL(request.url, 'http://localhost').pathname);
          next();
        });
      },
    };
    const dev = await createServer({
      root: APPS.vite.dir,
      configFile: false,
      logLevel: 'silent',
      plugins: [recordRequests],
      server: { host: '127.0.0.1', port: 0 },
      // Pre-bundle afresh: the tarball may have changed since the last run.
      optimizeDeps: { force: true },
    });
    cleanups.push(() => dev.close());
    await dev.listen();
    const origin = dev.resolvedUrls.local[0].replace(/\/$/, '');
    // The same page as the `vite` check (it says "hello from vite"), as another user.
    const { wasm, wasmBy } = await openAndVerify({ name: 'vite-dev', sender: 'vite', origin, path: '/', requests });
    return `dev server, no configuration; .wasm from ${wasm[0]}, fetched by ${wasmBy}`;
  });
} finally {
  for (const cleanup of cleanups.reverse()) await cleanup();
}

const passed = results.filter(Boolean).length;
const failed = results.length - passed;
console.log(`# pass ${passed}`);
console.log(`# fail ${failed}`);
process.exitCode = failed > 0 ? 1 : 0;
