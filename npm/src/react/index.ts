'use client';
// chatwire/react: a provider that owns one ChatClient, and hooks that read
// it through useSyncExternalStore (a change in one room re-renders only
// the components reading that room).
export { ChatProvider } from './provider.js';
export type { ChatProviderProps } from './provider.js';
export { useChatClient, useConnection, useUnreadTotal, useRooms } from './hooks.js';
export type { ConnectionStatus } from './hooks.js';
export { useRoom } from './use-room.js';
export type { UseRoomOptions, UseRoomResult } from './use-room.js';
