// Dialect::read_event and read_response (the plan reader: a SAX pass over
// the argument text, no DOM) give exactly what decode_event and
// decode_response give on the parsed text, for every preset's events, for
// payloads built from each preset's own mappings and for hostile text.
#include <gtest/gtest.h>

#include <limits>
#include <set>

#include "dialect/decoded_text.h"
#include "dialect/dialect_test_util.h"
#include "util/seeded_random.h"

namespace chatwire::dialect {
namespace {

using chat::Operation;
using test::must_load;
using test::must_load_preset;

// The DOM reader's answer on `args_json`, or nullopt when parse() refuses it.
std::optional<std::string> dom_event(const Dialect& dialect, std::string_view event,
                                     std::string_view args_json) {
  json_util::ParseOutcome parsed = json_util::parse(args_json);
  if (!parsed.value) return std::nullopt;
  return to_text(dialect.decode_event(event, *parsed.value));
}

std::optional<std::string> dom_response(const Dialect& dialect, Operation op, std::string_view args_json) {
  json_util::ParseOutcome parsed = json_util::parse(args_json);
  if (!parsed.value) return std::nullopt;
  return to_text(dialect.decode_response(op, *parsed.value));
}

// Both readers accept the same texts and read the same thing from them.
void expect_same_event(const Dialect& dialect, std::string_view event, std::string_view args_json) {
  const std::optional<std::string> dom = dom_event(dialect, event, args_json);
  const Result<Decoded, ArgsError> sax = dialect.read_event(event, args_json);
  ASSERT_EQ(dom.has_value(), sax.ok())
      << dialect.name() << " " << event << " " << args_json << (sax.ok() ? "" : " -> " + sax.error().message);
  if (dom) {
    EXPECT_EQ(to_text(*sax), *dom) << dialect.name() << " " << event << " " << args_json;
  }
}

void expect_same_response(const Dialect& dialect, Operation op, std::string_view args_json) {
  const std::optional<std::string> dom = dom_response(dialect, op, args_json);
  const Result<chat::Response, ArgsError> sax = dialect.read_response(op, args_json);
  ASSERT_EQ(dom.has_value(), sax.ok()) << dialect.name() << " " << chat::to_string(op) << " " << args_json;
  if (dom) {
    EXPECT_EQ(to_text(*sax), *dom) << dialect.name() << " " << chat::to_string(op) << " " << args_json;
  }
}

// ---------------------------------------------------------------------------
// Payloads a preset's server would send, built from the preset's document:
// every mapped path gets a value of its field's kind, and filters are met.

class PayloadBuilder {
 public:
  PayloadBuilder(const Json& document, std::uint64_t seed) : doc_(document), rng_(seed) {}

  Json event(const std::string& name) {
    const Json& spec = doc_["events"][name];
    Json payload = Json::object();
    const std::string signal = spec["signal"].get<std::string>();
    if (spec.contains("fields")) fill(payload, spec["fields"], signal == "error");
    const bool reads_message = signal == "message" || signal == "message_updated";
    if (reads_message && !(spec.contains("fields") && spec["fields"].contains("message"))) {
      fill_shape(payload, doc_["shapes"]["message"]);
    }
    if (spec.contains("filter")) meet(payload, spec["filter"]);
    return payload;
  }

  Json response() {
    Json payload = Json::object();
    if (doc_.contains("responses")) fill(payload, doc_["responses"]["fields"], false);
    return payload;
  }

 private:
  const Json& doc_;
  SeededRandom rng_;
  int counter_ = 0;

  static std::string first_path(const Json& field) {
    const Json& paths = field.is_object() ? field.value("path", Json()) : field;
    if (paths.is_string()) return paths.get<std::string>();
    if (paths.is_array() && !paths.empty()) return paths[rng_index(paths.size())].get<std::string>();
    return "";
  }
  static std::size_t rng_index(std::size_t /*size*/) { return 0; }

  static Json& at(Json& root, const std::string& path) {
    Json* node = &root;
    std::size_t start = 0;
    while (true) {
      const std::size_t dot = path.find('.', start);
      const std::string segment =
          path.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
      if (!node->is_object()) *node = Json::object();
      node = &(*node)[segment];
      if (dot == std::string::npos) return *node;
      start = dot + 1;
    }
  }

  void meet(Json& payload, const Json& filter) {
    for (const auto& [path, value] : filter.items()) at(payload, path) = value;
  }

