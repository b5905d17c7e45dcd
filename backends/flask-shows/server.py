"""Test server for seed 001 (flask-shows): Flask-SocketIO on eventlet, a chat room per show.

Usage: /usr/bin/python3 server.py [--port N] [--data-dir DIR]

Events, payloads, errors and auth as the seed documents them; where it is silent, as the
flask-shows preset reads it (src/dialect/presets.cpp). Messages, users, shows and check-ins are
in SQLite (DIR/flask-shows.sqlite; in memory without --data-dir). Who is in which show is per
connection and in memory, as Socket.IO rooms are.
"""
import eventlet

eventlet.monkey_patch()

import os  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

from flask import Flask, jsonify, request  # noqa: E402
from flask_socketio import ConnectionRefusedError, SocketIO, emit, join_room, leave_room  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / 'lib'))
from flask_runner import parse_options, serve  # noqa: E402
from auth import COOKIE_NAME, issue_token, load_secret, token_of_handshake, user_id_from_token  # noqa: E402
from store import ShowStore  # noqa: E402

MAX_MESSAGE_LENGTH = 1000
MAX_USERNAME_LENGTH = 50

options = parse_options('Test server for seed 001 (flask-shows).')
store = ShowStore(os.path.join(options.data_dir, 'flask-shows.sqlite') if options.data_dir else ':memory:')
secret = load_secret(options.data_dir)

app = Flask(__name__)
# Any origin: the demo page is served from another one.
socketio = SocketIO(app, async_mode='eventlet', cors_allowed_origins='*')

connections = {}  # sid -> {'user': {id, username}, 'shows': set of show ids}
audiences = {}  # show id -> {sid: {user_id, username, sid}}, in join order


def room_of(show_id):
    return f'show_{show_id}'


def active_users(show_id):
    return list(audiences.get(show_id, {}).values())


def send_error(message, details=None):
    emit('error', {'message': message, 'details': details} if details else {'message': message})


def read_show_id(payload):
    """The payload's show_id as an int (a numeric string is accepted), or None."""
    value = payload.get('show_id') if isinstance(payload, dict) else None
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    return None


# ---- REST -------------------------------------------------------------------

@app.after_request
def allow_any_origin(response):
    response.headers['Access-Control-Allow-Origin'] = '*'
    response.headers['Access-Control-Allow-Headers'] = 'Content-Type'
    response.headers['Access-Control-Allow-Methods'] = 'POST, OPTIONS'
    return response


@app.route('/api/auth/login', methods=['POST', 'OPTIONS'])
def login():
    """Test-only sign-in (the seed's login lives elsewhere in its app): the JWT in the body and as the cookie."""
    if request.method == 'OPTIONS':
        return '', 204
    body = request.get_json(silent=True)
    username = body.get('username') if isinstance(body, dict) else None
    if not isinstance(username, str) or not username.strip() or len(username.strip()) > MAX_USERNAME_LENGTH:
        return jsonify({'error': f'username must be 1 to {MAX_USERNAME_LENGTH} characters'}), 400
    user = store.user_named(username.strip())
    token = issue_token(secret, user)
    response = jsonify({'access_token': token, 'user': user})
    response.set_cookie(COOKIE_NAME, token, httponly=True, samesite='Lax', path='/')
    return response


# ---- Socket.IO ----------------------------------------------------------------

@socketio.on('connect')
def on_connect(auth=None):
    user = store.user(user_id_from_token(secret, token_of_handshake(request.environ)) or -1)
    if user is None:
        # Flask-SocketIO's ConnectionRefusedError (not Python's builtin): the client gets a CONNECT_ERROR.
        raise ConnectionRefusedError('Unauthorized')
    connections[request.sid] = {'user': user, 'shows': set()}
    emit('connected', {'message': 'Connected to ShareMyShows', 'username': user['username']})


