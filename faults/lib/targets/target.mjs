// What a scenario needs of the system under test, whatever it is: one
// reference server process, or the cluster (nodes behind HAProxy). A scenario
// puts its fault proxy in front of `entry` and never asks which it is.

/**
 * @typedef {object} StoredMessage  one row of the store, as the database holds it
 * @property {number} seq
 * @property {string} text
 * @property {string} authorId
 * @property {string | null} clientId
 */

/**
 * @typedef {object} Target
 * @property {string} name        for figures and failure messages
 * @property {{ host: string, port: number }} entry  where clients connect (the proxy forwards here)
 * @property {string} url         `entry` as a URL, for direct requests (sign-in, probes)
 * @property {string[]} rooms     rooms a fresh target has; each scenario takes one for itself
 * @property {string} crashWhat   what crash() kills, in words ("the server", "node 1")
 * @property {(name: string) => Promise<{ user: { id: string, name: string }, token: string }>} signIn
 * @property {() => Promise<boolean>} speaksPolling  whether the server takes Engine.IO long-polling
 * @property {(options: { downMs: number }) => Promise<{ victim: string, connections: number | null }>} crash
 *   SIGKILL of the server (or of one node), then, after `downMs`, the same process started again on
 *   the same port and data; resolves once it accepts connections, with what was killed and how many
 *   client connections it had open (null when it did not say)
 * @property {(room: string) => Promise<StoredMessage[]>} storedMessages  read from the database, by seq
 * @property {() => Promise<void>} stop  stops everything it started
 * @property {() => string} output  the processes' last output, for failure messages
 */

export {};
