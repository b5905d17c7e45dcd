// Builds immutable room snapshots from the core's JSON, reusing every part
// and every message that did not change, so that identity means "unchanged"
// for React (useSyncExternalStore, memo) and for virtualized lists.
import type { CoreMessage, CoreRoomSnapshot } from './chatwire_core.js';
import type { Member, Message, RoomSnapshot, RoomState, User } from './types.js';

/** Bits of the core's room changes (chat::Change) and snapshot parts. */
export const Part = {
  messages: 1,
  typing: 2,
  unread: 4,
  members: 8,
  state: 16,
  all: 31,
} as const;

const NONE: readonly never[] = Object.freeze([]);

export function emptySnapshot(roomId: string): RoomSnapshot {
  return Object.freeze({
    roomId,
    messages: NONE,
    typingUsers: NONE,
    unreadCount: 0,
    members: NONE,
    hasMore: false,
    joined: false,
    state: 'none',
    loadingOlder: false,
    version: 0,
  });
}

/** The next snapshot: `previous` with the parts present in `core` replaced. */
export function nextSnapshot(previous: RoomSnapshot, core: CoreRoomSnapshot): RoomSnapshot {
  if (!core.exists) return core.version === previous.version && previous.state === 'none' ? previous : emptySnapshot(previous.roomId);
  const state = (core.state as RoomState | undefined) ?? previous.state;
  return Object.freeze({
    roomId: previous.roomId,
    messages: core.messages ? reconcileMessages(previous.messages, core.messages) : previous.messages,
    typingUsers: core.typingUsers ? reuseIfEqual(previous.typingUsers, freezeUsers(core.typingUsers), sameUser) : previous.typingUsers,
    unreadCount: core.unreadCount ?? previous.unreadCount,
    members: core.members ? reuseIfEqual(previous.members, freezeMembers(core.members), sameMember) : previous.members,
    hasMore: core.hasMore ?? previous.hasMore,
    joined: state === 'joined',
    state,
    loadingOlder: core.loadingOlder ?? previous.loadingOlder,
    version: core.version,
  });
}

/**
 * The new message list, keeping the previous object for every message whose
 * content is the same (a list of 500 where one arrived reuses 499 objects).
 */
function reconcileMessages(previous: readonly Message[], incoming: CoreMessage[]): readonly Message[] {
  const byKey = new Map<string, Message>();
  for (const message of previous) byKey.set(keyOf(message), message);
  let unchanged = previous.length === incoming.length;
  const next = incoming.map((raw, index) => {
    const old = byKey.get(keyOf(raw));
    const message = old && sameMessage(old, raw) ? old : freezeMessage(raw);
    if (message !== previous[index]) unchanged = false;
    return message;
  });
  return unchanged ? previous : Object.freeze(next);
}

/** Own messages keep their client id through confirmation; others have a server id. */
function keyOf(message: { id: string | null; clientId: string | null }): string {
  return message.clientId !== null ? `c:${message.clientId}` : `s:${message.id ?? ''}`;
}

function sameMessage(old: Message, raw: CoreMessage): boolean {
  return (
    old.id === raw.id &&
    old.status === raw.status &&
    old.text === raw.text &&
    old.createdAt === raw.createdAt &&
    old.seq === raw.seq &&
    old.failure === raw.failure &&
    old.author.id === raw.author.id &&
    old.author.name === raw.author.name &&
    sameStrings(old.readBy, raw.readBy)
  );
}

function sameStrings(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.length === b.length && a.every((value, index) => value === b[index]);
}

function freezeMessage(raw: CoreMessage): Message {
  Object.freeze(raw.author);
  if (raw.readBy) Object.freeze(raw.readBy);
  return Object.freeze(raw as Message);
}

function freezeUsers(users: User[]): readonly User[] {
  for (const user of users) Object.freeze(user);
  return Object.freeze(users);
}

function freezeMembers(members: { user: User; online: boolean }[]): readonly Member[] {
  for (const member of members) {
    Object.freeze(member.user);
    Object.freeze(member);
  }
  return Object.freeze(members);
}

function sameUser(a: User, b: User): boolean {
  return a.id === b.id && a.name === b.name;
}

function sameMember(a: Member, b: Member): boolean {
  return a.online === b.online && sameUser(a.user, b.user);
}

function reuseIfEqual<T>(previous: readonly T[], next: readonly T[], same: (a: T, b: T) => boolean): readonly T[] {
  if (previous.length !== next.length) return next;
  return previous.every((value, index) => same(value, next[index] as T)) ? previous : next;
}
