import express from 'express';
import { payloadObject, readId, readMessageText } from './validation.mjs';

function badRequest(res, message) {
  res.status(400).json({ error: message });
}

/**
 * The REST side seed 003 mentions but does not name: messages "are also saved to database via
 * REST API", the page falls back to REST when socket.io is not connected, and "messages load
 * from database on page refresh". Paths use conversationId, which the seed says must match the
 * socket.io room id.
 *   GET  /api/conversations/:conversationId/messages   -> 200 [messageData, ...] oldest first
 *   POST /api/conversations/:conversationId/messages   {senderId, message} -> 201 messageData
 * A message saved through REST is also sent as 'newMessage' to the conversation's sockets, so
 * the others see a fallback send live.
 */
export function createRestRouter(io, store) {
  const router = express.Router();

  router.get('/api/conversations/:conversationId/messages', (req, res) => {
    const conversationId = readId(req.params.conversationId);
    if (conversationId === null) return badRequest(res, 'invalid conversationId');
    res.json(store.list(conversationId));
  });

  router.post('/api/conversations/:conversationId/messages', (req, res) => {
    const body = payloadObject(req.body);
    const conversationId = readId(req.params.conversationId);
    const senderId = readId(body.senderId);
    const message = readMessageText(body.message);
    if (conversationId === null) return badRequest(res, 'invalid conversationId');
    if (senderId === null) return badRequest(res, 'senderId is required');
    if (message === null) return badRequest(res, 'message must be a non-empty string');
    const messageData = store.save({ conversationId, senderId, message });
    io.to(conversationId).emit('newMessage', messageData);
    res.status(201).json(messageData);
  });

  return router;
}
