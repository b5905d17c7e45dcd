// A private PostgreSQL server for tests and local clusters: its own data
// directory in a temporary folder, listening on 127.0.0.1 on a free port,
// never the system's cluster. Debian's binaries (package `postgresql`);
// PostgreSQL refuses to run as root, so as root every command runs as the
// user `postgres` (docs: /work/shared/DESIGN.md, "Toolchain facts").
//
// API
//
//   import { startPrivatePostgres } from './support/private-postgres.mjs';
//
//   const postgres = await startPrivatePostgres({ parentDir, binDir });
//     Creates a data directory (initdb -A trust) under `parentDir` (default:
//     the OS temp folder) and starts the server on a free port. Resolves once
//     it accepts connections.
//   postgres.port      the TCP port, kept across stop() and start()
//   postgres.url       postgres://postgres@127.0.0.1:<port>/postgres (trust auth, no password)
//   postgres.dir       the folder holding `data/`, the Unix socket and `server.log`
//   await postgres.createDatabase(name?)
//     Creates an empty database (a fresh unique name when none is given) and
//     resolves with its URL: one per test keeps tests apart without a cluster each.
//   await postgres.stop()   stops the server (fast shutdown), keeping the data: an outage
//                           that refuses connections
//   await postgres.start()  starts it again on the same port with the same data
//   postgres.freeze()       SIGSTOP to the server and all its processes: an outage that hangs
//                           (connections open but nothing answers), as a stuck host does
//   postgres.thaw()         SIGCONT to them: it goes on where it stopped
//   await postgres.destroy()
//     Stops the server and removes the folder. Idempotent. Call it in an
//     `after` hook; in case a test process ends without it (an uncaught
//     error, process.exit, SIGINT or SIGTERM), every server still running is
//     stopped and removed at exit anyway. Only SIGKILL of the test process
//     leaves one behind (its folder name starts with `chatwire-pg-`).
//   postgres.log()     the server's log so far, for failure messages
//
// Starting takes a second or two (initdb): start one per test file, not one
// per test.

import { execFile, execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Debian 12's PostgreSQL. */
export const DEFAULT_POSTGRES_BIN = '/usr/lib/postgresql/15/bin';

/** Databases made by createDatabase, for unique names. */
let databases = 0;

/** Servers started by this process and not destroyed yet, for the exit handler. */
const running = new Set();

/** A value as one shell word. @param {string} word */
const shellWord = (word) => `'${word.replaceAll("'", "'\\''")}'`;

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

/**
 * The command line for a PostgreSQL binary: as the user `postgres` when this
 * process is root (PostgreSQL will not run as root), as is otherwise.
 * @param {string} binary  absolute path
 * @param {string[]} args
 * @returns {[string, string[]]}
 */
function asServerUser(binary, args) {
  if (!isRoot()) return [binary, args];
  return ['su', ['postgres', '-s', '/bin/sh', '-c', ['exec', binary, ...args].map(shellWord).join(' ')]];
}

/** A TCP port nobody listens on right now, on 127.0.0.1. */
function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (probe.address());
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Stops every server this process started and did not destroy, synchronously
 * (an exit handler cannot wait), with immediate shutdown: nothing is kept.
 */
function destroyAllNow() {
  for (const server of running) server.destroyNow();
}
process.once('exit', destroyAllNow);
for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) {
  process.once(signal, () => {
    destroyAllNow();
    // Listening replaced the default action: die of the signal as intended.
    process.kill(process.pid, signal);
  });
}

/**
 * @typedef {object} PrivatePostgres
 * @property {number} port
 * @property {string} url
 * @property {string} dir
 * @property {(name?: string) => Promise<string>} createDatabase
 * @property {() => Promise<void>} stop
 * @property {() => Promise<void>} start
 * @property {() => void} freeze
 * @property {() => void} thaw
 * @property {() => Promise<void>} destroy
 * @property {() => string} log
 */

/**
 * Creates and starts a private PostgreSQL server (see the API at the top of
 * this file).
 * @param {object} [options]
 * @param {string} [options.parentDir]  where its folder goes (default: the OS temp folder)
 * @param {string} [options.binDir]     PostgreSQL's binaries (default: Debian 12's)
 * @returns {Promise<PrivatePostgres>}
 */
