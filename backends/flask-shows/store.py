"""SQLite storage of the flask-shows test server: users, shows, check-ins and chat messages.

The seed keeps these in its database (PostgreSQL or the like behind SQLAlchemy); SQLite from the
standard library keeps the same rows. One connection serves every green thread: eventlet runs
them on one OS thread, and each write is committed at once, so a restart loses nothing.
"""
import sqlite3
from datetime import datetime, timezone

from sqlite_users import USER_TABLE, UserTable

SCHEMA = """
CREATE TABLE IF NOT EXISTS show (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS show_checkin (
  user_id INTEGER NOT NULL REFERENCES user(id),
  show_id INTEGER NOT NULL REFERENCES show(id),
  checked_in_at TEXT NOT NULL,
  checked_out_at TEXT,
  PRIMARY KEY (user_id, show_id)
);
CREATE TABLE IF NOT EXISTS chat_message (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  show_id INTEGER NOT NULL REFERENCES show(id),
  user_id INTEGER NOT NULL REFERENCES user(id),
  message TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS chat_message_by_show ON chat_message (show_id, id);
"""

# The shows a fresh database has: the scenarios and the demo join these.
DEFAULT_SHOWS = [(1, 'Opening Night'), (2, 'Encore')]

# "Server sends last 50 messages to joining user" (the seed).
HISTORY_LIMIT = 50


def utc_now_iso():
    """ISO 8601 in UTC with 'Z' and milliseconds, like the seed's '2024-11-16T20:25:45Z'."""
    return datetime.now(timezone.utc).isoformat(timespec='milliseconds').replace('+00:00', 'Z')


class ShowStore(UserTable):
    def __init__(self, path):
        self.db = sqlite3.connect(path, check_same_thread=False)
        self.db.row_factory = sqlite3.Row
        self.db.executescript(USER_TABLE + SCHEMA)
        self.db.executemany('INSERT OR IGNORE INTO show (id, name) VALUES (?, ?)', DEFAULT_SHOWS)
        self.db.commit()
        self.show_ids = {row['id'] for row in self.db.execute('SELECT id FROM show')}

    def close(self):
        self.db.close()

    def show_exists(self, show_id):
        # From memory: every message names its show, and the shows do not change while the server runs.
        return show_id in self.show_ids

    def check_in(self, user_id, show_id):
        """Creates the ShowCheckin if none exists (the seed), and clears a check-out."""
        now = utc_now_iso()
        self.db.execute(
            'INSERT INTO show_checkin (user_id, show_id, checked_in_at) VALUES (?, ?, ?) '
            'ON CONFLICT (user_id, show_id) DO UPDATE SET checked_out_at = NULL',
            (user_id, show_id, now))
        self.db.commit()

    def check_out(self, user_id, show_id):
        self.db.execute('UPDATE show_checkin SET checked_out_at = ? WHERE user_id = ? AND show_id = ?',
                        (utc_now_iso(), user_id, show_id))
        self.db.commit()

    def add_message(self, show_id, user, text):
        """Stores a message and returns it as the seed's new_message payload."""
        created_at = utc_now_iso()
        cursor = self.db.execute(
            'INSERT INTO chat_message (show_id, user_id, message, created_at) VALUES (?, ?, ?, ?)',
            (show_id, user['id'], text, created_at))
        self.db.commit()
        return {'id': cursor.lastrowid, 'show_id': show_id, 'user_id': user['id'],
                'username': user['username'], 'message': text, 'created_at': created_at}

    def last_messages(self, show_id, limit=HISTORY_LIMIT):
        """The show's last `limit` messages, oldest first, in the new_message shape."""
        rows = self.db.execute(
            'SELECT m.id, m.show_id, m.user_id, u.username, m.message, m.created_at '
            'FROM chat_message m JOIN user u ON u.id = m.user_id '
            'WHERE m.show_id = ? ORDER BY m.id DESC LIMIT ?', (show_id, limit)).fetchall()
        return [dict(row) for row in reversed(rows)]
