import { payloadObject, readId, readMessageText } from './validation.mjs';

/** Seed 003: "Set timeout to stop typing indicator after 3 seconds". */
export const TYPING_CLEAR_MS = 3000;
/** Bounds the timers one socket can keep pending, so a flood of 'typing' cannot exhaust memory. */
const MAX_PENDING_CLEARS = 100;

/**
 * The socket.io events of seed 003. Invalid payloads are dropped without an answer, because the
 * seed defines no error event; the server never throws on client input.
 * @param {import('socket.io').Server} io
 * @param {{save: Function}} store
 */
export function attachSocketHandlers(io, store) {
  io.on('connection', (socket) => {
    let pendingClears = 0;

    socket.on('joinConversation', (payload) => {
      const conversationId = readId(payloadObject(payload).conversationId);
      if (conversationId !== null) socket.join(conversationId);
    });

    socket.on('leaveConversation', (payload) => {
      const conversationId = readId(payloadObject(payload).conversationId);
      if (conversationId !== null) socket.leave(conversationId);
    });

    socket.on('sendMessage', (payload) => {
      const body = payloadObject(payload);
      const conversationId = readId(body.conversationId);
      const senderId = readId(body.senderId);
      const message = readMessageText(body.message);
      if (conversationId === null || senderId === null || message === null) return;
      const messageData = store.save({ conversationId, senderId, message });
      // The whole conversation, the sender included: that copy is the sender's confirmation.
      io.to(conversationId).emit('newMessage', messageData);
    });

    socket.on('typing', (payload) => {
      const body = payloadObject(payload);
      const conversationId = readId(body.conversationId);
      const userId = readId(body.userId);
      if (conversationId === null || userId === null || pendingClears >= MAX_PENDING_CLEARS) return;
      socket.to(conversationId).emit('typing', { userId, isTyping: true });
      // As the seed's code does: every 'typing' schedules its own clear 3 s later, with no
      // clearTimeout, so a user who keeps typing is reported "not typing" 3 s after each event
      // until the next 'typing' arrives. Real backends copied from the seed behave so.
      pendingClears += 1;
      setTimeout(() => {
        pendingClears -= 1;
        socket.to(conversationId).emit('typing', { userId, isTyping: false });
      }, TYPING_CLEAR_MS);
    });

    // Pending clears still fire after a disconnect (as the seed's bare setTimeout would), so the
    // others never keep a stale "typing" for a user who left.
  });
}
