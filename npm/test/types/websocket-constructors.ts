// Compiled, never run (test/client/types.test.mjs): the WebSocket classes
// apps actually pass must fit the `WebSocket` option as they are typed.
import WebSocketFromWs from 'ws';
import type { ChatClientOptions, WebSocketConstructor, WebSocketLike } from '../../dist/index.js';

const browser: WebSocketConstructor = WebSocket;
const node: WebSocketConstructor = WebSocketFromWs;
const wrapped: WebSocketConstructor = function Wrapped(url: string): WebSocketLike {
  return new WebSocket(url);
} as unknown as WebSocketConstructor;

export const options: Pick<ChatClientOptions, 'WebSocket'>[] = [{ WebSocket: browser }, { WebSocket: node }, { WebSocket: wrapped }];
