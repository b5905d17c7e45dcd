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
  /** With messages: every key in order, and only the messages that changed. */
  messageChanges: 32,
  /** With messageChanges: as if this side held no message (it lost track). */
  messagesFromScratch: 64,
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

/**
 * The next snapshot: `previous` with the parts present in `core` replaced.
 * Null when `core` names a message `previous` does not hold (this side is
 * out of step with the core): the caller then asks again from scratch.
 */
export function nextSnapshot(previous: RoomSnapshot, core: CoreRoomSnapshot): RoomSnapshot | null {
  if (!core.exists) return core.version === previous.version && previous.state === 'none' ? previous : emptySnapshot(previous.roomId);
  const state = (core.state as RoomState | undefined) ?? previous.state;
  let messages = previous.messages;
  if (core.messageKeys) {
    const applied = applyMessageChanges(previous.messages, core.messageKeys, core.changedAt ?? [], core.changedMessages ?? []);
    if (applied === null) return null;
    messages = applied;
  }
  return Object.freeze({
    roomId: previous.roomId,
    messages,
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

/** The core's key of each message this side holds, per list it built. */
const keysOfList = new WeakMap<readonly Message[], Map<string, Message>>();

/**
 * The list the core describes by its keys: the changed messages from
 * `changed`, every other one the same object as before (so an unchanged row
 * stays unchanged for React; a list of 10,000 where one arrived reuses 9,999
 * objects and crosses the boundary as keys plus one message). Null if a key
 * is neither changed nor held.
 */
function applyMessageChanges(
  previous: readonly Message[],
  keys: readonly string[],
  changedAt: readonly number[],
  changed: readonly CoreMessage[],
): readonly Message[] | null {
  const held = keysOfList.get(previous) ?? new Map<string, Message>();
  const byKey = new Map<string, Message>();
  const next: Message[] = new Array(keys.length);
  let unchanged = previous.length === keys.length;
  let c = 0;
  for (let index = 0; index < keys.length; index++) {
    const key = keys[index] as string;
    const old = held.get(key);
    let message: Message;
    if (changedAt[c] === index) {
      const raw = changed[c++] as CoreMessage;
      message = old && sameMessage(old, raw) ? old : freezeMessage(raw);
    } else if (old !== undefined) {
      message = old;
    } else {
      return null;
    }
    if (message !== previous[index]) unchanged = false;
    next[index] = message;
    byKey.set(key, message);
  }
  if (unchanged) return previous;
  const list = Object.freeze(next);
  keysOfList.set(list, byKey);
  return list;
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