  Json scalar_for(const std::string& key, const Json& field, bool error_signal) {
    ++counter_;
    if (field.is_object() && field.contains("values")) return field["values"].items().begin().key();
    if (key == "seq" || key == "ttl_ms" || key == "read_seq" || key == "version" || key == "rev") {
      return counter_ * 7;
    }
    if (key == "typing" || key == "online" || key == "has_more" || key == "ok" || key == "deleted" ||
        key == "reply_to_deleted" || key == "changes_more") {
      return key == "ok" || rng_.up_to(1) == 1;
    }
    if (key == "reactions") {
      // Sometimes none, sometimes a list whose users are ids of both kinds.
      if (rng_.up_to(2) == 0) return Json::array();
      return Json::array({Json{{"emoji", "\xf0\x9f\x91\x8d"}, {"users", Json::array({"u1", counter_})}},
                          Json{{"emoji", "e" + std::to_string(counter_)}, {"users", Json::array({"u2"})}}});
    }
    if (key == "created_at" || key == "edited_at") {
      return rng_.up_to(1) == 0 ? Json("2024-11-16T20:25:45.123456") : Json(1731788130 + counter_);
    }
    if (key == "text" || key == "details" || key == "error_message" || key == "reply_to_excerpt" ||
        (key == "message" && error_signal)) {
      return "text " + std::to_string(counter_) + " \xc3\xa9\\";
    }
    if (rng_.up_to(3) == 0) return counter_;  // numeric ids, as SQL backends send
    return key + "-" + std::to_string(counter_);
  }

  Json message(const Json& shape) {
    Json out = Json::object();
    fill_shape(out, shape);
    return out;
  }

  void fill_shape(Json& out, const Json& shape) {
    if (shape.contains("fields")) fill(out, shape["fields"], false);
    if (shape.contains("filter")) meet(out, shape["filter"]);
  }

  void fill(Json& payload, const Json& fields, bool error_signal) {
    for (const auto& [key, field] : fields.items()) {
      if (field.is_object() && field.contains("value")) continue;
      const std::string path = first_path(field);
      if (path.empty()) continue;
      const Json* item = field.is_object() && field.contains("item") ? &field["item"] : nullptr;
      if (key == "message" && !error_signal) {
        at(payload, path) = message(item != nullptr ? *item : doc_["shapes"]["message"]);
      } else if (key == "messages" || key == "changes") {
        Json list = Json::array();
        for (int i = 0; i < 3; ++i)
          list.push_back(message(item != nullptr ? *item : doc_["shapes"]["message"]));
        at(payload, path) = std::move(list);
      } else if (key == "members") {
        Json list = Json::array();
        for (int i = 0; i < 3; ++i)
          list.push_back(message(item != nullptr ? *item : doc_["shapes"]["member"]));
        at(payload, path) = std::move(list);
      } else {
        at(payload, path) = scalar_for(key, field, error_signal);
      }
    }
  }
};

Json preset_document(const std::string& preset) { return Json::parse(*Dialect::preset_text(preset)); }

// Text changes a server (or an attacker) could make to a good payload.
std::vector<std::string> variants(const std::string& args) {
  std::vector<std::string> out = {args};
  out.push_back(args.substr(0, args.size() / 2));                       // cut short
  out.push_back("[" + args + "]");                                      // one level too deep
  out.push_back(args.substr(0, args.size() - 1) + ", 1, {\"x\": 2}]");  // more arguments
  for (const char* from : {"\"", ":", "1", "t", "["}) {
    const std::size_t pos = args.find(from, args.size() / 3);
    if (pos == std::string::npos) continue;
    std::string changed = args;
    changed.replace(pos, 1, "null");
    out.push_back(changed);
  }
  return out;
}

TEST(PlanReader, EveryPresetEventAgreesWithTheDomReader) {
  std::size_t signals = 0;
  for (const std::string& preset : Dialect::preset_names()) {
    const Dialect dialect = must_load_preset(preset);
    const Json doc = preset_document(preset);
    for (const auto& [name, spec] : doc["events"].items()) {
      for (std::uint64_t seed = 1; seed <= 8; ++seed) {
        PayloadBuilder builder(doc, seed);
        const std::string args = json_util::dump(Json::array({builder.event(name)}));
        // The well-formed payload decodes to a signal, and both readers agree.
        const Result<Decoded, ArgsError> read = dialect.read_event(name, args);
        ASSERT_TRUE(read.ok()) << read.error().message;
        EXPECT_TRUE(std::holds_alternative<chat::Signal>(*read))
            << preset << " " << name << " " << args << " -> " << to_text(*read);
        signals += std::holds_alternative<chat::Signal>(*read) ? 1 : 0;
        for (const std::string& variant : variants(args)) expect_same_event(dialect, name, variant);
      }
    }
  }
  EXPECT_GT(signals, 200u);
}

TEST(PlanReader, EveryPresetAckAgreesWithTheDomReader) {
  for (const std::string& preset : Dialect::preset_names()) {
    const Dialect dialect = must_load_preset(preset);
    const Json doc = preset_document(preset);
    for (std::uint64_t seed = 1; seed <= 8; ++seed) {
      PayloadBuilder builder(doc, seed);
      const std::string args = json_util::dump(Json::array({builder.response()}));
      for (std::size_t op = 0; op < chat::kOperationCount; ++op) {
        for (const std::string& variant : variants(args)) {
          expect_same_response(dialect, static_cast<Operation>(op), variant);
        }
      }
    }
  }
}

TEST(PlanReader, ReadsAChatwireMessage) {
  const Dialect dialect = must_load_preset("chatwire");
  const Result<Decoded, ArgsError> read = dialect.read_event("message", R"([{
    "id": "m-9", "clientId": "c-1", "room": "r1", "seq": 12,
    "author": {"id": "u-2", "name": "Bo"}, "text": "hi", "createdAt": "2024-11-16T20:15:30.000Z"}])");
  ASSERT_TRUE(read.ok());
  const auto signal = test::signal_as<chat::MessageSignal>(*read);
  EXPECT_EQ(signal.room, "r1");
  EXPECT_EQ(signal.message.id, "m-9");
  EXPECT_EQ(signal.message.client_id, "c-1");
  EXPECT_EQ(signal.message.author, (chat::User{"u-2", "Bo"}));
  EXPECT_EQ(signal.message.text, "hi");
  EXPECT_EQ(signal.message.created_at_ms, 1731788130000);
  EXPECT_EQ(signal.message.seq, 12);
}

