import { io } from 'socket.io-client';

/**
 * Connects a plain socket.io client and resolves once connected, or rejects with the
 * CONNECT_ERROR (an Error whose message is what the server refused with).
 */
export function connectClient(url, options = {}) {
  const socket = io(url, { transports: ['websocket'], reconnection: false, forceNew: true, ...options });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error) => { socket.close(); reject(error); });
  });
}

/**
 * Resolves with the payload of the next `event` that satisfies `accept`, or rejects after
 * timeoutMs. Register it BEFORE triggering the event.
 */
export function nextEvent(socket, event, accept = () => true, timeoutMs = 3000) {
  return new Promise((resolve, reject) => {
    const onEvent = (payload) => {
      if (!accept(payload)) return;
      clearTimeout(timer);
      socket.off(event, onEvent);
      resolve(payload);
    };
    const timer = setTimeout(() => {
      socket.off(event, onEvent);
      reject(new Error(`no '${event}' within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.on(event, onEvent);
  });
}

/** Collects every payload of `event` so a test can assert that none arrived. */
export function recordEvents(socket, event) {
  const seen = [];
  socket.on(event, (payload) => seen.push(payload));
  return seen;
}
