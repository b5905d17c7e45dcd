import path from 'node:path';
import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import BetterSqlite3 from 'better-sqlite3';
import { SERVER_OPTIONS, ServerOptions } from './options';

/**
 * Seed 002 keeps its tables in PostgreSQL (TypeORM). Here the same tables live in SQLite: a file
 * in --data-dir (so history, read flags and users survive a restart), or memory without one.
 * Timestamps are ISO 8601 strings with 'Z', as TypeORM serializes a timestamp column to JSON.
 */
@Injectable()
export class Database implements OnApplicationShutdown {
  readonly db: BetterSqlite3.Database;

  constructor(@Inject(SERVER_OPTIONS) options: ServerOptions) {
    this.db = new BetterSqlite3(options.dataDir ? path.join(options.dataDir, 'nest-conversations.sqlite') : ':memory:');
    this.db.pragma('journal_mode = WAL');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS users (
        id TEXT PRIMARY KEY,
        username TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL
      );
      CREATE TABLE IF NOT EXISTS conversations (
        id TEXT PRIMARY KEY,
        participant1_id TEXT NOT NULL REFERENCES users(id),
        participant2_id TEXT NOT NULL REFERENCES users(id),
        last_message_at TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE TABLE IF NOT EXISTS messages (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        conversation_id TEXT NOT NULL REFERENCES conversations(id),
        sender_id TEXT NOT NULL REFERENCES users(id),
        content TEXT NOT NULL,
        is_read INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX IF NOT EXISTS messages_by_conversation ON messages (conversation_id, seq);
    `);
  }

  onApplicationShutdown(): void {
    this.db.close();
  }
}