TEST(PlanReader, NothingOfAnEarlierFrameShowsInTheNext) {
  // The reader keeps its working memory from frame to frame (a frame should
  // cost no allocation it made before): whatever an earlier frame held, or
  // left behind when it was refused half-way, must not show in the next.
  const Dialect chatwire = must_load_preset("chatwire");
  const Dialect shows = must_load_preset("flask-shows");
  // clientId as a number: a value left from it would read as "77", not "".
  const std::string full = R"([{"id":"m-1","clientId":77,"room":"r1","seq":1,)"
                           R"("author":{"id":"u-2","name":"Bo"},"text":"first","createdAt":1}])";
  const std::string sparse =
      R"([{"id":"m-2","room":"r1","seq":2,"author":{"id":"u-3","name":"Cy"},"text":"x","createdAt":2}])";
  const std::string history = R"([{"room":"r1","messages":[{"id":"m-0","room":"r1","seq":0,)"
                              R"("author":{"id":"u-2","name":"Bo"},"text":"old","createdAt":0}]}])";
  for (const std::string& earlier : {full, history, full.substr(0, full.size() / 2),
                                     std::string(R"([{"messages":[{"id":"m-9","text":")")}) {
    (void)chatwire.read_event("message", earlier);
    (void)chatwire.read_event("history", earlier);
    (void)shows.read_event("new_message", earlier);
    expect_same_event(chatwire, "message", sparse);
    expect_same_event(chatwire, "history", history);
  }
  const auto signal = test::signal_as<chat::MessageSignal>(*chatwire.read_event("message", sparse));
  EXPECT_EQ(signal.message.client_id, "") << "not the earlier frame's 77";
  EXPECT_EQ(signal.message.text, "x");
  EXPECT_EQ(signal.message.author, (chat::User{"u-3", "Cy"}));
}

TEST(PlanReader, ReadsAFlaskShowsHistoryWithIntegerIds) {
  const Dialect dialect = must_load_preset("flask-shows");
  const Json doc = preset_document("flask-shows");
  PayloadBuilder builder(doc, 3);
  const std::string args = json_util::dump(Json::array({builder.event("message_history")}));
  const Result<Decoded, ArgsError> read = dialect.read_event("message_history", args);
  ASSERT_TRUE(read.ok());
  const auto history = test::signal_as<chat::HistorySignal>(*read);
  EXPECT_EQ(history.page.messages.size(), 3u);
  EXPECT_TRUE(history.confirms_join);
}

TEST(PlanReader, FlaskMultiroomFilterIgnoresOtherMessageTypes) {
  const Dialect dialect = must_load_preset("flask-multiroom");
  const Json doc = preset_document("flask-multiroom");
  PayloadBuilder builder(doc, 1);
  Json payload = builder.event("new_message");
  ASSERT_TRUE(dialect.read_event("new_message", json_util::dump(Json::array({payload}))).ok());
  EXPECT_TRUE(std::holds_alternative<chat::MessageSignal>(
      std::get<chat::Signal>(*dialect.read_event("new_message", json_util::dump(Json::array({payload}))))));
  payload["message_type"] = "image";
  const Result<Decoded, ArgsError> image =
      dialect.read_event("new_message", json_util::dump(Json::array({payload})));
  ASSERT_TRUE(image.ok());
  EXPECT_TRUE(test::is_ignored(*image));
}

// ---------------------------------------------------------------------------
// Hostile text

TEST(PlanReader, MalformedJsonIsAnArgsErrorNamingTheByte) {
  const Dialect dialect = must_load_preset("chatwire");
  for (const char* text : {"", "[", "[{]", "[{\"id\": }]", "[1,]", "[] []", "[{\"a\":1}] x", "nul",
                           "[\"\\x\"]", "[{\"text\": \"a\tb\"}]", "[01]", "[1e400]", "[-1e400]"}) {
    const Result<Decoded, ArgsError> read = dialect.read_event("message", text);
    ASSERT_FALSE(read.ok()) << text;
    EXPECT_EQ(read.error().message.rfind("the arguments are not valid JSON (error at byte ", 0), 0u)
        << read.error().message;
    EXPECT_FALSE(dom_event(dialect, "message", text).has_value()) << text;
    EXPECT_FALSE(dialect.read_event("no_such_event", text).ok())
        << "unknown events are checked too: " << text;
    EXPECT_FALSE(dialect.read_response(Operation::kJoin, text).ok()) << text;
  }
  EXPECT_EQ(dialect.read_event("message", "[{\"id\": }]").error().message,
            "the arguments are not valid JSON (error at byte 8)");
}

TEST(PlanReader, NestingPastTheBoundStopsBeforeParsing) {
  const Dialect dialect = must_load_preset("chatwire");
  const auto nested = [](std::size_t depth) {
    return "[{\"text\": " + std::string(depth - 2, '[') + std::string(depth - 2, ']') + "}]";
  };
  const Result<Decoded, ArgsError> deepest =
      dialect.read_event("message", nested(json_util::kDefaultMaxDepth));
  ASSERT_TRUE(deepest.ok()) << deepest.error().message;
  expect_same_event(dialect, "message", nested(json_util::kDefaultMaxDepth));
  const Result<Decoded, ArgsError> too_deep =
      dialect.read_event("message", nested(json_util::kDefaultMaxDepth + 1));
  ASSERT_FALSE(too_deep.ok());
  EXPECT_EQ(too_deep.error().message, "the arguments nest deeper than 64 levels");
  // A hostile depth costs a scan, not a recursion.
  const std::string hostile = std::string(1'000'000, '[') + std::string(1'000'000, ']');
  EXPECT_FALSE(dialect.read_event("message", hostile).ok());
  EXPECT_FALSE(dialect.read_response(Operation::kJoin, hostile).ok());
}

TEST(PlanReader, HugeNumbersReadAsTheDomReadsThem) {
  const Dialect dialect = must_load_preset("chatwire");
  for (const char* number : {"18446744073709551615", "18446744073709551616", "-9223372036854775808",
                             "-9223372036854775809", "9223372036854775808", "1e308", "-0", "0.0", "3.0",
                             "123456789012345678901234567890", "8640000000000000", "8640000000000001"}) {
    const std::string message = std::string(R"([{"id": )") + number + R"(, "author": {"id": )" + number +
                                R"(}, "text": "t", "room": "r", "seq": )" + number + R"(, "createdAt": )" +
                                number + "}]";
    expect_same_event(dialect, "message", message);
  }
  const Result<Decoded, ArgsError> overflow = dialect.read_event(
      "message", R"([{"id": "m", "room": "r", "author": {"id": "u", "name": "n"}, "text": "t", "createdAt": 1,
          "seq": 9223372036854775808}])");
  ASSERT_TRUE(overflow.ok());
  EXPECT_EQ(test::malformed_message(*overflow), "message: 'seq' is not an integer");
}

