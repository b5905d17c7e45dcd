// The figures a scenario prints: what the faults did and what the clients
// went through. Printed, never asserted: they depend on the machine's load.

/** "Ada 4, Grace 5, Linus 3 (12 in all)": connections re-made per user. */
export function reconnects(users) {
  const each = users.map((user) => `${user.name} ${Math.max(0, user.counts.connects - 1)}`);
  const total = users.reduce((sum, user) => sum + Math.max(0, user.counts.connects - 1), 0);
  return `${each.join(', ')} (${total} in all)`;
}

/** "connect_rejected 2, send_failed 1" over every user's error events, or "none". */
export function errorCodes(users) {
  const counts = new Map();
  for (const error of users.flatMap((user) => user.counts.errors)) {
    const key = `${error.source}/${error.code}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts.size === 0 ? 'none' : [...counts].map(([code, count]) => `${code} ${count}`).join(', ');
}

/** "12.3 s" */
export function seconds(ms) {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** "62.1 kB" */
export function kilobytes(bytes) {
  return `${(bytes / 1024).toFixed(1)} kB`;
}
