"""The user table the Flask test servers share: users are created on first sign-in, by name."""

USER_TABLE = """
CREATE TABLE IF NOT EXISTS user (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  username TEXT NOT NULL UNIQUE
);
"""


class UserTable:
    """The user lookups of a store whose SQLite connection is self.db (and whose schema has USER_TABLE)."""

    def user_named(self, username):
        return user_named(self.db, username)

    def user(self, user_id):
        return user_by_id(self.db, user_id)


def user_named(db, username):
    """The user called `username`, created on first use: {id, username}."""
    db.execute('INSERT OR IGNORE INTO user (username) VALUES (?)', (username,))
    db.commit()
    return user_by_id(db, db.execute('SELECT id FROM user WHERE username = ?', (username,)).fetchone()[0])


def user_by_id(db, user_id):
    """{id, username}, or None when there is no such user."""
    row = db.execute('SELECT id, username FROM user WHERE id = ?', (user_id,)).fetchone()
    return {'id': row[0], 'username': row[1]} if row else None
