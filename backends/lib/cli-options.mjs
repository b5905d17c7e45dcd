/**
 * Reads the flags every seed test server takes: `--port N` (0 = a free port) and
 * `--data-dir DIR` (where the backend keeps its SQLite file; absent = in memory).
 * @param {string[]} argv process.argv.slice(2)
 * @returns {{port: number, host: string, dataDir: string | null}}
 */
export function parseServerOptions(argv) {
  const options = { port: 0, host: '127.0.0.1', dataDir: null };
  for (let i = 0; i < argv.length; i += 1) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (flag === '--port') { options.port = Number(value); i += 1; }
    else if (flag === '--host') { options.host = value; i += 1; }
    else if (flag === '--data-dir') { options.dataDir = value; i += 1; }
    else throw new Error(`unknown option ${flag}`);
  }
  if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535) {
    throw new Error('--port needs an integer between 0 and 65535');
  }
  return options;
}
