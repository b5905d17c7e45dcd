// One room as the core last described it, kept from the core's answers
// (CoreRoomChange): the core sends each part only when it changed, and of
// the messages only the edits, so this side never asks and never diffs.
// Snapshots are immutable and built only when read after a change; every
// part and every message that did not change keeps its identity, so that
// identity means "unchanged" for React (useSyncExternalStore, memo) and for
// virtualized lists.
import type { CoreMessage, CoreMessageEdits, CoreRoomChange } from './chatwire_core.js';
import type { Member, Message, RoomSnapshot, RoomState, User } from './types.js';

const NONE: readonly never[] = Object.freeze([]);

export function emptySnapshot(roomId: string): RoomSnapshot {
  return Object.freeze({
    roomId,
    messages: NONE,
    typingUsers: NONE,
    unreadCount: 0,
    firstUnreadId: null,
    members: NONE,
    hasMore: false,
    joined: false,
    state: 'none',
    loadingOlder: false,
    detached: false,
    hasNewer: false,
    loadingNewer: false,
    version: 0,
  });
}

export class RoomMirror {
  /** Oldest first, edited in place; a frozen copy goes into each snapshot. */
  private readonly messages: Message[] = [];
  private readonly byKey = new Map<string, Message>();
  private messagesChanged = false;
  private snapshot: RoomSnapshot;
  private stale = false;
  private typingUsers: readonly User[] = NONE;
  private members: readonly Member[] = NONE;
  private unreadCount = 0;
  private firstUnreadId: string | null = null;
  private state: RoomState = 'none';
  private hasMore = false;
  private loadingOlder = false;
  private detached = false;
  private hasNewer = false;
  private loadingNewer = false;
  private version = 0;

  constructor(readonly roomId: string) {
    this.snapshot = emptySnapshot(roomId);
  }

  /** The room's state ('none' before the core reported it). */
  get roomState(): RoomState {
    return this.state;
  }

  get unread(): number {
    return this.unreadCount;
  }

  /** A message this room holds, by the core's key for it. */
  message(key: string): Message | undefined {
    return this.byKey.get(key);
  }

  /** Takes one change from the core's answer. */
  apply(change: CoreRoomChange): void {
    this.stale = true;
    if (change.gone) {
      this.forget();
      return;
    }
    if (change.version !== undefined) this.version = change.version;
    if (change.messages) this.applyEdits(change.messages);
    if (change.typingUsers) this.typingUsers = reuseIfEqual(this.typingUsers, freezeUsers(change.typingUsers), sameUser);
    if (change.unreadCount !== undefined) this.unreadCount = change.unreadCount;
    if (change.firstUnreadId !== undefined) this.firstUnreadId = change.firstUnreadId;
    if (change.members) this.members = reuseIfEqual(this.members, freezeMembers(change.members), sameMember);
    if (change.state !== undefined) this.state = change.state as RoomState;
    if (change.hasMore !== undefined) this.hasMore = change.hasMore;
    if (change.loadingOlder !== undefined) this.loadingOlder = change.loadingOlder;
    if (change.detached !== undefined) this.detached = change.detached;
    if (change.hasNewer !== undefined) this.hasNewer = change.hasNewer;
    if (change.loadingNewer !== undefined) this.loadingNewer = change.loadingNewer;
  }

  /**
   * Everything this mirror holds, as one change that rebuilds it from
   * nothing (a view of a shared client starts from it; see shared/host.ts).
   */
  fullChange(): CoreRoomChange {
    const keys = new Map<Message, string>();
    for (const [key, message] of this.byKey) keys.set(message, key);
    return {
      id: this.roomId,
      version: this.version,
      messages: { reset: true, upserts: this.messages.map((message, index) => [index, keys.get(message) ?? '', message as unknown as CoreMessage]) },
      typingUsers: [...this.typingUsers],
      unreadCount: this.unreadCount,
      firstUnreadId: this.firstUnreadId,
      members: [...this.members],
      state: this.state === 'none' ? undefined : this.state,
      hasMore: this.hasMore,
      loadingOlder: this.loadingOlder,
      detached: this.detached,
      hasNewer: this.hasNewer,
      loadingNewer: this.loadingNewer,
    };
  }

  /** The room as it is now; the same object until the room changes. */
  getSnapshot(): RoomSnapshot {
    if (!this.stale) return this.snapshot;
    this.stale = false;
    const messages = this.messagesChanged ? Object.freeze(this.messages.slice()) : this.snapshot.messages;
    this.messagesChanged = false;
    this.snapshot = Object.freeze({
      roomId: this.roomId,
      messages,
      typingUsers: this.typingUsers,
      unreadCount: this.unreadCount,
      firstUnreadId: this.firstUnreadId,
      members: this.members,
      hasMore: this.hasMore,
      joined: this.state === 'joined',
      state: this.state,
      loadingOlder: this.loadingOlder,
      detached: this.detached,
      hasNewer: this.hasNewer,
      loadingNewer: this.loadingNewer,
      version: this.version,
    });
    return this.snapshot;
  }

  private applyEdits(edits: CoreMessageEdits): void {
    const messages = this.messages;
    const before = messages.length;
    if (edits.reset) {
      messages.length = 0;
      this.byKey.clear();
    }
    if (edits.removed) this.remove(edits.removed);
    if (edits.upserts) {
      for (const [index, key, raw] of edits.upserts) {
        const message = this.freeze(raw);
        const held = this.byKey.get(key);
        this.byKey.set(key, message);
        if (held === undefined) {
          if (index >= messages.length) messages.push(message);
          else messages.splice(index, 0, message);
        } else if (messages[index] === held) {
          messages[index] = message;
        } else {
          // The core's edits keep held messages in place; this only guards
          // against a mirror gone out of step, and puts the message where the core says.
          messages.splice(messages.indexOf(held), 1);
          messages.splice(index, 0, message);
        }
      }
    }
    this.messagesChanged = this.messagesChanged || edits.reset === true || messages.length !== before ||
      (edits.upserts?.length ?? 0) > 0;
  }

  private remove(keys: readonly string[]): void {
    const gone: Message[] = [];
    for (const key of keys) {
      const message = this.byKey.get(key);
      if (message === undefined) continue;
      this.byKey.delete(key);
      gone.push(message);
    }
    if (gone.length === 0) return;
    const messages = this.messages;
    if (gone.length === 1) {
      const index = messages.indexOf(gone[0] as Message);
      if (index === 0) messages.shift();  // eviction of the oldest: the usual case
      else if (index > 0) messages.splice(index, 1);
      return;
    }
    const drop = new Set(gone);
    let kept = 0;
    for (const message of messages) {
      if (!drop.has(message)) messages[kept++] = message;
    }
    messages.length = kept;
  }

  private forget(): void {
    this.messages.length = 0;
    this.byKey.clear();
    this.messagesChanged = true;
    this.typingUsers = NONE;
    this.members = NONE;
    this.unreadCount = 0;
    this.firstUnreadId = null;
    this.state = 'none';
    this.hasMore = false;
    this.loadingOlder = false;
  }

  private freeze(raw: CoreMessage): Message {
    const message = raw as CoreMessage & { roomId: string };
    message.roomId = this.roomId;
    Object.freeze(raw.author);
    if (raw.readBy) Object.freeze(raw.readBy);
    return Object.freeze(message) as Message;
  }
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
