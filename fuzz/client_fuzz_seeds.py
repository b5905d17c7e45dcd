#!/usr/bin/env python3
"""Writes the seed inputs of client_fuzz into fuzz/corpus/client_fuzz/.

A client_fuzz input is a script read with libFuzzer's FuzzedDataProvider:
strings come from the front of the input, integers from the back. Script
below emulates that layout, one method per harness operation, reading in
the same order as fuzz/client_fuzz/ (harness.cpp picks each operation;
fake_server.cpp, payload_generator.cpp and user_commands.cpp read what
follows). When the harness changes how it reads an operation, change it
here too and run this again (check the seeds with CLIENT_FUZZ_TRACE=1
build-fuzz/fuzz/client_fuzz <seed>).

    python3 fuzz/client_fuzz_seeds.py
"""
import os

PRESETS = ["chatwire", "flask-rooms", "flask-shows", "nest-conversations",
           "express-conversations", "flask-multiroom"]
ROOMS = ["1", "2", "lobby", "x", "y"]
TEXTS = ["hello", "hi", "   ", "", "h\u00e9llo \U0001F600", "m1"]
OPS = {name: i for i, name in enumerate([
    "shaped_event", "generic_event", "burst", "own_echo", "smart_ack", "fuzzed_ack",
    "raw_frame", "binary_frame", "session_frame", "join", "leave", "send", "retry",
    "cancel", "typing", "stop_typing", "mark_read", "set_active", "load_older",
    "refresh_members", "transport_closed", "serve", "transport_opened", "disconnect",
    "connect", "offline", "online", "advance", "edit", "delete", "react", "jump_to",
    "jump_to_latest", "load_newer"])}
# kEventShapes in fuzz/client_fuzz/vocabulary.cpp: the index of each preset's events.
EVENTS = {
    "chatwire": ["message", "typing", "member_joined", "member_left", "presence", "read", "error",
                 "message_updated"],
    "flask-rooms": ["connection_response", "message", "user_joined", "user_typing", "message_history"],
    "flask-shows": ["connected", "message_history", "active_users", "user_joined", "user_left",
                    "new_message", "user_typing", "error"],
    "nest-conversations": ["message", "userOnline", "userOffline", "typing", "messageRead"],
    "express-conversations": ["newMessage", "typing"],
    "flask-multiroom": ["status", "rooms_list", "room_joined", "new_message", "user_joined",
                        "user_left", "user_typing", "error"],
}
USER_IDS = ["u1", "u2", "u3", "Ada", "Grace", ""]
SCALES = [50, 1000, 10000, 70000]


