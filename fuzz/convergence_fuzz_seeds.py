#!/usr/bin/env python3
"""Writes the seed inputs of convergence_fuzz into fuzz/corpus/convergence_fuzz/.

A convergence_fuzz input is a script read with libFuzzer's
FuzzedDataProvider, one operation after another as
fuzz/convergence_fuzz/script.cpp reads them; the byte layout comes from
client_fuzz_seeds.py's emulation of the provider. When script.cpp changes
how it reads an operation, change it here too and run this again (check the
seeds with CLIENT_FUZZ_TRACE=1 build-fuzz/fuzz/convergence_fuzz <seed>).

    python3 fuzz/convergence_fuzz_seeds.py

The found_* files beside them are not written here: they are reproducers of
bugs the target found (fixed since), kept as seeds.
"""
from client_fuzz_seeds import Script as Provider
from client_fuzz_seeds import write

OPS = {name: i for i, name in enumerate([
    "send", "edit", "delete", "react", "deliver", "advance", "cut", "restore", "send_order",
    "fault", "release", "retry"])}
TEXTS = ["hello", "hi", "same here", "h\u00e9llo \U0001F600", "long"]
EMOJI = ["thumbs", "heart", "smile"]
FAULTS = ["hold", "lose_ack", "lose_request"]
FAULT_EVENTS = ["send", "edit", "delete", "react", "join", "changes"]
SCALES = [50, 1000, 5000, 20000]
ADA, GRACE = False, True


class Script(Provider):
    """The operations of script.cpp. `which` chooses among the messages a
    command may take (choose()): the index among them, in the room's order."""

    def __init__(self):
        super().__init__(preset=None)

    def bytes(self):
        return bytes(self.front) + bytes(reversed(self.back))

    def op(self, name, grace):
        self.pick(len(OPS), OPS[name])
        self.boolean(grace)

    def choose(self, which):
        self.integer(0, 255, which)

    def send(self, grace, text="hello", reply_to=None):
        self.op("send", grace)
        self.pick(len(TEXTS), TEXTS.index(text))
        self.boolean(reply_to is not None)
        if reply_to is not None:
            self.choose(reply_to)

    def edit(self, grace, which, text="hi"):
        self.op("edit", grace)
        self.choose(which)
        self.pick(len(TEXTS), TEXTS.index(text))

    def delete(self, grace, which):
        self.op("delete", grace)
        self.choose(which)

    def react(self, grace, which, emoji="thumbs", on=True):
        self.op("react", grace)
        self.choose(which)
        self.pick(len(EMOJI), EMOJI.index(emoji))
        self.boolean(on)

    def retry(self, grace, which=0):
        self.op("retry", grace)
        self.choose(which)

    def fault(self, grace, kind, event):
        self.op("fault", grace)
        self.pick(len(FAULTS), FAULTS.index(kind))
        self.pick(len(FAULT_EVENTS), FAULT_EVENTS.index(event))

    def simple(self, name, grace=ADA):
        self.op(name, grace)  # deliver, cut, restore, send_order, release

    def deliver_both(self, grace_first=False):
        self.simple("deliver", grace_first)
        self.simple("deliver", not grace_first)

    def advance(self, ms):
        self.op("advance", ADA)
        scale = next(i for i, s in enumerate(SCALES) if ms <= s)
        self.pick(len(SCALES), scale)
        self.integer(0, SCALES[scale], ms)


def seeds():
    out = {}

    # One change of each kind, each delivered to both before the next.
    s = Script()
    s.send(ADA, "hello")
    s.deliver_both()
    s.send(GRACE, "same here", reply_to=0)
    s.deliver_both(grace_first=True)
    s.edit(ADA, 0, "long")  # the reply's preview follows, cut at 100 code points
    s.react(GRACE, 0, "thumbs")
    s.react(ADA, 0, "thumbs")
    s.deliver_both()
    s.simple("deliver", GRACE)
    s.react(ADA, 1, "heart")
    s.delete(ADA, 0)  # the reply's preview becomes a tombstone's
    s.deliver_both()
    s.advance(1000)
    out["changes_one_by_one"] = s

    # Both users at once: sends, reactions with the same emoji, an unset
    # before the set it undoes was delivered, acks before echoes for Grace.
    s = Script()
    s.simple("send_order", GRACE)
    s.send(ADA, "hello")
    s.send(GRACE, "hi")
    s.deliver_both(grace_first=True)
    s.deliver_both()
    s.react(ADA, 1, "smile")
    s.react(GRACE, 1, "smile")
    s.react(GRACE, 1, "smile", on=False)
    s.edit(GRACE, 0, "same here")
    s.react(GRACE, 0, "smile")
    s.simple("deliver", GRACE)
    s.simple("deliver", ADA)
    s.delete(GRACE, 0)
    s.advance(50)
    s.deliver_both()
    out["concurrent_same_emoji"] = s

    # A cut with work in flight: Ada's send, an edit of it still pending, and
    # Grace's reaction to it that Ada's connection never hears of.
    s = Script()
    s.send(ADA, "hello")
    s.simple("deliver", ADA)
    s.simple("deliver", GRACE)
    s.send(ADA, "hi")
    s.edit(ADA, 1, "same here")  # rewrites the send not handed over yet
    s.react(GRACE, 0, "heart")
    s.simple("deliver", GRACE)
    s.simple("cut", ADA)
    s.edit(ADA, 0, "h\u00e9llo \U0001F600")
    s.delete(ADA, 1)
    s.advance(5000)
    s.react(GRACE, 0, "heart", on=False)
    s.simple("deliver", GRACE)
    s.simple("restore", ADA)
    s.advance(5000)
    s.deliver_both()
    out["cut_with_work_in_flight"] = s

    # The server's faults: a held edit ack released after Grace's reaction,
    # a lost send ack (the send fails, is retried, and is found stored), a
    # lost react request (rolled back after the timeout), a held join ack
    # across a reconnect of Grace.
    s = Script()
    s.send(ADA, "hello")
    s.deliver_both()
    s.fault(ADA, "hold", "edit")
    s.edit(ADA, 0, "hi")
    s.simple("deliver", ADA)
    s.react(GRACE, 0, "thumbs")
    s.simple("deliver", GRACE)
    s.simple("release", ADA)
    s.fault(GRACE, "lose_ack", "send")
    s.send(GRACE, "same here", reply_to=0)
    s.simple("deliver", GRACE)
    s.advance(20000)
    s.simple("release", GRACE)
    s.retry(GRACE)
    s.fault(ADA, "lose_request", "react")
    s.react(ADA, 1, "smile")
    s.deliver_both()
    s.advance(20000)
    s.fault(GRACE, "hold", "join")
    s.simple("cut", GRACE)
    s.simple("restore", GRACE)
    s.edit(ADA, 0, "long")
    s.advance(5000)
    s.deliver_both()
    out["server_faults"] = s
    return out


def main():
    write("convergence_fuzz", seeds())


if __name__ == "__main__":
    main()
