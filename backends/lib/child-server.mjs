import { startServerProcess } from '../../testkit/server-process.mjs';

/**
 * Runs a test server that restart() brings back on the port it first got (what the restart
 * scenarios need: clients reconnect to the same URL). `commandFor(port)` gives its command line
 * for a port, 0 the first time. It has the toolkit's default time to print its ready line (the
 * Python servers needed more than 10 s on a loaded CI machine). stop() and restart() throw, with
 * the server's last output, if it does not exit with code 0 on SIGTERM.
 * @param {(port: number) => {command: string, args: string[], cwd?: string}} commandFor
 * @returns {Promise<{url: string, port: number, stop(): Promise<void>, restart(): Promise<void>}>}
 */
export async function startRestartableServer(commandFor) {
  let server = await startServerProcess(commandFor(0));
  const { url, port } = server;
  return {
    url,
    port,
    stop: () => stopCleanly(server),
    async restart() {
      await stopCleanly(server);
      server = await startServerProcess(commandFor(port));
    },
  };
}

/** The command line every seed test server takes: `script --port N [--data-dir DIR]`. */
export function seedServerCommand(command, script, port, dataDir) {
  return { command, args: [script, '--port', String(port), ...(dataDir ? ['--data-dir', dataDir] : [])] };
}

/** SIGTERM; a test server that does not exit with 0 is a failure. */
async function stopCleanly(server) {
  const { code, signal } = await server.stop();
  if (code !== 0) throw new Error(`${server.name} exited with code ${code} (signal ${signal}) on SIGTERM\n${server.describe()}`);
}
