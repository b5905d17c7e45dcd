// The protocol's Message as both stores build it from what they keep: the
// field order, the frozen copies and the reply preview are decided here once,
// so that the memory and the SQLite store cannot drift apart
// (docs/protocol.md, "Common shapes").

import { REPLY_EXCERPT_CODE_POINTS } from './limits.mjs';
import { codePointPrefix } from './text.mjs';

/** @typedef {import('./store.mjs').Message} Message */
/** @typedef {import('./store.mjs').User} User */
/** @typedef {import('./store.mjs').Reaction} Reaction */
/** @typedef {import('./store.mjs').ReplyPreview} ReplyPreview */

/**
 * What a store keeps of a message, whatever its layout.
 * @typedef {object} StoredMessage
 * @property {string} id
 * @property {string} room
 * @property {number} seq
 * @property {string | null} clientId
 * @property {User} author
 * @property {string} text       "" once deleted (a delete erases it, and editedAt)
 * @property {number} createdAt
 * @property {number} version
 * @property {number} rev
 * @property {number | null} editedAt
 * @property {boolean} deleted
 */

/**
 * What a reply's preview needs of its parent.
 * @typedef {Pick<StoredMessage, 'id' | 'author' | 'text' | 'deleted'>} StoredParent
 */

/**
 * The parent as a reply shows it now: its first 100 code points ("" once
 * deleted, since a delete erases the text).
 * @param {StoredParent} parent
 * @returns {ReplyPreview}
 */
export function replyPreview(parent) {
  return Object.freeze({
    id: parent.id,
    author: Object.freeze({ id: parent.author.id, name: parent.author.name }),
    excerpt: codePointPrefix(parent.text, REPLY_EXCERPT_CODE_POINTS),
    deleted: parent.deleted,
  });
}

/**
 * A message's reactions from (emoji, user id) pairs in the order they were
 * set: grouped by emoji, in first-set order, as the protocol lists them.
 * @param {Iterable<[string, string]>} pairs
 * @returns {Reaction[]}
 */
export function groupReactions(pairs) {
  /** @type {Map<string, string[]>} */
  const byEmoji = new Map();
  for (const [emoji, userId] of pairs) {
    const users = byEmoji.get(emoji);
    if (users) users.push(userId);
    else byEmoji.set(emoji, [userId]);
  }
  return [...byEmoji].map(([emoji, users]) => ({ emoji, users }));
}

/**
 * The frozen protocol Message. A store erases a tombstone's text, editedAt,
 * reactions and reply link when it deletes, so that what was said is gone,
 * not hidden; this only copies.
 * @param {StoredMessage} stored
 * @param {Reaction[]} reactions  in first-set order, each with its users in reacting order
 * @param {StoredParent | null} parent  the message it replies to, or null
 * @returns {Message}
 */
export function toMessage(stored, reactions, parent) {
  return Object.freeze({
    id: stored.id,
    room: stored.room,
    seq: stored.seq,
    clientId: stored.clientId,
    author: Object.freeze({ id: stored.author.id, name: stored.author.name }),
    text: stored.text,
    createdAt: stored.createdAt,
    version: stored.version,
    rev: stored.rev,
    editedAt: stored.editedAt,
    deleted: stored.deleted,
    reactions: Object.freeze(reactions.map(({ emoji, users }) => Object.freeze({ emoji, users: Object.freeze([...users]) }))),
    replyTo: parent === null ? null : replyPreview(parent),
  });
}
