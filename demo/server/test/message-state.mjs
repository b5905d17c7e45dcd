// The fields of a Message that changes move (issue 15), as a message that
// nothing changed since it was stored has them: for tests that spell out a
// whole message.

/** @param {number} rev  the room's rev when the message was stored */
export const unchangedState = (rev) => ({ version: 1, rev, editedAt: null, deleted: false, reactions: [], replyTo: null });