class Script:
    def __init__(self, preset):
        self.preset = preset
        self.front = bytearray()  # strings, in the order read
        self.back = bytearray()   # integers' bytes, in the order read (from the end)

    # ---- FuzzedDataProvider primitives ---------------------------------------
    def integer(self, lo, hi, value):
        assert lo <= value <= hi, (lo, value, hi)
        span, offset, size = hi - lo, value - lo, 0
        while size * 8 < 64 and (span >> (size * 8)) > 0:
            size += 1
        self.back += offset.to_bytes(size, "big") if size else b""

    def pick(self, n, value):
        self.integer(0, n - 1, value)

    def boolean(self, value):
        self.back.append(1 if value else 0)

    def string(self, text, max_length):
        data = text.encode() if isinstance(text, str) else text
        assert len(data) <= max_length
        self.front += data.replace(b"\\", b"\\\\")
        if len(data) < max_length:
            self.front += b"\\x"  # a backslash before any other byte ends the string

    def bytes(self):
        return bytes([PRESETS.index(self.preset)]) + bytes(self.front) + bytes(reversed(self.back))

    # ---- harness reads -------------------------------------------------------
    def op(self, name):
        self.pick(len(OPS), OPS[name])

    def room(self, name):
        if name in ROOMS:
            self.pick(7, 0)
            self.pick(len(ROOMS), ROOMS.index(name))
        else:
            self.pick(7, 4)
            self.string(name, 12)

    def text(self, text):
        if text in TEXTS:
            self.pick(7, 0)
            self.pick(6, TEXTS.index(text))
        else:
            self.pick(7, 2)
            self.string(text, 64)

    # ---- operations ------------------------------------------------------------
    def join(self, room):
        self.op("join")
        self.room(room)

    def leave(self, room):
        self.op("leave")
        self.room(room)

    def send(self, room, text="hello"):
        self.op("send")
        self.room(room)
        self.text(text)

    def room_command(self, name, room):
        self.op(name)  # typing, stop_typing, mark_read, refresh_members
        self.room(room)

    def set_active(self, room, active):
        self.op("set_active")
        self.room(room)
        self.boolean(active)

    def load_older(self, room, count=0):
        self.op("load_older")
        self.room(room)
        self.integer(0, 120, count)

    def load_newer(self, room, count=0):
        self.op("load_newer")
        self.room(room)
        self.integer(0, 120, count)

    def jump_to(self, room, seq):
        """jumpTo message "m<seq>" of `room` (the ids the fake server gives)."""
        self.op("jump_to")
        self.room(room)
        self.pick(4, 1)
        self.pick(60, seq)

    def ack_around(self, back=0, count=10, has_older=True, has_newer=True):
        self.ack_history(back, count, has_more=has_older or has_newer)
        self.boolean(has_older)
        self.boolean(has_newer)

    def recent_client_id(self, name, back=0):
        self.op(name)  # retry, cancel
        self.pick(4, 1)
        self.pick(8, back)

    def simple(self, name):
        self.op(name)  # serve, transport_closed, disconnect, connect, offline, online, ...

    def advance(self, ms):
        self.op("advance")
        scale = next(i for i, s in enumerate(SCALES) if ms <= s)
        self.pick(4, scale)
        self.integer(0, SCALES[scale], ms)

    def burst(self, room, count, own=False):
        self.op("burst")
        self.pick(len(ROOMS), ROOMS.index(room))
        self.pick(30, count - 1)
        self.pick(4, 0 if own else 1)

    def own_echo(self, back=0, with_client_id=True):
        self.op("own_echo")
        self.pick(8, back)
        self.pick(4, 1 if with_client_id else 0)

    def ack_join(self, back=0, last=30, count=25, has_more=True, read_seq=0, own=()):
        self.op("smart_ack")
        self.pick(16, back)
        self.pick(5, 1)
        self.integer(0, 59, last)
        self.integer(0, 25, count)
        self.pick(3, 1)  # the second member
        for i in range(count):
            self.pick(6, 0 if i in own else 1)
        self.boolean(has_more)
        self.integer(0, 39, read_seq)

    def ack_send(self, back=0):
        self.op("smart_ack")
        self.pick(16, back)
        self.pick(5, 1)

    def ack_history(self, back=0, count=10, has_more=True):
        self.op("smart_ack")
        self.pick(16, back)
        self.pick(5, 1)
        self.integer(0, 25, count)
        for _ in range(count):
            self.pick(6, 1)
        self.boolean(has_more)

    def ack_members(self, back=0):
        self.op("smart_ack")
        self.pick(16, back)
        self.pick(5, 1)
        self.pick(3, 2)

    def ack_refused(self, back=0, code=1):
        self.op("smart_ack")
        self.pick(16, back)
        self.pick(5, 0)
        self.pick(12, code)
        self.pick(2, 1)

    def change(self, name, room, seq, text=None, emoji=0, on=True):
        """edit, delete or react of message "m<seq>" of `room` (the ids the fake server gives)."""
        self.op(name)
        self.room(room)
        self.pick(4, 1)
        self.pick(60, seq)
        if name == "edit":
            self.text(text)
        if name == "react":
            self.pick(7, emoji)  # kEmoji
            self.boolean(on)

    def ack_change(self, back=0, seq=1, version=2, deleted=False):
        self.op("smart_ack")
        self.pick(16, back)
        self.pick(5, 1)
        self.pick(40, seq - 1)
        self.pick(8, version - 1)
        if not deleted:
            self.pick(8, 1)  # reactions: a list...
            self.pick(4, 0)  # ...of none

    def session_frame(self, which):
        self.op("session_frame")
        self.pick(9, which)  # 0 handshake, 2 "41", 3 CONNECT_ERROR, 4 ping, 5 close, 7 binary

    def raw_frame(self, text):
        self.op("raw_frame")
        self.string(text, 300)

    # Typed field values, for the shapes the seeds use. Each returns after
    # reading exactly what PayloadGenerator::typed reads for that key.
    def typed(self, key, value):
        if key in ("room", "show_id", "conversationId"):
            if value in ROOMS:
                self.pick(8, 0)
                self.pick(len(ROOMS), ROOMS.index(value))
            else:
                self.pick(8, 4)
                self.pick(4, int(value))
        elif key in ("author", "user", "sender"):
            self.pick(6, 1)
            self.pick(len(USER_IDS), USER_IDS.index(value))
        elif key in ("user_id", "userId", "senderId"):
            if isinstance(value, int):
                self.pick(5, 2)
                self.pick(4, value)
            else:
                self.pick(5, 0)
                self.pick(len(USER_IDS), USER_IDS.index(value))
        elif key in ("name", "username"):
            names = ["Ada", "Grace", "Linus", "u1", "u2", ""]
            self.pick(4, 0)
            self.pick(len(names), names.index(value))
        elif key == "state":
            self.pick(3, 0 if value == "start" else 1)
        elif key == "ttlMs":
            self.pick(4, 1)
            self.pick(4, value // 3000)
        elif key in ("online", "is_typing", "isTyping", "ok", "hasMore", "is_edited", "isRead"):
            self.pick(8, 1)
            self.boolean(value)
        elif key == "seq":
            self.pick(5, 1)
            self.pick(30, value)
        elif key in ("id", "messageId", "sid"):
            self.pick(7, 1)
            self.pick(6, value)
        elif key in ("text", "content", "msg", "details", "data", "message"):
            if key == "message":
                self.pick(3, 1)  # a string, not a Message object
            self.pick(6, 0)
            self.pick(6, TEXTS.index(value))
        elif key in ("count", "limit"):
            self.pick(120, value)
        elif key == "code":
            self.pick(9, value)
        elif key == "messages":
            room, count, first = value  # many valid messages
            self.pick(4, 0)
            self.pick(len(ROOMS), ROOMS.index(room))
            self.pick(45, count)
            self.pick(30, first - 1)
        elif key in ("members", "active_users"):
            self.pick(6, len(value))
            for member in value:  # canonical members: 0 the user, 1 Grace, 2 Linus
                self.pick(4, 0)
                self.pick(3, member)
        else:
            raise ValueError(key)

    def event(self, name, **fields):
        """A shaped event of the preset; `fields` gives every field's value, in shape order."""
        self.op("shaped_event")
        events = EVENTS[self.preset]
        self.pick(len(events), events.index(name))
        for key, value in fields.items():
            self.pick(16, 3)  # typed
            self.typed(key.rstrip("_"), value)
        self.pick(8, 1)  # no extra field
        self.pick(8, 1)  # no extra argument
        self.pick(6, 2)  # plain "42[...]"


def connected(preset):
    return Script(preset)  # the harness connects before the script starts


def seeds():
    out = {}

    s = connected("chatwire")
    s.join("1")
    s.ack_join(count=25, has_more=True, read_seq=12, own=(3,))
    s.send("1", "hello")
    s.ack_send()
    s.event("typing", room="1", user="u2", state="start", ttlMs=6000)
    s.send("1", "hi")
    s.own_echo()
    s.room_command("mark_read", "1")
    s.advance(7000)
    out["chatwire_join_send_typing"] = s

    s = connected("chatwire")
    s.join("lobby")
    s.ack_join(last=40, count=20, has_more=True)
    s.load_older("lobby", 10)
    s.ack_history(count=10, has_more=True)
    s.load_older("lobby", 0)
    s.ack_history(count=10, has_more=False)
    s.set_active("lobby", True)
    s.burst("lobby", 25)
    s.room_command("refresh_members", "lobby")
    s.ack_members()
    out["chatwire_history_paging"] = s

    s = connected("chatwire")
    s.join("1")
    s.ack_join(last=30, count=5, has_more=False, own=(2,))  # m26..m30, m28 the user's
    s.change("edit", "1", 28, text="hi")
    s.ack_change(seq=28, version=2)
    s.change("react", "1", 29, emoji=1, on=True)
    s.ack_change(seq=29, version=3)
    s.change("react", "1", 29, emoji=1, on=False)
    s.simple("disconnect")  # the unset waits for the next connection
    s.simple("connect")
    s.simple("serve")
    s.ack_join(last=30, count=0, has_more=False)
    s.ack_change(seq=29, version=1)  # older than what the first ack gave
    s.change("delete", "1", 28)
    s.ack_change(seq=28, version=3, deleted=True)
    s.change("edit", "1", 28, text="hello")  # a deleted message: refused at once
    out["chatwire_edit_react_delete"] = s

    s = connected("chatwire")
    s.join("lobby")
    s.ack_join(last=50, count=10, has_more=True)  # m41..m50
    s.jump_to("lobby", 12)
    s.ack_around(count=10)  # m7..m16: a window
    s.burst("lobby", 1)  # a live message while detached
    s.load_older("lobby", 5)
    s.ack_history(count=5, has_more=True)
    s.load_newer("lobby", 10)
    s.ack_history(count=10, has_more=True)
    s.simple("transport_closed")
    s.advance(6000)
    s.simple("serve")
    s.ack_join(last=51, count=1, has_more=False)
    s.load_newer("lobby", 25)
    s.ack_history(count=25, has_more=True)  # meets the latest
    s.jump_to("lobby", 3)
    s.ack_around(count=6, has_older=False)
    s.send("lobby", "back")
    s.jump_to("lobby", 20)
    s.op("jump_to_latest")
    s.room("lobby")
    out["chatwire_jump_window"] = s

    s = connected("chatwire")
    s.join("1")
    s.join("2")
    s.ack_join(back=1, count=5, has_more=False)
    s.ack_join(back=0, count=3, has_more=False)
    s.send("1", "hello")
    s.send("2", "hi")
    s.simple("transport_closed")
    s.send("1", "m1")
    s.advance(6000)
    s.simple("serve")
    s.ack_join(back=1, count=4, has_more=True)
    s.ack_send(back=0)
    s.own_echo(back=1)
    s.advance(50)
    out["chatwire_reconnect_resume"] = s

    s = connected("chatwire")
    s.join("1")
    s.ack_refused(code=6)
    s.join("1")
    s.ack_join(count=2, has_more=False)
    for _ in range(6):
        s.send("1", "hello")
    s.ack_refused(back=1, code=5)
    s.recent_client_id("retry", back=4)
    s.recent_client_id("cancel", back=0)
    s.advance(3500)
    s.event("error", code=5, message="hello")
    s.event("presence", user="u2", online=False)
    s.event("read", room="1", user="u1", seq=2)
    out["chatwire_refusals_retry_cancel"] = s

    s = connected("chatwire")
    for room in ROOMS[:4]:
        s.join(room)
    s.join("y")
    s.leave("2")
    s.join("y")
    s.set_active("x", True)
    s.simple("disconnect")
    s.send("1", "hi")
    s.simple("offline")
    s.simple("connect")
    s.simple("online")
    s.advance(1000)
    s.simple("serve")
    s.event("member_joined", room="x", user="u3")
    s.event("member_left", room="x", user="u3")
    out["chatwire_rooms_disconnect"] = s

    s = connected("flask-rooms")
    s.join("lobby")
    s.event("message_history", room="lobby", messages=("lobby", 24, 1))
    s.send("lobby", "hello")
    s.own_echo(with_client_id=False)
    s.event("user_typing", username="Grace", is_typing=True)
    s.event("user_joined", username="Linus", room="lobby")
    s.burst("lobby", 22)
    s.advance(7000)
    out["flask_rooms_history_echo"] = s

    s = connected("flask-shows")
    s.join("1")
    s.event("message_history", messages=("1", 21, 1))
    s.event("active_users", show_id=1, active_users=[0, 1, 2], count=3)
    s.send("1", "hi")
    s.own_echo(with_client_id=False)
    s.event("user_typing", user_id=2, username="Grace", is_typing=True)
    s.join("lobby")  # not a number: the join cannot be encoded
    s.room_command("refresh_members", "1")
    s.advance(11000)
    out["flask_shows_members_typing"] = s

    s = connected("nest-conversations")
    s.join("x")
    s.burst("x", 23)
    s.room_command("mark_read", "x")
    s.send("x", "hello")
    s.own_echo(with_client_id=False)
    s.event("typing", userId="u2", isTyping=True)
    s.event("userOffline", userId="u2")
    s.event("messageRead", messageId=3)
    s.room_command("typing", "x")
    s.advance(2500)
    out["nest_receipts_presence"] = s

    s = connected("express-conversations")
    s.join("2")
    s.room_command("typing", "2")
    s.advance(1000)
    s.room_command("typing", "2")
    s.send("2", "hello")
    s.advance(3000)
    s.send("2", "hi")
    s.own_echo(with_client_id=False)
    s.event("typing", userId="u3", isTyping=True)
    s.burst("2", 21)
    s.advance(60000)
    out["express_typing_send_timeout"] = s

    s = connected("flask-multiroom")
    s.join("lobby")
    s.join("2")
    s.event("room_joined", room="lobby", messages=("lobby", 12, 1))
    s.event("room_joined", room="2", messages=("2", 22, 5))
    s.event("user_joined", room="2", user_id=3, username="Linus")
    s.event("user_typing", room="2", user_id=3, username="Linus", is_typing=True)
    s.send("2", "hello")
    s.own_echo(with_client_id=False)
    s.leave("lobby")
    s.set_active("2", True)
    s.burst("2", 5)
    s.session_frame(2)  # the server ends the session
    s.advance(1000)
    s.simple("serve")
    out["flask_multiroom_rooms"] = s

    s = connected("chatwire")
    s.session_frame(3)  # CONNECT_ERROR while connected
    s.raw_frame('42["message",{"id":"m1","room":"1","seq":1e400,"text":"\\ud800"}]')
    s.raw_frame('43999[{"ok":true}]')
    s.raw_frame('42["typing",{"room":"1","user":{"id":"u1"},"state":"start","ttlMs":9223372036854775807}]')
    s.session_frame(7)
    s.op("binary_frame")
    s.string(b"\x00\xff", 16)
    s.session_frame(4)
    s.advance(70000)
    out["chatwire_odd_frames"] = s
    return out


def write(target, scripts):
    """Writes each script of `scripts` (name -> Script) to fuzz/corpus/<target>/<name>."""
    folder = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus", target)
    os.makedirs(folder, exist_ok=True)
    for name, script in scripts.items():
        with open(os.path.join(folder, name), "wb") as f:
            f.write(script.bytes())


def main():
    write("client_fuzz", seeds())


if __name__ == "__main__":
    main()