TEST(PlanReader, InvalidUtf8IsRefusedAndLoneSurrogatesReadAsReplacement) {
  const Dialect dialect = must_load_preset("chatwire");
  const Result<Decoded, ArgsError> invalid =
      dialect.read_event("message", "[{\"id\": \"m\", \"author\": {\"id\": \"u\"}, \"text\": \"\xff\"}]");
  EXPECT_FALSE(invalid.ok());
  const Result<Decoded, ArgsError> lone = dialect.read_event(
      "message",
      R"([{"id": "m", "room": "r", "seq": 1, "createdAt": 1, "author": {"id": "u", "name": "n"}, "text": "a\ud83d"}])");
  ASSERT_TRUE(lone.ok()) << lone.error().message;
  EXPECT_EQ(test::signal_as<chat::MessageSignal>(*lone).message.text, "a\xef\xbf\xbd");
  expect_same_event(dialect, "message",
                    R"([{"id": "m", "author": {"id": "u"}, "text": "\udc00\ud83d\ude00"}])");
}

TEST(PlanReader, AFieldOfTheWrongTypeIsMalformedWithTheSameMessage) {
  const Dialect dialect = must_load_preset("express-conversations");
  const std::string args =
      R"([{"id": "1", "conversationId": "c", "senderId": "u", "message": "hi", "timestamp": false}])";
  const Result<Decoded, ArgsError> read = dialect.read_event("newMessage", args);
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(test::malformed_message(*read),
            "newMessage: 'timestamp' is not a timestamp (an ISO 8601 string or an epoch number)");
  expect_same_event(dialect, "newMessage", args);
  for (const char* payload : {"[]", "[null]", "[1]", "[[]]", "{}", "\"x\"", "[\"a\", {}]"}) {
    expect_same_event(dialect, "newMessage", payload);
    expect_same_event(dialect, "typing", payload);
  }
}

