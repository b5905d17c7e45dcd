import path from 'node:path';
import Database from 'better-sqlite3';

/**
 * Where seed 003 says "save message to database": one SQLite table. With a data directory the
 * file survives restarts ("messages load from database on page refresh"); without, it is in memory.
 */
export function openMessageStore(dataDir) {
  const db = new Database(dataDir ? path.join(dataDir, 'express-conversations.sqlite') : ':memory:');
  db.pragma('journal_mode = WAL');
  db.exec(`CREATE TABLE IF NOT EXISTS messages (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    conversation_id TEXT NOT NULL,
    sender_id TEXT NOT NULL,
    message TEXT NOT NULL,
    timestamp TEXT NOT NULL
  )`);
  db.exec('CREATE INDEX IF NOT EXISTS messages_by_conversation ON messages (conversation_id, seq)');
  const insert = db.prepare(`INSERT INTO messages (id, conversation_id, sender_id, message, timestamp)
    VALUES (@id, @conversationId, @senderId, @message, @timestamp)`);
  const byConversation = db.prepare(`SELECT id, conversation_id AS conversationId, sender_id AS senderId,
    message, timestamp FROM messages WHERE conversation_id = ? ORDER BY seq`);
  const newestId = db.prepare('SELECT id FROM messages ORDER BY seq DESC LIMIT 1');

  // The seed's id is Date.now().toString(); two sends in one millisecond would collide, so ids
  // are kept strictly increasing (still millisecond-like numbers) across restarts too.
  let lastId = Number(newestId.get()?.id ?? 0);
  const nextId = () => {
    lastId = Math.max(Date.now(), lastId + 1);
    return String(lastId);
  };

  return {
    /** Builds the seed's messageData {id, conversationId, senderId, message, timestamp} and saves it. */
    save({ conversationId, senderId, message }) {
      const messageData = { id: nextId(), conversationId, senderId, message, timestamp: new Date().toISOString() };
      insert.run(messageData);
      return messageData;
    },
    /** All messages of a conversation, oldest first. */
    list(conversationId) {
      return byConversation.all(conversationId);
    },
    close() { db.close(); },
  };
}
