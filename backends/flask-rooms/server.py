"""Test server for seed 000 (flask-rooms): Flask + Flask-SocketIO, everything in memory.

Usage: /usr/bin/python3 server.py [--port N] [--data-dir DIR]

The seed keeps users, rooms and messages in memory, so --data-dir is accepted (every test server
takes it) and ignored: a restart forgets the history, as the seed's does. The payload fields the
seed leaves unnamed are read as the flask-rooms preset says (src/dialect/presets.cpp).
"""
import eventlet

eventlet.monkey_patch()

import sys  # noqa: E402
import uuid  # noqa: E402
from collections import defaultdict, deque  # noqa: E402
from datetime import datetime  # noqa: E402
from pathlib import Path  # noqa: E402

from flask import Flask, request  # noqa: E402
from flask_socketio import SocketIO, emit, join_room, leave_room  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / 'lib'))
from flask_runner import parse_options, serve  # noqa: E402

# Bounds the seed does not have, so a test (or a fuzzing client) cannot grow the process without end.
MAX_MESSAGES_PER_ROOM = 500
MAX_MESSAGE_LENGTH = 4000
MAX_NAME_LENGTH = 100

app = Flask(__name__)
socketio = SocketIO(app, async_mode='eventlet', cors_allowed_origins='*')

history = defaultdict(lambda: deque(maxlen=MAX_MESSAGES_PER_ROOM))  # room -> messages, oldest first
connections = {}  # sid -> {'username', 'room'}: the seed tracks one room per connection


def text_field(payload, key, max_length):
    """payload[key] when payload is a dict and the value a non-blank string within max_length, else None."""
    value = payload.get(key) if isinstance(payload, dict) else None
    if not isinstance(value, str) or not value.strip() or len(value) > max_length:
        return None
    return value


@socketio.on('connect')
def on_connect():
    emit('connection_response', {'data': 'Connected'})


@socketio.on('disconnect')
def on_disconnect():
    connections.pop(request.sid, None)


@socketio.on('join')
def on_join(payload):
    username = text_field(payload, 'username', MAX_NAME_LENGTH)
    room = text_field(payload, 'room', MAX_NAME_LENGTH)
    if username is None or room is None:
        return  # the seed has no error event
    current = connections.get(request.sid)
    if current and current['room'] != room:
        leave_room(current['room'])
    join_room(room)
    connections[request.sid] = {'username': username, 'room': room}
    emit('user_joined', {'username': username, 'room': room}, to=room)


@socketio.on('message')
def on_message(payload):
    current = connections.get(request.sid)
    text = text_field(payload, 'message', MAX_MESSAGE_LENGTH)
    if current is None or text is None:
        return
    message = {
        'id': str(uuid.uuid4()),
        'username': current['username'],
        'message': text,
        'room': current['room'],
        'timestamp': datetime.utcnow().isoformat(),
    }
    history[current['room']].append(message)
    emit('message', message, to=current['room'])


@socketio.on('typing')
def on_typing(payload):
    current = connections.get(request.sid)
    if current is None or not isinstance(payload, dict) or not isinstance(payload.get('is_typing'), bool):
        return
    emit('user_typing', {'username': current['username'], 'is_typing': payload['is_typing']},
         to=current['room'], include_self=False)


@socketio.on('get_messages')
def on_get_messages(payload):
    room = text_field(payload, 'room', MAX_NAME_LENGTH)
    if room is None:
        return
    emit('message_history', {'room': room, 'messages': list(history.get(room, ()))})


if __name__ == '__main__':
    options = parse_options('Test server for seed 000 (flask-rooms), in memory.')
    serve(app, options.port)
