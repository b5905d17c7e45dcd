"""JWTs of the flask-shows test server, and where a connection carries them.

The seed authenticates the socket with the JWT its REST API already set as a cookie, or with
`?token=` when cookies are not available. Tokens are HS256 with the user id as `sub` (a string,
as Flask-JWT-Extended writes it); the secret is FLASK_SHOWS_JWT_SECRET, or a random one kept in
the data folder so tokens survive a restart.
"""
from datetime import datetime, timedelta, timezone
from http.cookies import SimpleCookie
from urllib.parse import parse_qs

import jwt
from persisted_secret import persisted_secret

COOKIE_NAME = 'access_token_cookie'  # Flask-JWT-Extended's default
TOKEN_LIFETIME = timedelta(days=1)


def load_secret(data_dir):
    """FLASK_SHOWS_JWT_SECRET, or a random secret kept in DATA_DIR/jwt-secret."""
    return persisted_secret(data_dir, 'jwt-secret', 'FLASK_SHOWS_JWT_SECRET')


def issue_token(secret, user):
    now = datetime.now(timezone.utc)
    claims = {'sub': str(user['id']), 'username': user['username'], 'iat': now, 'exp': now + TOKEN_LIFETIME}
    return jwt.encode(claims, secret, algorithm='HS256')


def user_id_from_token(secret, token):
    """The user id a valid token names, or None (bad signature, expired, malformed)."""
    if not token:
        return None
    try:
        claims = jwt.decode(token, secret, algorithms=['HS256'])
        return int(claims['sub'])
    except (jwt.PyJWTError, KeyError, TypeError, ValueError):
        return None


def token_of_handshake(environ):
    """The JWT of a Socket.IO handshake: the cookie first, then ?token= (the seed's two ways)."""
    cookies = SimpleCookie()
    try:
        cookies.load(environ.get('HTTP_COOKIE', ''))
    except Exception:  # a malformed Cookie header is no token, not a crash
        cookies = SimpleCookie()
    if COOKIE_NAME in cookies:
        return cookies[COOKIE_NAME].value
    values = parse_qs(environ.get('QUERY_STRING', '')).get('token')
    return values[0] if values else None
