// `react {room, id, emoji, on, opId}`: sets or removes the user's reaction
// with an emoji; any member may react to any message (docs/protocol.md,
// "react"). Setting what is set, or removing what is absent, succeeds and
// changes nothing: a reaction is never a toggle, so a retry cannot undo it.

import { MAX_REACTIONS_PER_MESSAGE } from '../limits.mjs';
import { failure as fail, rateLimited } from '../replies.mjs';
import { emojiFailure, parseReact } from '../validation.mjs';
import { findTarget, publishChange } from './message-change.mjs';

/**
 * Checks in the documented order: shape, opId repeat, room, membership,
 * target (`message_not_found`, `gone`), the emoji (`invalid_emoji`,
 * `too_many_reactions`), then `rate_limited`.
 *
 * @param {import('../engine.mjs').Engine} engine
 * @param {import('../connections.mjs').Connection} connection
 * @param {unknown} payload
 * @returns {Promise<import('../replies.mjs').Ack>}
 */
export async function handleReact(engine, connection, payload) {
  const { request, failure } = parseReact(payload);
  if (failure) return failure;
  const { emoji, on } = request;
  const { user } = connection;

  const { done, target } = await findTarget(engine, connection, request, 'react');
  if (done) return done;
  const badEmoji = emojiFailure(emoji);
  if (badEmoji) return badEmoji;
  const isNewEmoji = !target.reactions.some((reaction) => reaction.emoji === emoji);
  if (on && isNewEmoji && target.reactions.length >= MAX_REACTIONS_PER_MESSAGE) {
    return fail('too_many_reactions', `a message has at most ${MAX_REACTIONS_PER_MESSAGE} different emoji`);
  }
  if (!engine.writeLimiter.take(user.id)) return rateLimited();

  return publishChange(engine, await engine.store.setReaction({ ...request, userId: user.id }));
}
