'use client';
import { useCallback, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { ChatwireError } from '../errors.js';
import { emptySnapshot } from '../room-mirror.js';
import type { ChatwireErrorInfo, Member, Message, RoomSnapshot, SendOptions, User } from '../types.js';
import { useChatClient } from './hooks.js';

export interface UseRoomOptions {
  /** Join the room when mounted (default true). Rooms are not left on unmount: their unread counts keep counting. */
  join?: boolean;
  /** The room is on screen: while the page is visible, arriving messages are read at once (default false). */
  active?: boolean;
}

export interface UseRoomResult {
  messages: readonly Message[];
  typingUsers: readonly User[];
  members: readonly Member[];
  unreadCount: number;
  /** Where the "new messages" divider goes (RoomSnapshot.firstUnreadId). */
  firstUnreadId: string | null;
  hasMore: boolean;
  joined: boolean;
  loadingOlder: boolean;
  /** RoomSnapshot.detached: a window around a message jumped to is shown. */
  detached: boolean;
  hasNewer: boolean;
  loadingNewer: boolean;
  /** A join the server or the client refused, if any. */
  error: ChatwireErrorInfo | null;
  /** Sends `text` (shown at once as pending); returns its client id. Throws ChatwireError when refused (e.g. 'empty_text'). */
  send(text: string, options?: SendOptions): string;
  /** Room.edit(): replaces the text of the user's message (shown at once); returns the operation id. */
  edit(message: Message | string, text: string): string;
  /** Room.delete(): deletes a message (shown at once); returns the operation id. */
  deleteMessage(message: Message | string): string;
  /** Room.react(): sets or removes the user's emoji on a message; returns the operation id. */
  react(message: Message | string, emoji: string, on: boolean): string;
  retry(clientId: string): void;
  cancel(clientId: string): void;
  /** Call on every keystroke in the composer. */
  notifyTyping(): void;
  stopTyping(): void;
  markRead(): void;
  /** Loads older messages; resolves with how many were added. */
  loadOlder(count?: number): Promise<number>;
  /** Loads newer messages of a detached window; resolves with how many were added. */
  loadNewer(count?: number): Promise<number>;
  /** Room.jumpTo(): shows a message, loading the page around it when it is not held. */
  jumpTo(message: Message | string): Promise<void>;
  /** Room.jumpToLatest(): back to the latest messages. */
  jumpToLatest(): void;
}

const NOT_READY = () =>
  new ChatwireError({ source: 'command', code: 'not_ready', message: 'the chat client is still loading' });

/**
 * One room: its snapshot (re-rendering only when this room changes) and its
 * actions. Joins the room when the client is ready.
 */
export function useRoom(roomId: string, options: UseRoomOptions = {}): UseRoomResult {
  const { join = true, active = false } = options;
  const client = useChatClient();
  const room = client ? client.room(roomId) : null;
  const [joinError, setJoinError] = useState<ChatwireErrorInfo | null>(null);

  useEffect(() => {
    if (!room || !join) return;
    try {
      room.join();
      setJoinError(null);
    } catch (error) {
      setJoinError(error instanceof ChatwireError ? error.toJSON() : { source: 'command', code: 'join_failed', message: String(error) });
    }
  }, [room, join]);

  useEffect(() => {
    if (!room || !client || !active) return undefined;
    try {
      room.setActive(true);
    } catch {
      return undefined;  // not joined (yet): nothing to read
    }
    return () => {
      if (!client.destroyed) {
        try {
          room.setActive(false);
        } catch {
          // Left in the meantime: nothing to undo.
        }
      }
    };
  }, [room, client, active]);

  const empty = useMemo(() => emptySnapshot(roomId), [roomId]);
  const subscribe = useMemo(() => (room ? room.subscribe : () => () => {}), [room]);
  const getSnapshot = useCallback((): RoomSnapshot => (room ? room.getSnapshot() : empty), [room, empty]);
  const getServerSnapshot = useCallback(() => empty, [empty]);
  const snapshot = useSyncExternalStore(subscribe, getSnapshot, getServerSnapshot);

  const actions = useMemo(
    () => ({
      send: (text: string, options?: SendOptions) => {
        if (!room) throw NOT_READY();
        return room.send(text, options);
      },
      edit: (message: Message | string, text: string) => {
        if (!room) throw NOT_READY();
        return room.edit(message, text);
      },
      deleteMessage: (message: Message | string) => {
        if (!room) throw NOT_READY();
        return room.delete(message);
      },
      react: (message: Message | string, emoji: string, on: boolean) => {
        if (!room) throw NOT_READY();
        return room.react(message, emoji, on);
      },
      retry: (clientId: string) => room?.retry(clientId),
      cancel: (clientId: string) => room?.cancel(clientId),
      notifyTyping: () => room?.typing(),
      stopTyping: () => room?.stopTyping(),
      markRead: () => {
        if (room?.getSnapshot().joined) room.markRead();
      },
      loadOlder: (count?: number) => (room ? room.loadOlder(count) : Promise.resolve(0)),
      loadNewer: (count?: number) => (room ? room.loadNewer(count) : Promise.resolve(0)),
      jumpTo: (message: Message | string) => (room ? room.jumpTo(message) : Promise.reject(NOT_READY())),
      jumpToLatest: () => room?.jumpToLatest(),
    }),
    [room],
  );

  return useMemo(
    () => ({
      messages: snapshot.messages,
      typingUsers: snapshot.typingUsers,
      members: snapshot.members,
      unreadCount: snapshot.unreadCount,
      firstUnreadId: snapshot.firstUnreadId,
      hasMore: snapshot.hasMore,
      joined: snapshot.joined,
      loadingOlder: snapshot.loadingOlder,
      detached: snapshot.detached,
      hasNewer: snapshot.hasNewer,
      loadingNewer: snapshot.loadingNewer,
      error: joinError,
      ...actions,
    }),
    [snapshot, joinError, actions],
  );
}
