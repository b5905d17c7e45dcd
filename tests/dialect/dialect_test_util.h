// Helpers shared by the dialect tests: load a preset, build requests, and
// unwrap decoded signals with a test failure (not a crash) on a mismatch.
#pragma once

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

#include "dialect/dialect.h"

namespace chatwire::dialect::test {

using json_util::Json;

/// A preset that must load; a broken preset ends the test binary at once
/// with the loader's message, since nothing after it could run.
inline Dialect must_load_preset(std::string_view name) {
  auto loaded = Dialect::preset(name);
  if (!loaded) {
    std::fprintf(stderr, "preset %.*s does not load: %s: %s\n", static_cast<int>(name.size()), name.data(),
                 loaded.error().field.c_str(), loaded.error().message.c_str());
    std::abort();
  }
  return std::move(loaded).value();
}

/// A document that must load (same policy as above).
inline Dialect must_load(std::string_view text) {
  auto loaded = Dialect::load(text);
  if (!loaded) {
    std::fprintf(stderr, "document does not load: %s: %s\n", loaded.error().field.c_str(),
                 loaded.error().message.c_str());
    std::abort();
  }
  return std::move(loaded).value();
}

/// The args array of an event whose single payload is `payload_json`.
inline Json one_arg(std::string_view payload_json) { return Json::array({Json::parse(payload_json)}); }

inline chat::Request request(chat::Operation op, std::string room) {
  chat::Request out;
  out.op = op;
  out.room = std::move(room);
  return out;
}

inline chat::Request send_request(std::string room, std::string client_id, std::string text) {
  chat::Request out = request(chat::Operation::kSend, std::move(room));
  out.client_id = std::move(client_id);
  out.text = std::move(text);
  return out;
}

/// Encodes and checks event name, args (one payload, or none when
/// `payload_json` is empty) and wants_ack.
inline void expect_emit(const Dialect& dialect, const chat::Request& req, const chat::User& self,
                        std::string_view event, std::string_view payload_json, bool wants_ack) {
  auto out = dialect.encode(req, self);
  ASSERT_TRUE(out.ok()) << out.error().message;
  EXPECT_EQ(out->event, event);
  EXPECT_EQ(out->args, payload_json.empty() ? Json::array() : one_arg(payload_json));
  EXPECT_EQ(out->wants_ack, wants_ack);
}

/// The signal of kind S in `decoded`, or a default S after a test failure.
template <class S>
S signal_as(const Decoded& decoded) {
  if (const auto* malformed = std::get_if<MalformedEvent>(&decoded)) {
    ADD_FAILURE() << "malformed: " << malformed->message;
    return S{};
  }
  const auto* signal = std::get_if<chat::Signal>(&decoded);
  if (signal == nullptr) {
    ADD_FAILURE() << "unknown event";
    return S{};
  }
  const auto* typed = std::get_if<S>(signal);
  if (typed == nullptr) {
    ADD_FAILURE() << "another signal kind (index " << signal->index() << ")";
    return S{};
  }
  return *typed;
}

/// The MalformedEvent message, or "" after a test failure.
inline std::string malformed_message(const Decoded& decoded) {
  if (const auto* malformed = std::get_if<MalformedEvent>(&decoded)) return malformed->message;
  ADD_FAILURE() << "expected a MalformedEvent";
  return "";
}

inline bool is_ignored(const Decoded& decoded) {
  const auto* signal = std::get_if<chat::Signal>(&decoded);
  return signal != nullptr && std::holds_alternative<chat::IgnoredSignal>(*signal);
}

inline bool is_unknown(const Decoded& decoded) { return std::holds_alternative<UnknownEvent>(decoded); }

inline chat::Message message(std::string id, std::string room, chat::User author, std::string text,
                             std::int64_t created_at_ms) {
  chat::Message out;
  out.id = std::move(id);
  out.room = std::move(room);
  out.author = std::move(author);
  out.text = std::move(text);
  out.created_at_ms = created_at_ms;
  out.status = chat::MessageStatus::kSent;
  return out;
}

}  // namespace chatwire::dialect::test
