"""Test server for seed 004 (flask-multiroom): Flask-SocketIO on eventlet, named rooms, SQL storage.

Usage: /usr/bin/python3 server.py [--port N] [--data-dir DIR]

The seed names its events but no payload fields; they are as the flask-multiroom preset reads
them (src/dialect/presets.cpp). Sockets need the Flask login session (a signed cookie), as the
seed's "All WebSocket connections require valid user session". Storage: store.py, in
DIR/flask-multiroom.sqlite (in memory without --data-dir).
"""
import eventlet

eventlet.monkey_patch()

import os  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

from flask import Flask, jsonify, request, session  # noqa: E402
from flask_socketio import ConnectionRefusedError, SocketIO, emit, join_room, leave_room  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / 'lib'))
from flask_runner import parse_options, serve  # noqa: E402
from persisted_secret import persisted_secret  # noqa: E402
from store import ChatStore  # noqa: E402

MAX_MESSAGE_LENGTH = 2000
MAX_USERNAME_LENGTH = 50


options = parse_options('Test server for seed 004 (flask-multiroom).')
store = ChatStore(os.path.join(options.data_dir, 'flask-multiroom.sqlite') if options.data_dir else ':memory:')

app = Flask(__name__)
# Sessions signed before a restart stay valid after it (the restart scenarios reconnect with them).
app.secret_key = persisted_secret(options.data_dir, 'secret-key', 'FLASK_MULTIROOM_SECRET')
socketio = SocketIO(app, async_mode='eventlet', cors_allowed_origins='*')

connections = {}  # sid -> {'user': {id, username}, 'rooms': set of room names}


def channel(room_name):
    return f'room:{room_name}'


def send_error(message):
    emit('error', {'message': message})


def room_name_of(payload):
    value = payload.get('room') if isinstance(payload, dict) else None
    return value if isinstance(value, str) and value else None


def others_in(room_name, user_id, except_sid):
    return any(c['user']['id'] == user_id and room_name in c['rooms'] for sid, c in connections.items() if sid != except_sid)


# ---- HTTP -------------------------------------------------------------------

@app.route('/login', methods=['POST'])
def login():
    """Test-only sign-in (the seed uses its app's login, e.g. Google): sets the Flask session."""
    body = request.get_json(silent=True)
    username = body.get('username') if isinstance(body, dict) else None
    if not isinstance(username, str) or not username.strip() or len(username.strip()) > MAX_USERNAME_LENGTH:
        return jsonify({'error': f'username must be 1 to {MAX_USERNAME_LENGTH} characters'}), 400
    user = store.user_named(username.strip())
    session['user_id'] = user['id']
    return jsonify({'user': user})


# ---- Socket.IO ----------------------------------------------------------------

@socketio.on('connect')
def on_connect(auth=None):
    user = store.user(session.get('user_id', -1))
    if user is None:
        raise ConnectionRefusedError('Unauthorized')
    connections[request.sid] = {'user': user, 'rooms': set()}
    emit('status', {'msg': f"{user['username']} connected"})
    emit('rooms_list', {'rooms': store.rooms()})


@socketio.on('disconnect')
def on_disconnect():
    connection = connections.pop(request.sid, None)
    if connection is None:
        return
    for room_name in list(connection['rooms']):
        depart(request.sid, connection, room_name)


def depart(sid, connection, room_name):
    """leave_room and disconnect: a 'leave' row, user_left to the others, offline if no other tab is there."""
    user = connection['user']
    connection['rooms'].discard(room_name)
    leave_room(channel(room_name), sid=sid)
    store.add_message(room_name, user, f"{user['username']} left the room", 'leave')
    if not others_in(room_name, user['id'], sid):
        store.set_online(room_name, user['id'], False)
    socketio.emit('user_left', {'room': room_name, 'user_id': user['id'], 'username': user['username']},
                  to=channel(room_name))


@socketio.on('get_rooms')
def on_get_rooms(_payload=None):
    emit('rooms_list', {'rooms': store.rooms()})


@socketio.on('join_room')
def on_join_room(payload):
    connection = connections[request.sid]
    room_name = room_name_of(payload)
    if room_name is None:
        return send_error('Invalid request')
    if store.room_id(room_name) is None:
        return send_error('Room not found')
    user = connection['user']
    first_join = room_name not in connection['rooms']
    if first_join:
        join_room(channel(room_name))
        connection['rooms'].add(room_name)
        store.add_message(room_name, user, f"{user['username']} joined the room", 'join')
        store.set_online(room_name, user['id'], True)
    emit('room_joined', {'room': room_name, 'messages': store.recent_messages(room_name)})
    if first_join:
        emit('user_joined', {'room': room_name, 'user_id': user['id'], 'username': user['username']},
             to=channel(room_name), include_self=False)


@socketio.on('leave_room')
def on_leave_room(payload):
    connection = connections[request.sid]
    room_name = room_name_of(payload)
    if room_name in connection['rooms']:
        depart(request.sid, connection, room_name)


@socketio.on('send_message')
def on_send_message(payload):
    connection = connections[request.sid]
    room_name = room_name_of(payload)
    text = payload.get('message') if isinstance(payload, dict) else None
    if room_name is None or not isinstance(text, str):
        return send_error('Invalid request')
    if not text.strip():
        return send_error('Message cannot be empty')
    if len(text) > MAX_MESSAGE_LENGTH:
        return send_error('Message too long')
    if store.room_id(room_name) is None:
        return send_error('Room not found')
    if room_name not in connection['rooms']:
        return send_error('Not in room')
    # Stored and relayed as written: the seed escapes HTML where it displays messages.
    emit('new_message', store.add_message(room_name, connection['user'], text), to=channel(room_name))


def relay_typing(payload, is_typing):
    connection = connections[request.sid]
    room_name = room_name_of(payload)
    # Outside a joined room the indicator is dropped: not worth an error.
    if room_name not in connection['rooms']:
        return
    user = connection['user']
    emit('user_typing', {'room': room_name, 'user_id': user['id'], 'username': user['username'], 'is_typing': is_typing},
         to=channel(room_name), include_self=False)


@socketio.on('typing_start')
def on_typing_start(payload):
    relay_typing(payload, True)


@socketio.on('typing_stop')
def on_typing_stop(payload):
    relay_typing(payload, False)


if __name__ == '__main__':
    serve(app, options.port, on_exit=store.close)