export async function startPrivatePostgres({ parentDir = tmpdir(), binDir = DEFAULT_POSTGRES_BIN } = {}) {
  const pgCtl = join(binDir, 'pg_ctl');
  if (!existsSync(pgCtl)) {
    throw new Error(`no PostgreSQL at ${binDir}: install Debian's postgresql (scripts/setup.sh does)`);
  }
  const dir = mkdtempSync(join(parentDir, 'chatwire-pg-'));
  if (isRoot()) chownSync(dir, ...serverUserIds());
  const dataDir = join(dir, 'data');
  const logFile = join(dir, 'server.log');
  const log = () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : '');

  /** @param {string} binary @param {string[]} args */
  const exec = async (binary, args) => {
    const [file, argv] = asServerUser(join(binDir, binary), args);
    try {
      await run(file, argv, { timeout: 60_000 });
    } catch (error) {
      throw new Error(`${binary} ${args.join(' ')} failed: ${error.stderr || error.message}\n${log()}`, { cause: error });
    }
  };

  let port = 0;
  let destroyed = false;
  let isUp = false;

  const start = async () => {
    if (destroyed) throw new Error('this private PostgreSQL was destroyed');
    // The server's own settings: only 127.0.0.1, its socket in its folder,
    // and no fsync (a test database need not survive a power cut).
    const settings = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`;
    await exec('pg_ctl', ['-D', dataDir, '-l', logFile, '-o', settings, '-w', '-t', '60', 'start']);
    isUp = true;
  };

  const stop = async () => {
    if (!isUp) return;
    server.thaw(); // a frozen server cannot stop
    await exec('pg_ctl', ['-D', dataDir, '-m', 'fast', '-w', 'stop']);
    isUp = false;
  };

  /**
   * The server's processes: the postmaster (the first line of its pid file)
   * and its children, each of which runs in a session of its own.
   */
  const processes = () => {
    const postmaster = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    const children = [];
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        // /proc/<pid>/stat: "pid (name) state ppid ...", and the name may hold spaces.
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === postmaster) children.push(Number(entry));
      } catch {
        // It ended meanwhile.
      }
    }
    return { postmaster, children };
  };

  /** @param {NodeJS.Signals} signal @param {number[]} pids */
  const signalAll = (signal, pids) => {
    for (const pid of pids) {
      try {
        process.kill(pid, signal);
      } catch (error) {
        if (/** @type {any} */ (error).code !== 'ESRCH') throw error;
      }
    }
  };

  const server = {
    dir,
    freeze() {
      if (!isUp) throw new Error('the private PostgreSQL is not running');
      const { postmaster, children } = processes();
      // The postmaster first, so that it starts no new process meanwhile.
      signalAll('SIGSTOP', [postmaster, ...children]);
    },
    thaw() {
      if (!isUp) return;
      const { postmaster, children } = processes();
      signalAll('SIGCONT', [...children, postmaster]);
    },
    get port() {
      return port;
    },
    get url() {
      return `postgres://postgres@127.0.0.1:${port}/postgres`;
    },
    log,
    start,
    stop,
    async createDatabase(name = `test_${process.pid}_${++databases}`) {
      if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new RangeError(`not a plain database name: ${name}`);
      await exec('psql', ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-c', `CREATE DATABASE ${name}`]);
      return `postgres://postgres@127.0.0.1:${port}/${name}`;
    },
    async destroy() {
      if (destroyed) return;
      try {
        await stop();
      } finally {
        destroyed = true;
        running.delete(server);
        rmSync(dir, { recursive: true, force: true });
      }
    },
    /** For the exit handler: no waiting, no throwing. */
    destroyNow() {
      if (destroyed) return;
      destroyed = true;
      running.delete(server);
      if (isUp) {
        try {
          server.thaw(); // a frozen server cannot stop
        } catch {
          // Its pid file is gone: it is not running.
        }
        try {
          const [file, argv] = asServerUser(pgCtl, ['-D', dataDir, '-m', 'immediate', '-w', 'stop']);
          execFileSync(file, argv, { stdio: 'ignore', timeout: 30_000 });
        } catch {
          // Already stopped, or it will not stop: removing its folder still ends it soon.
        }
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
  running.add(server);

  try {
    await exec('initdb', ['-D', dataDir, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync']);
    // The port is free when picked, but another process may take it before
    // the server binds it: pick again a few times.
    for (let attempt = 1; ; attempt++) {
      port = await freePort();
      try {
        await start();
        break;
      } catch (error) {
        if (attempt === 3 || !/could not bind|Address already in use/i.test(log())) throw error;
      }
    }
  } catch (error) {
    server.destroyNow();
    throw error;
  }
  return server;
}

/** The uid and gid of the user `postgres`, who owns the folder when this process is root. @returns {[number, number]} */
function serverUserIds() {
  const id = (flag) => Number(execFileSync('id', [flag, 'postgres']).toString());
  return [id('-u'), id('-g')];
}
