import crypto from 'node:crypto';
import { BadRequestException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { Database } from './database';
import { UsersService, UserSummary } from './users.service';

/** The Message entity as TypeORM would serialize it, with the 'sender' relation loaded. */
export interface MessageJson {
  id: string;
  conversationId: string;
  senderId: string;
  content: string;
  isRead: boolean;
  createdAt: string;
  updatedAt: string;
  sender: UserSummary;
}

interface ConversationRow {
  id: string;
  participant1_id: string;
  participant2_id: string;
  last_message_at: string | null;
  created_at: string;
  updated_at: string;
}

interface MessageRow {
  id: string;
  conversation_id: string;
  sender_id: string;
  sender_username: string;
  content: string;
  is_read: number;
  created_at: string;
  updated_at: string;
}

const MESSAGE_COLUMNS = `m.id, m.conversation_id, m.sender_id, u.username AS sender_username, m.content,
  m.is_read, m.created_at, m.updated_at FROM messages m JOIN users u ON u.id = m.sender_id`;

export const MAX_CONTENT_LENGTH = 10_000;

/** Business logic of the seed's chat module: one-to-one conversations, messages, read flags. */
@Injectable()
export class ChatService {
  constructor(private readonly database: Database, private readonly users: UsersService) {}

  private get db() { return this.database.db; }

  /** POST /chat/conversations: the conversation of the two users, created if missing (no duplicates either way round). */
  getOrCreateConversation(user: UserSummary, participantId: unknown) {
    if (typeof participantId !== 'string' || participantId.length === 0) throw new BadRequestException('participantId is required');
    if (participantId === user.id) throw new BadRequestException('cannot start a conversation with yourself');
    if (!this.users.findById(participantId)) throw new NotFoundException('participant not found');
    let row = this.db.prepare(`SELECT * FROM conversations WHERE (participant1_id = ? AND participant2_id = ?)
      OR (participant1_id = ? AND participant2_id = ?)`).get(user.id, participantId, participantId, user.id) as ConversationRow | undefined;
    if (!row) {
      const now = new Date().toISOString();
      row = { id: crypto.randomUUID(), participant1_id: user.id, participant2_id: participantId, last_message_at: null, created_at: now, updated_at: now };
      this.db.prepare(`INSERT INTO conversations (id, participant1_id, participant2_id, last_message_at, created_at, updated_at)
        VALUES (@id, @participant1_id, @participant2_id, @last_message_at, @created_at, @updated_at)`).run(row);
    }
    return this.conversationJson(row, user.id);
  }

  /** GET /chat/conversations: the user's conversations, most recent activity first, with unread counts. */
  listConversations(user: UserSummary) {
    const rows = this.db.prepare(`SELECT * FROM conversations WHERE participant1_id = ? OR participant2_id = ?
      ORDER BY COALESCE(last_message_at, created_at) DESC`).all(user.id, user.id) as ConversationRow[];
    return rows.map((row) => this.conversationJson(row, user.id));
  }

  /** GET /chat/conversations/:id/messages: oldest first; only for its participants. */
  getMessages(user: UserSummary, conversationId: string): MessageJson[] {
    this.conversationOf(user, conversationId);
    const rows = this.db.prepare(`SELECT ${MESSAGE_COLUMNS} WHERE m.conversation_id = ? ORDER BY m.seq`).all(conversationId) as MessageRow[];
    return rows.map(messageJson);
  }

  /** GET /chat/unread-count: messages sent to the user and not read yet. */
  unreadCount(user: UserSummary): { count: number } {
    const row = this.db.prepare(`SELECT COUNT(*) AS count FROM messages m JOIN conversations c ON c.id = m.conversation_id
      WHERE (c.participant1_id = ? OR c.participant2_id = ?) AND m.sender_id != ? AND m.is_read = 0`).get(user.id, user.id, user.id) as { count: number };
    return { count: row.count };
  }

  /** Saves a message; returns it with the ids of both participants (the rooms it goes to). */
  createMessage(user: UserSummary, conversationId: unknown, content: unknown): { message: MessageJson; participantIds: string[] } {
    if (typeof content !== 'string' || content.trim().length === 0) throw new BadRequestException('content must be a non-empty string');
    if (content.length > MAX_CONTENT_LENGTH) throw new BadRequestException('content is too long');
    const conversation = this.conversationOf(user, conversationId);
    const now = new Date().toISOString();
    const id = crypto.randomUUID();
    this.db.transaction(() => {
      this.db.prepare(`INSERT INTO messages (id, conversation_id, sender_id, content, is_read, created_at, updated_at)
        VALUES (?, ?, ?, ?, 0, ?, ?)`).run(id, conversation.id, user.id, content, now, now);
      this.db.prepare('UPDATE conversations SET last_message_at = ?, updated_at = ? WHERE id = ?').run(now, now, conversation.id);
    })();
    return { message: this.messageById(id)!, participantIds: [conversation.participant1_id, conversation.participant2_id] };
  }

  /**
   * Marks one message read by its recipient. The sender reading their own message changes
   * nothing. Returns the updated message and whether it changed (only then is 'messageRead' sent).
   */
  markAsRead(user: UserSummary, messageId: unknown): { message: MessageJson; changed: boolean } {
    const message = typeof messageId === 'string' ? this.messageById(messageId) : undefined;
    if (!message) throw new NotFoundException('message not found');
    this.conversationOf(user, message.conversationId);
    if (message.senderId === user.id || message.isRead) return { message, changed: false };
    this.db.prepare('UPDATE messages SET is_read = 1, updated_at = ? WHERE id = ?').run(new Date().toISOString(), message.id);
    return { message: this.messageById(message.id)!, changed: true };
  }

  /** The other participant's id, for events that go to "the other side" of a conversation. */
  otherParticipantId(user: UserSummary, conversationId: unknown): string {
    const conversation = this.conversationOf(user, conversationId);
    return conversation.participant1_id === user.id ? conversation.participant2_id : conversation.participant1_id;
  }

  /** The conversation, if the user takes part in it: 404 when unknown, 403 for someone else's. */
  conversationOf(user: UserSummary, conversationId: unknown): ConversationRow {
    if (typeof conversationId !== 'string' || conversationId.length === 0) throw new BadRequestException('conversationId is required');
    const row = this.db.prepare('SELECT * FROM conversations WHERE id = ?').get(conversationId) as ConversationRow | undefined;
    if (!row) throw new NotFoundException('conversation not found');
    if (row.participant1_id !== user.id && row.participant2_id !== user.id) throw new ForbiddenException('not a participant of this conversation');
    return row;
  }

  private messageById(id: string): MessageJson | undefined {
    const row = this.db.prepare(`SELECT ${MESSAGE_COLUMNS} WHERE m.id = ?`).get(id) as MessageRow | undefined;
    return row ? messageJson(row) : undefined;
  }

  private conversationJson(row: ConversationRow, viewerId: string) {
    const last = this.db.prepare(`SELECT ${MESSAGE_COLUMNS} WHERE m.conversation_id = ? ORDER BY m.seq DESC LIMIT 1`).get(row.id) as MessageRow | undefined;
    const unread = this.db.prepare(`SELECT COUNT(*) AS count FROM messages WHERE conversation_id = ? AND sender_id != ? AND is_read = 0`)
      .get(row.id, viewerId) as { count: number };
    return {
      id: row.id,
      participant1Id: row.participant1_id,
      participant2Id: row.participant2_id,
      participant1: this.users.findById(row.participant1_id),
      participant2: this.users.findById(row.participant2_id),
      lastMessageAt: row.last_message_at,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      lastMessage: last ? messageJson(last) : null,
      unreadCount: unread.count,
    };
  }
}

function messageJson(row: MessageRow): MessageJson {
  return {
    id: row.id,
    conversationId: row.conversation_id,
    senderId: row.sender_id,
    content: row.content,
    isRead: row.is_read === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    sender: { id: row.sender_id, username: row.sender_username },
  };
}