@socketio.on('disconnect')
def on_disconnect():
    connection = connections.pop(request.sid, None)
    if connection is None:
        return
    for show_id in list(connection['shows']):
        depart(request.sid, connection, show_id)


def depart(sid, connection, show_id):
    """Takes connection `sid` out of the show and tells the others (leave_show and disconnect)."""
    connection['shows'].discard(show_id)
    audience = audiences.get(show_id, {})
    audience.pop(sid, None)
    user = connection['user']
    if not any(entry['user_id'] == user['id'] for entry in audience.values()):
        store.check_out(user['id'], show_id)
    leave_room(room_of(show_id), sid=sid)
    socketio.emit('user_left', {'user_id': user['id'], 'username': user['username'],
                                'message': f"{user['username']} left the chat",
                                'active_users': active_users(show_id)}, to=room_of(show_id))


@socketio.on('join_show')
def on_join_show(payload):
    connection = connections[request.sid]
    show_id = read_show_id(payload)
    if show_id is None:
        return send_error('Missing show_id or message', 'join_show needs a numeric show_id')
    if not store.show_exists(show_id):
        return send_error('Show not found', f'no show {show_id}')
    user = connection['user']
    first_join = show_id not in connection['shows']
    if first_join:
        join_room(room_of(show_id))
        connection['shows'].add(show_id)
        audiences.setdefault(show_id, {})[request.sid] = {
            'user_id': user['id'], 'username': user['username'], 'sid': request.sid}
        store.check_in(user['id'], show_id)
    emit('message_history', {'messages': store.last_messages(show_id)})
    users = active_users(show_id)
    emit('active_users', {'active_users': users, 'count': len(users)})
    if first_join:
        emit('user_joined', {'user_id': user['id'], 'username': user['username'],
                             'message': f"{user['username']} joined the chat", 'active_users': users},
             to=room_of(show_id), include_self=False)


@socketio.on('leave_show')
def on_leave_show(payload):
    connection = connections[request.sid]
    show_id = read_show_id(payload)
    if show_id in connection['shows']:
        depart(request.sid, connection, show_id)


@socketio.on('send_message')
def on_send_message(payload):
    connection = connections[request.sid]
    show_id = read_show_id(payload)
    text = payload.get('message') if isinstance(payload, dict) else None
    if show_id is None or not isinstance(text, str) or not text.strip():
        return send_error('Missing show_id or message', 'send_message needs a numeric show_id and a non-empty message')
    if len(text) > MAX_MESSAGE_LENGTH:
        return send_error('Message too long', f'at most {MAX_MESSAGE_LENGTH} characters')
    if not store.show_exists(show_id):
        return send_error('Show not found', f'no show {show_id}')
    if show_id not in connection['shows']:
        return send_error('Not in show chat room', f'join show {show_id} first')
    message = store.add_message(show_id, connection['user'], text)
    emit('new_message', message, to=room_of(show_id))


@socketio.on('typing')
def on_typing(payload):
    connection = connections[request.sid]
    show_id = read_show_id(payload)
    is_typing = payload.get('is_typing') if isinstance(payload, dict) else None
    # Typing outside a joined show, or without a boolean, is dropped: an indicator is not worth an error.
    if show_id not in connection['shows'] or not isinstance(is_typing, bool):
        return
    user = connection['user']
    emit('user_typing', {'user_id': user['id'], 'username': user['username'], 'is_typing': is_typing},
         to=room_of(show_id), include_self=False)


@socketio.on('get_active_users')
def on_get_active_users(payload):
    show_id = read_show_id(payload)
    if show_id is None:
        return send_error('Missing show_id or message', 'get_active_users needs a numeric show_id')
    if not store.show_exists(show_id):
        return send_error('Show not found', f'no show {show_id}')
    users = active_users(show_id)
    emit('active_users', {'show_id': show_id, 'active_users': users, 'count': len(users)})


if __name__ == '__main__':
    serve(app, options.port, on_exit=store.close)
