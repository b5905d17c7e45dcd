import crypto from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Database } from './database';

/** A user as the chat shows it (the seed's User entity has more; the chat needs these two). */
export interface UserSummary {
  id: string;
  username: string;
}

@Injectable()
export class UsersService {
  constructor(private readonly database: Database) {}

  /** The user with this name, created on first use (ids are UUIDs, as in the seed's schema). */
  findOrCreate(username: string): UserSummary {
    const db = this.database.db;
    const existing = db.prepare('SELECT id, username FROM users WHERE username = ?').get(username) as UserSummary | undefined;
    if (existing) return existing;
    const user = { id: crypto.randomUUID(), username };
    db.prepare('INSERT INTO users (id, username, created_at) VALUES (?, ?, ?)').run(user.id, username, new Date().toISOString());
    return user;
  }

  findById(id: string): UserSummary | undefined {
    return this.database.db.prepare('SELECT id, username FROM users WHERE id = ?').get(id) as UserSummary | undefined;
  }
}
