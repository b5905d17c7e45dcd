// Which users each other node of a cluster holds, as those nodes last said,
// and which nodes have gone silent. A node that dies (SIGKILL, a lost
// machine) says goodbye to nobody: its users' connections end without a
// close on any live node, so no live node would ever announce them offline.
// The ledger is how a live node learns whom the dead one held.
//
// Silence counts only while the bus between the nodes (Redis) is up, and
// from the moment it came back: during a Redis outage every node is silent
// to every other, and that says nothing about who is alive.
//
// Pure bookkeeping with an injected clock: cluster-presence.mjs sends and
// receives the beats and decides what to announce.

/** @typedef {import('./store.mjs').User} User */

/**
 * @param {object} options
 * @param {() => number} options.now
 * @param {number} options.silentAfterMs  a node not heard from for this long (bus up) is gone
 */
export function createNodeLedger({ now, silentAfterMs }) {
  /** Per node (its instance id): its users, and when it last spoke. @type {Map<string, { users: Map<string, User>, heardAt: number }>} */
  const nodes = new Map();
  /** Since when the bus has been up without a break; null while it is down. @type {number | null} */
  let busUpSince = null;

  return {
    /**
     * A node said which users it holds now (its whole list, not a change).
     * @param {string} node @param {User[]} users
     */
    heard(node, users) {
      nodes.set(node, { users: new Map(users.map((user) => [user.id, user])), heardAt: now() });
    },

    /** Tells the ledger whether the bus is up now. @param {boolean} up */
    busIs(up) {
      if (!up) busUpSince = null;
      else busUpSince ??= now();
    },

    /**
     * Removes the nodes that have been silent too long and returns them with
     * the users they held. Nothing while the bus is down.
     * @returns {{ node: string, users: User[] }[]}
     */
    takeSilent() {
      if (busUpSince === null) return [];
      const silent = [];
      for (const [node, { users, heardAt }] of nodes) {
        if (now() - Math.max(heardAt, busUpSince) > silentAfterMs) {
          silent.push({ node, users: [...users.values()] });
          nodes.delete(node);
        }
      }
      return silent;
    },

    /** The nodes heard from and not yet taken as silent. */
    liveNodes: () => [...nodes.keys()],

    /** Whether a node still heard from holds the user. @param {string} userId */
    holds(userId) {
      for (const { users } of nodes.values()) if (users.has(userId)) return true;
      return false;
    },
  };
}
