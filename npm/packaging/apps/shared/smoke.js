// The client half of the packaging test, shared by every app: create a
// client of the chatwire package as the app's bundler (or Node) loaded it,
// connect to the server named in the query string, join room "packaging" and
// send "hello from <name>". Each step reports one line: "loaded",
// "connected", "joined", "sent", or "error: ..." on failure. npm/packaging/
// run.mjs waits for "sent" and then checks the server's store.
//
// `createChatClient` is passed in rather than imported here, so that the
// package resolves from the app's own node_modules (where run.mjs installs
// the packed tarball), exactly as in a user's project.

const ROOM = 'packaging';
const STEP_TIMEOUT_MS = 10_000;

/**
 * Runs the smoke test in a page: the query string names the server and the
 * user, and the lines go into <pre id="status">.
 *
 * @param {typeof import('chatwire').createChatClient} createChatClient
 * @param {{ name: string, locateFile?: (file: string) => string }} options
 */
export function runSmokeInPage(createChatClient, { name, locateFile }) {
  const status = document.getElementById('status');
  return runSmoke(createChatClient, {
    name,
    query: location.search,
    locateFile,
    report: (line) => {
      status.textContent += `${line}\n`;
    },
  });
}

/**
 * @param {typeof import('chatwire').createChatClient} createChatClient
 * @param {{
 *   name: string,                               who is sending: "hello from <name>"
 *   query: string,                              server=<socket.io url>&token=<auth token>[&user=<id>&name=<name>]
 *   report: (line: string) => void,
 *   locateFile?: (file: string) => string,
 *   WebSocket?: unknown,                        for Node versions without a global WebSocket
 * }} options
 * @returns {Promise<boolean>} whether the message was sent and acknowledged
 */
export async function runSmoke(createChatClient, { name, query, report, locateFile, WebSocket }) {
  let client = null;
  try {
    const params = new URLSearchParams(query);
    const url = params.get('server');
    const token = params.get('token');
    if (!url || !token) throw new Error('pass ?server=<socket.io url>&token=<auth token>');

    client = await createChatClient({
      url,
      dialect: 'chatwire',
      user: { id: params.get('user') ?? name, name: params.get('name') ?? name },
      auth: { token },
      ...(locateFile ? { locateFile } : {}),
      ...(WebSocket ? { WebSocket } : {}),
    });
    report('loaded');
    client.on('error', (error) => report(`error: ${error.code}: ${error.message}`));

    client.connect();
    await until(client.subscribe, () => client.state === 'connected', 'connected');
    report('connected');

    const room = client.room(ROOM);
    room.join();
    await until(room.subscribe, () => room.getSnapshot().joined, `joined ${ROOM}`);
    report('joined');

    const clientId = room.send(`hello from ${name}`);
    const isAcked = () => room.getSnapshot().messages.some((m) => m.clientId === clientId && m.status === 'sent');
    await until(room.subscribe, isAcked, 'the server to acknowledge the message');
    report('sent');
    return true;
  } catch (error) {
    report(`error: ${error instanceof Error ? error.message : String(error)}`);
    return false;
  }
}

/** Resolves once `condition()` holds, re-checking on every change `subscribe` reports. */
function until(subscribe, condition, what) {
  return new Promise((resolve, reject) => {
    if (condition()) return resolve();
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`timed out after ${STEP_TIMEOUT_MS} ms waiting for ${what}`));
    }, STEP_TIMEOUT_MS);
    const unsubscribe = subscribe(() => {
      if (!condition()) return;
      clearTimeout(timer);
      unsubscribe();
      resolve();
    });
  });
}
