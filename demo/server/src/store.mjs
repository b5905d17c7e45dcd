// The storage interface of the reference server: what the protocol engine
// (protocol.mjs) needs from a database. memory-store.mjs implements it in
// memory, sqlite-store.mjs on SQLite, postgres-store.mjs on PostgreSQL;
// test/store-contract.mjs holds all three to it.
//
// Every method is asynchronous: the engine awaits each result. A store may
// return plain values (memory and SQLite do: better-sqlite3 is synchronous),
// which `await` passes through, or promises (PostgreSQL). Since the engine
// waits, other events run meanwhile; what it relied on when nothing could
// (nothing happens between subscribing a connection to a room and reading the
// room's page, or between the repeat lookup of a `send` and its insert) it
// now gets from handling each room's events one at a time (engine.inRoom).
// Between processes (several server nodes on one database) the store itself
// keeps the guarantees written below: seqs without gaps or repeats, one
// message per (author, clientId), one change per (user, opId), whoever races.
//
// A store that cannot reach its database rejects with StoreUnavailableError
// (store-errors.mjs); the engine answers `unavailable`. Any other rejection
// is a failure of the request (`internal`).
//
// A store holds what outlives connections: rooms (with their admins),
// messages (with their versions, reactions and reply links), each room's
// change counter `rev`, the (user, opId) records of changes, memberships and
// read cursors. Which connection is in which room, who is online and who is
// typing live in the engine and end with the process.
//
// This file holds types only.

/**
 * A user, as the protocol shows it.
 * @typedef {object} User
 * @property {string} id    stable user id, chosen by the server (the authenticator)
 * @property {string} name  display name, plain text
 */

/**
 * A room.
 * @typedef {object} Room
 * @property {string} id         room id, compared byte for byte
 * @property {number} createdAt  epoch ms
 * @property {readonly string[]} admins  ids of the users who may delete any message of the room
 */

/**
 * One emoji on a message and who set it.
 * @typedef {object} Reaction
 * @property {string} emoji
 * @property {readonly string[]} users  user ids, in the order they reacted
 */

/**
 * The message a reply answers, as it is when the reply is read.
 * @typedef {object} ReplyPreview
 * @property {string} id
 * @property {User} author
 * @property {string} excerpt   the first 100 code points of its current text ("" once deleted)
 * @property {boolean} deleted
 */

/**
 * A message as it is now; a frozen snapshot (a change makes a new one). Its
 * fields are exactly the protocol's Message.
 * @typedef {object} Message
 * @property {string} id              unique across all rooms, assigned by the store
 * @property {string} room            room id
 * @property {number} seq             1, 2, 3, … within the room, without gaps, assigned by the store
 * @property {string | null} clientId the idempotency key of the `send` that created it; null otherwise
 * @property {User} author
 * @property {string} text            verbatim; "" once deleted
 * @property {number} createdAt       epoch ms
 * @property {number} version         1 when stored, +1 with every change
 * @property {number} rev             the room's `rev` at the message's insert or last change
 * @property {number | null} editedAt epoch ms of the last edit, null if never edited
 * @property {boolean} deleted        a tombstone: text "", no reactions, no reply
 * @property {readonly Reaction[]} reactions  emoji with at least one user, in the order each was first set
 * @property {ReplyPreview | null} replyTo
 */

/**
 * What the engine asks the store to insert.
 * @typedef {object} NewMessage
 * @property {string} room
 * @property {string | null} clientId
 * @property {User} author
 * @property {string} text
 * @property {number} createdAt
 * @property {string | null} [replyTo]  id of a message of the same room (the engine checked it exists
 *                                      and is not deleted); absent or null: not a reply
 */

/**
 * A change of a message by a user, idempotent by (userId, opId). The engine
 * checked the message exists in the room (and, for edit and react, is not
 * deleted) and that the user may make the change.
 * @typedef {object} ChangeKey
 * @property {string} room
 * @property {string} id      the message's id
 * @property {string} userId  who changes it
 * @property {string} opId    the change's idempotency key, unique per user
 */

/**
 * @typedef {ChangeKey & { text: string, editedAt: number }} Edit
 * @typedef {ChangeKey & { emoji: string, on: boolean }} ReactionChange
 */

