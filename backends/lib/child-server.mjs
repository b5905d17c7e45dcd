import { spawn } from 'node:child_process';

const LISTENING = /^listening on (http:\/\/127\.0\.0\.1:(\d+))$/m;

/**
 * Runs a server program as a child process and waits for its
 * `listening on http://127.0.0.1:<port>` line. On failure the child's stderr is part of the error,
 * so a crash at start-up explains itself.
 * @param {{command: string, args: string[], cwd?: string, timeoutMs?: number}} spec
 * @returns {Promise<{url: string, port: number, stop(): Promise<void>, stderr(): string}>}
 */
export function startChildServer({ command, args, cwd, timeoutMs = 10_000 }) {
  const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk) => { stderr += chunk; });
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));

  const ready = new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${command} ${args.join(' ')}: no "listening on" line within ${timeoutMs} ms\n${stderr}`));
    }, timeoutMs);
    child.stdout.setEncoding('utf8').on('data', (chunk) => {
      stdout += chunk;
      const match = LISTENING.exec(stdout);
      if (match) { clearTimeout(timer); resolve({ url: match[1], port: Number(match[2]) }); }
    });
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`${command} ${args.join(' ')} exited (code ${code}, signal ${signal}) before listening\n${stderr}`));
    });
  });

  return ready.then(({ url, port }) => ({
    url,
    port,
    stderr: () => stderr,
    /** SIGTERM, then waits for the exit; a non-zero exit is an error carrying stderr. */
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const { code, signal } = await exited;
      if (code !== 0) throw new Error(`server exited with code ${code} (signal ${signal})\n${stderr}`);
    },
  }));
}

/**
 * Runs a test server that restart() brings back on the port it first got (what the restart
 * scenarios need: clients reconnect to the same URL). `commandFor(port)` gives its command line
 * for a port, 0 the first time.
 * @param {(port: number) => {command: string, args: string[], cwd?: string}} commandFor
 * @returns {Promise<{url: string, port: number, stop(): Promise<void>, restart(): Promise<void>}>}
 */
export async function startRestartableServer(commandFor) {
  let child = await startChildServer(commandFor(0));
  const { url, port } = child;
  return {
    url,
    port,
    stop: () => child.stop(),
    async restart() {
      await child.stop();
      child = await startChildServer(commandFor(port));
    },
  };
}

/** An adapter's rest(creds, method, path, body): a JSON request to `url` with the user's headers. */
export function restCaller(url) {
  return (creds, method, path, body) => requestJson(url + path, { method, headers: creds?.headers ?? {}, body });
}

/** The command line every seed test server takes: `script --port N [--data-dir DIR]`. */
export function seedServerCommand(command, script, port, dataDir) {
  return { command, args: [script, '--port', String(port), ...(dataDir ? ['--data-dir', dataDir] : [])] };
}

/**
 * fetch() wrapper for JSON APIs: returns the status and the parsed body (null when empty or not JSON).
 * @returns {Promise<{status: number, json: any}>}
 */
export async function requestJson(url, { method = 'GET', headers = {}, body } = {}) {
  const response = await fetch(url, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { json = null; }
  return { status: response.status, json };
}
