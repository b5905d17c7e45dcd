// Message texts the scenarios send, and counting them where they arrive: a
// delivered-once check is only sound for a text nothing else produces.

let textsMade = 0;

/** A text no other scenario or run produces, so counting copies of it means something. */
export function uniqueText(label) {
  textsMade += 1;
  return `${label} #${textsMade} ${process.pid.toString(36)}-${Date.now().toString(36)}`;
}

/** The room's shown messages whose text is `text`. */
export function copiesOf(session, roomId, text) {
  return session.room(roomId).getSnapshot().messages.filter((message) => message.text === text);
}
