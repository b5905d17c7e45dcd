// A ChatModel under a fake clock, with the test playing the server at the
// semantic level: it reads the Requests the model issues and answers with
// Responses and Signals. Dialects and frames are not involved (ClientPair
// covers those); this is where each chat rule is pinned down.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "chat/chat_model.h"

namespace chatwire::testing {

/// What the native protocol offers (acks, idempotent sends, seqs, resume).
chat::Capabilities native_caps();
/// What a seed backend like flask-shows offers: joins answered by history,
/// sends confirmed by their echo, no seqs, no resume, typing with a stop.
chat::Capabilities echo_caps();

chat::ChatConfig chat_config(chat::Capabilities caps);

/// A message from someone else, as a server would send it.
chat::Message remote_message(const std::string& room, const std::string& id, const std::string& author,
                             const std::string& text, std::int64_t created_at_ms,
                             std::optional<std::int64_t> seq = std::nullopt);

/// Messages "m<from>" to "m<to>" of `room` from user u2, each with text "text <n>",
/// seq n and created_at 1000 + n, oldest first: a page of history.
std::vector<chat::Message> numbered_messages(const std::string& room, int from, int to);

/// The seqs of a store's messages, in order (-1 for a message without one).
std::vector<std::int64_t> seqs_of(const chat::MessageStore& store);
/// first, first + 1, ..., last.
std::vector<std::int64_t> seqs_between(std::int64_t first, std::int64_t last);

/// A refusal from the server, as an ack says it.
chat::Response refused_ack(const std::string& code, const std::string& message);

class ChatHarness {
 public:
  explicit ChatHarness(chat::Capabilities caps = native_caps());
  explicit ChatHarness(chat::ChatConfig config);

  std::unique_ptr<chat::ChatModel> model;
  std::int64_t now = 0;
  std::vector<chat::Request> requests;  // every request issued, in order
  std::vector<chat::ChatEvent> events;  // every event, in order

  /// Collects the model's requests and events.
  void pump();
  /// connected() and pump.
  void connect();
  /// connection_lost() and pump.
  void drop();
  /// Fires every model deadline up to `until_ms`, then sets the clock there.
  void advance_to(std::int64_t until_ms);
  void advance_by(std::int64_t ms) { advance_to(now + ms); }

  /// The requests of one operation, in order.
  [[nodiscard]] std::vector<chat::Request> of(chat::Operation op) const;
  /// The last request of `op` (a test failure if there is none).
  [[nodiscard]] chat::Request last(chat::Operation op) const;
  /// Answers the last request of `op` with `response`, and pumps.
  void answer(chat::Operation op, chat::Response response);
  /// join() + connect if needed + answer the join with an ok and `page`.
  void join_ok(const std::string& room, std::vector<chat::Message> page = {}, std::optional<bool> has_more = false);
  /// A signal from the server, then pump.
  void signal(chat::Signal signal);

  template <class E>
  [[nodiscard]] std::vector<E> events_of() const {
    std::vector<E> out;
    for (const auto& event : events) {
      if (const E* typed = std::get_if<E>(&event)) out.push_back(*typed);
    }
    return out;
  }
  void clear() {
    requests.clear();
    events.clear();
  }

  [[nodiscard]] const chat::Room& room(const std::string& id) const;
  [[nodiscard]] std::vector<std::string> texts(const std::string& id) const;
  [[nodiscard]] std::vector<chat::MessageStatus> statuses(const std::string& id) const;
};

}  // namespace chatwire::testing
