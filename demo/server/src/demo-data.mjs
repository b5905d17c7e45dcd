// What a fresh reference database holds: four rooms, an admin of `general`,
// and in `archive` a long, deterministic conversation (10,000 messages by
// default) so that the demo page shows paging and virtualization on real data.

/**
 * The rooms of a fresh database: [id, title, names of its admins]. Admins are
 * named, not given by id, because the login chooses a user's id the first
 * time the name signs in: seeding signs them in first.
 * @type {[string, string, string[]][]}
 */
export const DEMO_ROOMS = [
  ['general', 'General', ['Ada']],
  ['random', 'Random', []],
  ['design', 'Design', []],
  ['archive', 'Archive', []],
];

const AUTHORS = [
  { id: 'u-bot-ada', name: 'Ada (archive)' },
  { id: 'u-bot-grace', name: 'Grace (archive)' },
  { id: 'u-bot-linus', name: 'Linus (archive)' },
  { id: 'u-bot-margaret', name: 'Margaret (archive)' },
];
const OPENINGS = ['Morning all.', 'Quick one:', 'Heads up:', 'Following up on yesterday:', 'FYI', 'Question:', 'Done:'];
const SUBJECTS = ['the release notes', 'the reconnect backoff', 'the unread badge', 'the typing indicator', 'the Wasm build', 'the history pager', 'the SQLite schema', 'the offline queue'];
const REMARKS = [
  'looks good to me.',
  'needs one more test before it ships.',
  'is flaky on slow networks, investigating.',
  'went out this morning, no reports so far.',
  'can wait until next week.',
  'is 20% smaller after the last change.',
  'should be reviewed by someone who did not write it.',
];

/**
 * Fills `archive` with `count` messages one minute apart, ending now.
 * @param {import('./sqlite-store.mjs').SqliteStore | import('./postgres-store.mjs').PostgresStore} store
 * @param {number} count
 * @param {number} now  epoch ms
 */
export async function seedArchive(store, count, now) {
  const messages = [];
  for (let i = 0; i < count; i++) {
    // Picks by the index times primes: varied, and the same on every machine.
    const pick = (list, salt) => list[(i * 7919 + salt * 104729) % list.length];
    messages.push({
      author: AUTHORS[(i * 31 + (i >> 3)) % AUTHORS.length],
      text: `${pick(OPENINGS, 1)} ${pick(SUBJECTS, 2)} ${pick(REMARKS, 3)} (#${i + 1})`,
      createdAt: now - (count - i) * 60_000,
    });
  }
  await store.insertMany('archive', messages);
}

/**
 * Creates the demo rooms and their admins in a database that has none (a
 * fresh file), and the archive's history when `archiveSize` > 0. Several
 * nodes starting at once on one fresh PostgreSQL database seed it once:
 * the check and the seeding run `exclusively`.
 * @param {import('./sqlite-store.mjs').SqliteStore | import('./postgres-store.mjs').PostgresStore} store
 * @param {{archiveSize: number, now: number}} options
 * @returns {Promise<boolean>} whether the database was fresh
 */
export function seedFreshDatabase(store, { archiveSize, now }) {
  return store.exclusively(async () => {
    if ((await store.listRooms()).length > 0) return false;
    for (const [id, title, admins] of DEMO_ROOMS) {
      const adminIds = [];
      for (const name of admins) adminIds.push((await store.userNamed(name)).id);
      await store.createRoomWithTitle(id, title, now, adminIds);
    }
    if (archiveSize > 0) await seedArchive(store, archiveSize, now);
    return true;
  });
}
