"""SQLite storage of the flask-multiroom test server, in the seed's schema.

The seed stores rooms, messages (with a message_type: text, system, join, leave; and an edited
flag) and participants through SQLAlchemy; this keeps the same tables with the standard
library's sqlite3. One connection serves every green thread (eventlet runs them on one OS
thread), and each write is committed at once.
"""
import sqlite3
from datetime import datetime

from sqlite_users import USER_TABLE, UserTable

SCHEMA = """
CREATE TABLE IF NOT EXISTS chat_room (
  id INTEGER PRIMARY KEY,
  name VARCHAR(100) UNIQUE NOT NULL,
  description TEXT,
  created_at DATETIME,
  is_active BOOLEAN DEFAULT TRUE
);
CREATE TABLE IF NOT EXISTS chat_message (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  room_id INTEGER NOT NULL REFERENCES chat_room(id),
  user_id INTEGER NOT NULL REFERENCES user(id),
  message TEXT NOT NULL,
  message_type VARCHAR(20) DEFAULT 'text',
  created_at DATETIME,
  is_edited BOOLEAN DEFAULT FALSE,
  edited_at DATETIME
);
CREATE INDEX IF NOT EXISTS chat_message_by_room ON chat_message (room_id, id);
CREATE TABLE IF NOT EXISTS chat_participant (
  id INTEGER PRIMARY KEY,
  room_id INTEGER NOT NULL REFERENCES chat_room(id),
  user_id INTEGER NOT NULL REFERENCES user(id),
  joined_at DATETIME,
  last_active DATETIME,
  is_online BOOLEAN DEFAULT FALSE,
  UNIQUE (room_id, user_id)
);
"""

# The seed's default rooms.
DEFAULT_ROOMS = [
    ('general', 'General fitness discussion and motivation'),
    ('workout-tips', 'Share workout tips and exercise advice'),
    ('nutrition', 'Discuss nutrition and meal planning'),
    ('progress', 'Share your fitness progress and achievements'),
]

HISTORY_LIMIT = 50


def utc_now():
    """datetime.utcnow().isoformat(): no zone, microseconds, as the seed's models serialize it."""
    return datetime.utcnow().isoformat()


class ChatStore(UserTable):
    def __init__(self, path):
        self.db = sqlite3.connect(path, check_same_thread=False)
        self.db.row_factory = sqlite3.Row
        self.db.executescript(USER_TABLE + SCHEMA)
        for name, description in DEFAULT_ROOMS:
            self.db.execute('INSERT OR IGNORE INTO chat_room (name, description, created_at) VALUES (?, ?, ?)',
                            (name, description, utc_now()))
        self.db.commit()
        self.room_ids = {row['name']: row['id'] for row in self.rooms()}

    def close(self):
        self.db.close()

    def rooms(self):
        rows = self.db.execute('SELECT id, name, description FROM chat_room WHERE is_active ORDER BY id').fetchall()
        return [dict(row) for row in rows]

    def room_id(self, name):
        """The id of the active room called `name`, or None. Read from memory: every message names
        its room, and the rooms do not change while the server runs."""
        return self.room_ids.get(name)

    def add_message(self, room_name, user, text, message_type='text'):
        """Stores a row and returns it as the new_message payload."""
        created_at = utc_now()
        cursor = self.db.execute(
            'INSERT INTO chat_message (room_id, user_id, message, message_type, created_at) VALUES (?, ?, ?, ?, ?)',
            (self.room_id(room_name), user['id'], text, message_type, created_at))
        self.db.commit()
        return {'id': cursor.lastrowid, 'room': room_name, 'user_id': user['id'], 'username': user['username'],
                'message': text, 'message_type': message_type, 'created_at': created_at, 'is_edited': False}

    def recent_messages(self, room_name, limit=HISTORY_LIMIT):
        """The room's last `limit` rows of every type, oldest first."""
        rows = self.db.execute(
            'SELECT m.id, r.name AS room, m.user_id, u.username, m.message, m.message_type, m.created_at, m.is_edited '
            'FROM chat_message m JOIN chat_room r ON r.id = m.room_id JOIN user u ON u.id = m.user_id '
            'WHERE r.name = ? ORDER BY m.id DESC LIMIT ?', (room_name, limit)).fetchall()
        return [{**dict(row), 'is_edited': bool(row['is_edited'])} for row in reversed(rows)]

    def set_online(self, room_name, user_id, online):
        """Upserts the participant row: joined_at once, last_active and is_online each time."""
        now = utc_now()
        self.db.execute(
            'INSERT INTO chat_participant (room_id, user_id, joined_at, last_active, is_online) VALUES (?, ?, ?, ?, ?) '
            'ON CONFLICT (room_id, user_id) DO UPDATE SET last_active = excluded.last_active, is_online = excluded.is_online',
            (self.room_id(room_name), user_id, now, now, online))
        self.db.commit()