TEST(PlanReader, UnknownEventsAreUnknown) {
  const Dialect dialect = must_load_preset("chatwire");
  const Result<Decoded, ArgsError> read = dialect.read_event("new_message", "[{}]");
  ASSERT_TRUE(read.ok());
  EXPECT_TRUE(test::is_unknown(*read));
  EXPECT_TRUE(test::is_unknown(*dialect.read_event("", "[]")));
}

TEST(PlanReader, DuplicateKeysKeepTheLastValueAsTheDomDoes) {
  const Dialect dialect = must_load_preset("chatwire");
  for (const char* args : {
           R"([{"id": "m", "author": {"id": "u1"}, "author": {"name": "n"}, "text": "t"}])",
           R"([{"id": "m", "author": {"id": "u1"}, "author": 5, "text": "t"}])",
           R"([{"id": "m", "author": 5, "author": {"id": "u2"}, "text": "t", "text": 3}])",
           R"([{"id": "m", "author": {"id": "u"}, "text": "a", "text": "b"}])",
       }) {
    expect_same_event(dialect, "message", args);
  }
  const Dialect shows = must_load_preset("flask-shows");
  const Json doc = preset_document("flask-shows");
  PayloadBuilder builder(doc, 5);
  std::string history = json_util::dump(Json::array({builder.event("message_history")}));
  history.insert(2, R"("messages": [1, 2], )");
  expect_same_event(shows, "message_history", history);
}

