#!/usr/bin/env python3
"""Writes the seeds of dialect_reader_fuzz into fuzz/corpus/dialect_reader_fuzz/.

One well-formed payload per event of each preset (every mapped path gets a
value of its field's kind, filters are met), one ack per preset with every
response field, and a few hostile texts. The presets are read from
src/dialect/preset_documents.h, so run this again when a preset changes.
"""
import json
import os
import re

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "fuzz", "corpus", "dialect_reader_fuzz")

INTS = {"seq", "ttl_ms", "read_seq", "version", "rev"}
BOOLS = {"typing", "online", "has_more", "ok", "deleted", "reply_to_deleted", "changes_more"}
TEXTS = {"text", "details", "error_message", "reply_to_excerpt"}
MESSAGE_SIGNALS = {"message", "message_updated"}


def presets():
    source = open(os.path.join(ROOT, "src", "dialect", "preset_documents.h"), encoding="utf-8").read()
    return [json.loads(text) for text in re.findall(r'R"json\((.*?)\)json"', source, re.S)]


def put(payload, path, value):
    node = payload
    segments = path.split(".")
    for segment in segments[:-1]:
        node = node.setdefault(segment, {})
    node[segments[-1]] = value


def first_path(field):
    paths = field.get("path") if isinstance(field, dict) else field
    return paths[0] if isinstance(paths, list) else paths


def fill(payload, fields, doc, error_signal, n):
    for key, field in fields.items():
        if isinstance(field, dict) and "value" in field:
            continue
        path = first_path(field)
        item = field.get("item") if isinstance(field, dict) else None
        if key == "message" and not error_signal:
            put(payload, path, shape(item or doc["shapes"]["message"], doc, n))
        elif key in ("messages", "changes"):
            put(payload, path, [shape(item or doc["shapes"]["message"], doc, n + i) for i in range(2)])
        elif key == "members":
            put(payload, path, [shape(item or doc["shapes"]["member"], doc, n + i) for i in range(2)])
        elif isinstance(field, dict) and "values" in field:
            put(payload, path, next(iter(field["values"])))
        elif key in INTS:
            put(payload, path, 7 * n)
        elif key in BOOLS:
            put(payload, path, True)
        elif key == "reactions":
            put(payload, path, [{"emoji": "\U0001F44D", "users": ["u1", n]}, {"emoji": "x", "users": []}])
        elif key in ("created_at", "edited_at"):
            put(payload, path, "2024-11-16T20:25:45.123Z" if n % 2 else 1731788130)
        elif key in TEXTS or key == "message":
            put(payload, path, "text %d \u00e9" % n)
        else:
            put(payload, path, n if n % 3 == 0 else "%s-%d" % (key, n))


def shape(spec, doc, n):
    out = {}
    fill(out, spec.get("fields", {}), doc, False, n)
    for path, value in spec.get("filter", {}).items():
        put(out, path, value)
    return out


def write(name, header, args):
    with open(os.path.join(OUT, name), "w", encoding="utf-8") as f:
        f.write(header + "\n" + args)


def main():
    os.makedirs(OUT, exist_ok=True)
    for doc in presets():
        for n, (event, spec) in enumerate(doc["events"].items(), start=1):
            payload = {}
            error_signal = spec["signal"] == "error"
            fill(payload, spec.get("fields", {}), doc, error_signal, n)
            if spec["signal"] in MESSAGE_SIGNALS and "message" not in spec.get("fields", {}):
                payload.update(shape(doc["shapes"]["message"], doc, n))
            for path, value in spec.get("filter", {}).items():
                put(payload, path, value)
            write("%s_%s" % (doc["name"], event), event, json.dumps([payload], ensure_ascii=False))
        if "responses" in doc:
            ack = {}
            fill(ack, doc["responses"]["fields"], doc, False, 1)
            for op in ("join", "send", "history", "members", "edit", "react", "changes"):
                write("%s_ack_%s" % (doc["name"], op), "!" + op, json.dumps([ack], ensure_ascii=False))
    hostile = {
        "hostile_deep": ("message", "[" * 70 + "]" * 70),
        "hostile_lone_surrogate": ("message", '[{"text": "a\\ud83d", "id": 1}]'),
        "hostile_invalid_utf8": ("message", b'[{"text": "\xff"}]'),
        "hostile_huge_numbers": ("message", '[{"id": 18446744073709551616, "seq": -9223372036854775809, "createdAt": 1e308}]'),
        "hostile_overflow": ("message", "[1e400]"),
        "hostile_duplicate_keys": ("message", '[{"author": {"id": 1}, "author": 2, "text": "a", "text": 3}]'),
        "hostile_not_array": ("typing", '{"user": "x"}'),
        "hostile_unknown": ("no_such_event", "[{}]"),
        "hostile_truncated": ("message_history", '[{"messages": [{"id": 1}, {"id"'),
    }
    for name, (header, args) in hostile.items():
        with open(os.path.join(OUT, name), "wb") as f:
            f.write((header + "\n").encode() + (args if isinstance(args, bytes) else args.encode()))


if __name__ == "__main__":
    main()
