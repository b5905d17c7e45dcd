/**
 * Polls `condition` (it may be async: a REST query) until it returns a truthy value (returned), or
 * fails naming `what` after `timeoutMs`. Scenarios wait for states, never for fixed times, unless
 * they prove an absence.
 */
export async function waitFor(condition, what, timeoutMs = 5000) {
  const started = Date.now();
  for (;;) {
    const value = await condition();
    if (value) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for: ${what}`);
    await sleep(10);
  }
}

export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The room's shown messages whose text is `text`. */
export function copiesOf(session, roomId, text) {
  return session.room(roomId).getSnapshot().messages.filter((message) => message.text === text);
}

let textsMade = 0;

/** A text no other scenario or run produces, so counting copies of it means something. */
export function uniqueText(label) {
  textsMade += 1;
  return `${label} #${textsMade} ${process.pid.toString(36)}-${Date.now().toString(36)}`;
}
