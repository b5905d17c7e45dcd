// chatwire: a chat client SDK for Socket.IO backends. The core entry: no
// React, nothing touched at import time (safe to import during server
// rendering).
export { ChatClient } from './client.js';
export { createChatClient } from './create-chat-client.js';
export type { ChatClientEvents, RoomSummary, Capabilities } from './client.js';
export { Room } from './room.js';
export { ChatwireError } from './errors.js';
export { presetNames } from './presets.js';
export { preloadChatwire } from './preload.js';
export type {
  AuthOption,
  ChatClientOptions,
  ChatwireErrorInfo,
  ConnectionSnapshot,
  ConnectionState,
  DialectSpec,
  DiscontinuityEvent,
  ErrorSource,
  Logger,
  Member,
  Message,
  MessageEvent,
  MessageStatus,
  PresetName,
  Reaction,
  ReconnectEvent,
  ReconnectionOptions,
  ReplyPreview,
  RoomSnapshot,
  TransportName,
  SendOptions,
  RoomState,
  StateEvent,
  TypingOptions,
  User,
  WarningEvent,
  WebSocketConstructor,
  FetchLike,
  WebSocketLike,
} from './types.js';