TEST(PlanReader, LongListsAreCutAsTheDomReaderCutsThem) {
  const Dialect dialect = must_load_preset("chatwire");
  std::string messages;
  std::string members;
  for (int i = 0; i < 10'005; ++i) {
    if (i > 0) messages += ",";
    if (i > 0) members += ",";
    // The first items are malformed: cut off a message list, so never read.
    messages +=
        i < 3
            ? R"({"id": 1})"
            : R"({"id": ")" + std::to_string(i) +
                  R"(", "room": "r", "createdAt": 1, "author": {"id": "u", "name": "n"}, "text": "t", "seq": )" +
                  std::to_string(i) + "}";
    // u0 comes twice: one member each, so the cut falls after element 10,001.
    members += i < 10'002 ? R"({"online": true, "user": {"name": "n", "id": "u)" +
                                std::to_string(i % 10'001) + R"("}})"
                          : "7";
  }
  const std::string history = R"([{"room": "r", "messages": [)" + messages + "]}]";
  const std::string join_ack = R"([{"ok": true, "hasMore": false, "readSeq": 3, "messages": [)" + messages +
                               R"(], "members": [)" + members + "]}]";
  expect_same_response(dialect, Operation::kJoin, join_ack);
  expect_same_response(dialect, Operation::kHistory, join_ack);
  expect_same_response(dialect, Operation::kMembers, join_ack);
  const Result<chat::Response, ArgsError> read = dialect.read_response(Operation::kJoin, join_ack);
  ASSERT_TRUE(read.ok());
  ASSERT_TRUE(read->history.has_value()) << read->error_message;
  EXPECT_EQ(read->history->messages.size(), 10'000u);
  EXPECT_EQ(read->history->messages.front().id, "5");
  ASSERT_TRUE(read->members.has_value());
  EXPECT_EQ(read->members->size(), 10'000u);  // the malformed element "7" is past the cut
}

TEST(PlanReader, FiltersOnObjectsAndArraysCompareTheWholeValue) {
  const Dialect dialect = must_load(R"({
    "name": "filters", "requests": {},
    "shapes": {"message": {"fields": {"id": "id", "author_id": "from", "text": "body"},
                           "filter": {"kind": {"type": "text", "tags": [1, 2.0, "x"]}}}},
    "events": {"m": {"signal": "message", "filter": {"v": [1, {"a": null}]}}}
  })");
  for (
      const char* args : {
          R"([{"v": [1, {"a": null}], "id": "1", "from": "u", "body": "b", "kind": {"tags": [1, 2, "x"], "type": "text"}}])",
          R"([{"v": [1, {"a": null}], "id": "1", "from": "u", "body": "b", "kind": {"tags": [1, 2, "x"], "type": "image"}}])",
          R"([{"v": [1, {"a": null}], "id": "1", "from": "u", "body": "b", "kind": {"tags": [1, 2, "x"], "type": "text", "y": 1}}])",
          R"([{"v": [1, {"a": null}, 3], "id": "1", "from": "u", "body": "b"}])",
          R"([{"v": [1, {"a": 1, "a": null}], "id": "1", "from": "u", "body": "b", "kind": {"type": "image", "tags": [1, 2, "x"], "type": "text"}}])",
          R"([{"v": "x", "id": "1"}])",
      }) {
    expect_same_event(dialect, "m", args);
  }
  const Result<Decoded, ArgsError> passes = dialect.read_event(
      "m",
      R"([{"v": [1, {"a": null}], "id": "1", "from": "u", "body": "b", "kind": {"tags": [1, 2, "x"], "type": "text"}}])");
  ASSERT_TRUE(passes.ok());
  EXPECT_TRUE(std::holds_alternative<chat::MessageSignal>(std::get<chat::Signal>(*passes)));
}

// Random documents over each preset's vocabulary reach every mapping with
// every type; both readers must agree on all of them.
TEST(PlanReader, RandomPayloadsAgreeWithTheDomReader) {
  for (const std::string& preset : Dialect::preset_names()) {
    const Dialect dialect = must_load_preset(preset);
    const Json doc = preset_document(preset);
    std::vector<std::string> names;
    for (const auto& [name, spec] : doc["events"].items()) names.push_back(name);
    for (std::uint64_t seed = 1; seed <= 40; ++seed) {
      PayloadBuilder builder(doc, seed);
      SeededRandom rng(seed);
      const std::string& name = names[rng.up_to(names.size() - 1)];
      Json payload = builder.event(name);
      // Replace one value with something of another type.
      std::vector<Json*> leaves;
      std::vector<Json*> stack = {&payload};
      while (!stack.empty()) {
        Json* node = stack.back();
        stack.pop_back();
        leaves.push_back(node);
        if (node->is_object() || node->is_array()) {
          for (Json& child : *node) stack.push_back(&child);
        }
      }
      static const Json kOdd[] = {nullptr,
                                  true,
                                  -3,
                                  2.5,
                                  "",
                                  "x",
                                  Json::array(),
                                  Json::object(),
                                  std::numeric_limits<std::uint64_t>::max()};
      *leaves[rng.up_to(leaves.size() - 1)] = kOdd[rng.up_to(std::size(kOdd) - 1)];
      const std::string args = json_util::dump(Json::array({payload}));
      expect_same_event(dialect, name, args);
      expect_same_response(dialect, Operation::kJoin, args);
      expect_same_response(dialect, Operation::kSend, args);
    }
  }
}

}  // namespace
}  // namespace chatwire::dialect
