// The check that keeps the ingest benchmark honest: after a run, the
// contender's snapshot must hold the newest messages, in order, and count
// every one of them as unread. A contender that dropped or skipped frames
// would otherwise look fast.
import { messageIdFor } from './frames.mjs';

/**
 * Throws unless `snapshot` ({messages, unreadCount}) holds the newest
 * min(processed, keptMessages) messages of seq 1..processed, oldest first,
 * and unreadCount === processed.
 */
export function verifySnapshot(contenderName, snapshot, processed, keptMessages) {
  const fail = (what) => {
    throw new Error(`${contenderName}: after ${processed} frames, ${what}`);
  };
  if (!snapshot || !Array.isArray(snapshot.messages)) fail('the snapshot has no messages array');
  const expectedLength = Math.min(processed, keptMessages);
  const { messages } = snapshot;
  if (messages.length !== expectedLength) {
    fail(`the snapshot holds ${messages.length} messages, expected ${expectedLength}`);
  }
  const firstSeq = processed - expectedLength + 1;
  for (let i = 0; i < messages.length; i++) {
    const expectedId = messageIdFor(firstSeq + i);
    if (messages[i]?.id !== expectedId) {
      fail(`message ${i} of the snapshot is ${JSON.stringify(messages[i]?.id)}, expected ${expectedId}`);
    }
  }
  if (snapshot.unreadCount !== processed) {
    fail(`unreadCount is ${snapshot.unreadCount}, expected ${processed}`);
  }
}