/**
 * @typedef {object} ChangeResult
 * @property {Message} message  the message after the change (on a repeated opId: as it is now)
 * @property {boolean} changed  false when nothing changed: a repeated opId, a reaction already set or
 *                              already absent, a delete of a tombstone. Only a change bumps the
 *                              message's version and the room's rev.
 */

/**
 * @typedef {object} InsertResult
 * @property {Message} message  the stored message: the new one, or the one stored earlier under the
 *                              same (author id, clientId)
 * @property {boolean} inserted false when (author id, clientId) was already taken: nothing was stored
 *                              and no seq was used
 */

/**
 * @typedef {object} ReadCursorUpdate
 * @property {number} readSeq  the cursor after the update
 * @property {boolean} moved   whether it changed
 */

/**
 * The storage interface. Each method's result is written as what it
 * resolves to: a store returns it, or a promise of it (see the top of this file).
 *
 * @typedef {object} ChatStore
 *
 * @property {(roomId: string) => Room | null} getRoom
 *   The room, or null if it does not exist.
 * @property {(roomId: string, createdAt: number, admins?: string[]) => Room} createRoom
 *   Creates the room (with its admins, default none) if it does not exist; returns it either way.
 *
 * @property {(message: NewMessage) => InsertResult} insertMessage
 *   Stores a message with the room's next seq and next rev, atomically: the seq is one more than the
 *   room's highest, the rev one more than the room's rev, and (author id, clientId) is unique when
 *   clientId is not null (a SQL store: a unique index and one transaction). The room must exist.
 * @property {(authorId: string, clientId: string) => Message | null} findMessageByClientId
 *   The message a user stored under a clientId, in any room, as it is now, or null.
 * @property {(roomId: string, messageId: string) => Message | null} getMessage
 *   The message with that id if it is in that room, as it is now; null otherwise (ids of other
 *   rooms, malformed ids).
 * @property {(roomId: string) => number} lastSeq
 *   The room's highest seq; 0 when it has no messages (or does not exist).
 * @property {(roomId: string) => number} roomRev
 *   The room's change counter: +1 with every insert and every change; 0 when none (or no room).
 * @property {(roomId: string, beforeSeq: number | null, limit: number) => Message[]} messagesBefore
 *   The newest `limit` messages with seq < beforeSeq (all seqs when null), oldest first.
 * @property {(roomId: string, afterSeq: number, limit: number) => Message[]} messagesAfter
 *   The oldest `limit` messages with seq > afterSeq, oldest first.
 * @property {(roomId: string, afterRev: number, limit: number, maxSeq: number | null) => Message[]} messagesChangedAfter
 *   The `limit` messages with the lowest rev > afterRev (and seq <= maxSeq unless null), in rev order.
 *
 * @property {(userId: string, opId: string) => Message | null} findMessageByOpId
 *   The message a user's change with this opId was about, as it is now, or null.
 * @property {(edit: Edit) => ChangeResult} editMessage
 *   Sets the text and editedAt. Like every change below, in one transaction: the opId lookup (a
 *   repeat changes nothing), the change, version + 1, rev = the room's rev + 1, and the opId record
 *   (kept for unchanged results too, so that a late retry cannot apply an older op again).
 * @property {(change: ChangeKey) => ChangeResult} deleteMessage
 *   Makes the message a tombstone: erases its text, reactions and reply link. Unchanged on a tombstone.
 * @property {(change: ReactionChange) => ChangeResult} setReaction
 *   on: adds (emoji, user) to the message's set; off: removes it. Unchanged when already so. An
 *   emoji keeps the place of the first time it was set on the message, also after all its users
 *   left it; a user goes to the end of the emoji's users when they set it again.
 *
 * @property {(roomId: string, user: User) => boolean} addMember
 *   Makes the user a member; true if they were not one. Also records the user's current name.
 * @property {(roomId: string, userId: string) => boolean} removeMember
 *   Ends the membership; true if the user was a member.
 * @property {(roomId: string) => User[]} listMembers
 *   The room's members, in the order they became members.
 * @property {(userId: string) => string[]} roomsOfMember
 *   The ids of the rooms the user is a member of.
 *
 * @property {(roomId: string, userId: string) => number} readSeq
 *   The user's read cursor in the room; 0 if never set.
 * @property {(roomId: string, userId: string, seq: number) => ReadCursorUpdate} advanceReadCursor
 *   Sets the cursor to max(current, min(seq, lastSeq)), atomically.
 */

export {};
