// The storage interface of the reference server: what the protocol engine
// (protocol.mjs) needs from a database. memory-store.mjs implements it in
// memory; a SQLite store (better-sqlite3) can implement it later.
//
// Every method is synchronous. better-sqlite3 is, and it keeps the engine
// simple: Node runs one request at a time, so nothing can happen between
// subscribing a connection to a room and reading the room's page, or between
// the repeat lookup of a `send` and its insert.
//
// A store holds what outlives connections: rooms, messages, memberships and
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
 */

/**
 * A stored message; immutable. Its fields are exactly the protocol's Message.
 * @typedef {object} Message
 * @property {string} id              unique across all rooms, assigned by the store
 * @property {string} room            room id
 * @property {number} seq             1, 2, 3, … within the room, without gaps, assigned by the store
 * @property {string | null} clientId the idempotency key of the `send` that created it; null otherwise
 * @property {User} author
 * @property {string} text            verbatim
 * @property {number} createdAt       epoch ms
 */

/**
 * What the engine asks the store to insert.
 * @typedef {object} NewMessage
 * @property {string} room
 * @property {string | null} clientId
 * @property {User} author
 * @property {string} text
 * @property {number} createdAt
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
 * The storage interface.
 *
 * @typedef {object} ChatStore
 *
 * @property {(roomId: string) => Room | null} getRoom
 *   The room, or null if it does not exist.
 * @property {(roomId: string, createdAt: number) => Room} createRoom
 *   Creates the room if it does not exist; returns it either way.
 *
 * @property {(message: NewMessage) => InsertResult} insertMessage
 *   Stores a message with the room's next seq, atomically: the seq is one more than the room's highest,
 *   and (author id, clientId) is unique when clientId is not null (a SQL store: a unique index and one
 *   transaction). The room must exist.
 * @property {(authorId: string, clientId: string) => Message | null} findMessageByClientId
 *   The message a user stored under a clientId, in any room, or null.
 * @property {(roomId: string) => number} lastSeq
 *   The room's highest seq; 0 when it has no messages (or does not exist).
 * @property {(roomId: string, beforeSeq: number | null, limit: number) => Message[]} messagesBefore
 *   The newest `limit` messages with seq < beforeSeq (all seqs when null), oldest first.
 * @property {(roomId: string, afterSeq: number, limit: number) => Message[]} messagesAfter
 *   The oldest `limit` messages with seq > afterSeq, oldest first.
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
