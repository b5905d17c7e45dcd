'use client';
import { useCallback, useContext, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import type { ChatClient, RoomSummary } from '../client.js';
import type { ChatwireErrorInfo, ConnectionState, TransportName } from '../types.js';
import type { ClientHolder } from './client-holder.js';
import { HolderContext } from './provider.js';

const noop = () => {};
const subscribeNothing = () => noop;
const getNull = () => null;
const getZero = () => 0;
const NO_ROOMS: readonly RoomSummary[] = Object.freeze([]);
const getNoRooms = () => NO_ROOMS;

/** The holder of the nearest <ChatProvider>; throws a clear error outside one. */
export function useHolder(hook: string): ClientHolder {
  const holder = useContext(HolderContext);
  if (!holder) {
    throw new Error(`${hook}() must be used inside <ChatProvider>: wrap your chat components in <ChatProvider options={...}>.`);
  }
  return holder;
}

/**
 * The provider's ChatClient, or null while the WebAssembly core loads and
 * during server rendering.
 * @throws Error outside a <ChatProvider>
 */
export function useChatClient(): ChatClient | null {
  const holder = useHolder('useChatClient');
  return useSyncExternalStore(holder.subscribe, holder.getClient, getNull);
}

/** Subscribes to a client-level store of `client`, with a fallback while there is none. */
function useClientStore<T>(client: ChatClient | null, read: (client: ChatClient) => T, fallback: () => T): T {
  const subscribe = useMemo(() => (client ? client.subscribe : subscribeNothing), [client]);
  const getSnapshot = useCallback(() => (client ? read(client) : fallback()), [client, read, fallback]);
  return useSyncExternalStore(subscribe, getSnapshot, fallback);
}

export interface ConnectionStatus {
  state: ConnectionState;
  /** The last connection (or loading) error since the last successful connect. */
  error: ChatwireErrorInfo | null;
  /** Milliseconds until the next reconnection attempt, counting down; null when none is scheduled. */
  reconnectInMs: number | null;
  /** Which attempt that will be. */
  reconnectAttempt: number;
  /** What the connection runs on ('websocket' or 'polling'); null until first connected. */
  transport: TransportName | null;
}

const readConnection = (client: ChatClient) => client.getConnection();
const IDLE = Object.freeze({ state: 'idle' as ConnectionState, error: null, reconnectAt: null, reconnectAttempt: 0, transport: null });
const getIdle = () => IDLE;

/** The connection for a status bar: state, last error, countdown to the next retry. */
export function useConnection(): ConnectionStatus {
  const holder = useHolder('useConnection');
  const client = useSyncExternalStore(holder.subscribe, holder.getClient, getNull);
  const loadError = useSyncExternalStore(holder.subscribe, holder.getLoadError, getNull);
  const connection = useClientStore(client, readConnection, getIdle);
  useTicking(connection.reconnectAt !== null);
  const error = loadError ? loadError.toJSON() : connection.error;
  const state: ConnectionState = loadError ? 'failed' : connection.state;
  // Read at render, so the first render after a drop already counts from now.
  const reconnectInMs = connection.reconnectAt === null ? null : Math.max(0, connection.reconnectAt - Date.now());
  return useMemo(
    () => ({ state, error, reconnectInMs, reconnectAttempt: connection.reconnectAttempt, transport: connection.transport }),
    [state, error, reconnectInMs, connection.reconnectAttempt, connection.transport],
  );
}

/** Re-renders four times a second while `active` (for a countdown). */
function useTicking(active: boolean): void {
  const [, setTick] = useState(0);
  useEffect(() => {
    if (!active) return undefined;
    const timer = setInterval(() => setTick((tick) => tick + 1), 250);
    return () => clearInterval(timer);
  }, [active]);
}

const readUnreadTotal = (client: ChatClient) => client.getUnreadTotal();

/** Unread messages over every joined room. */
export function useUnreadTotal(): number {
  const client = useChatClient();
  return useClientStore(client, readUnreadTotal, getZero);
}

const readRooms = (client: ChatClient) => client.getRooms();

/** Every room joined so far with its state and unread count, for a room list. */
export function useRooms(): readonly RoomSummary[] {
  const client = useChatClient();
  return useClientStore(client, readRooms, getNoRooms);
}
