// decode_event and decode_response accept any JSON without aborting: wrong
// types everywhere, deep nesting, huge lists, random documents built from
// each preset's own vocabulary so that they reach deep into the mappings.
#include <gtest/gtest.h>

#include <limits>
#include <set>

#include "dialect/dialect_test_util.h"
#include "util/seeded_random.h"

namespace chatwire::dialect {
namespace {

using chat::Operation;

// Every key and string value of a preset document: event names, field
// names, path segments and literal values ("text", "start").
void collect_words(const Json& node, std::set<std::string>& words) {
  if (node.is_string()) {
    const std::string& text = node.get_ref<const std::string&>();
    words.insert(text);
    std::size_t start = 0;
    while (start <= text.size()) {
      const std::size_t dot = text.find('.', start);
      words.insert(text.substr(start, dot == std::string::npos ? std::string::npos : dot - start));
      if (dot == std::string::npos) break;
      start = dot + 1;
    }
  } else if (node.is_object()) {
    for (const auto& [key, value] : node.items()) {
      words.insert(key);
      collect_words(value, words);
    }
  } else if (node.is_array()) {
    for (const Json& element : node) collect_words(element, words);
  }
}

std::vector<std::string> event_names(const std::string& preset) {
  const Json doc = Json::parse(*Dialect::preset_text(preset));
  std::vector<std::string> out;
  for (const auto& [name, spec] : doc["events"].items()) out.push_back(name);
  EXPECT_FALSE(out.empty()) << preset;
  return out;
}

class RandomJson {
 public:
  RandomJson(std::uint64_t seed, std::vector<std::string> words) : rng_(seed), words_(std::move(words)) {}

  Json value(int depth) {
    switch (rng_.up_to(depth > 0 ? 9 : 5)) {
      case 0:
        return nullptr;
      case 1:
        return rng_.up_to(1) == 1;
      case 2:
        return integer();
      case 3:
        return (rng_.next_unit() - 0.5) * 1e12;
      case 4:
        return word();
      case 5:
        return odd_string();
      case 6:
      case 7:
        return object(depth - 1);
      default:
        return array(depth - 1);
    }
  }

  Json object(int depth) {
    Json out = Json::object();
    const std::size_t keys = rng_.up_to(6);
    for (std::size_t i = 0; i < keys; ++i) out[word()] = value(depth);
    return out;
  }

 private:
  SeededRandom rng_;
  std::vector<std::string> words_;

  Json integer() {
    switch (rng_.up_to(4)) {
      case 0:
        return std::numeric_limits<std::int64_t>::min();
      case 1:
        return std::numeric_limits<std::uint64_t>::max();
      case 2:
        return -1;
      default:
        return static_cast<std::int64_t>(rng_.next_u64() % 1'000'000'000'000'000ULL);
    }
  }
  std::string word() { return words_[rng_.up_to(words_.size() - 1)]; }
  std::string odd_string() {
    static const char* kOdd[] = {"",
                                 "2024-11-16T20:15:30Z",
                                 "2024-02-30T00:00:00",
                                 "9999-99-99",
                                 "{room}",
                                 "\xff\xfe",
                                 "start",
                                 "stop",
                                 "text",
                                 "true",
                                 "-0",
                                 "1e400"};
    return kOdd[rng_.up_to(std::size(kOdd) - 1)];
  }
  Json array(int depth) {
    Json out = Json::array();
    const std::size_t size = rng_.up_to(4);
    for (std::size_t i = 0; i < size; ++i) out.push_back(rng_.up_to(2) == 0 ? object(depth) : value(depth));
    return out;
  }
};

// What a decode may give for a known event: a signal or a malformed report
// that names the event.
void expect_well_formed_outcome(const std::string& event, const Decoded& decoded) {
  ASSERT_FALSE(test::is_unknown(decoded)) << event;
  if (const auto* malformed = std::get_if<MalformedEvent>(&decoded)) {
    EXPECT_EQ(malformed->message.rfind(event + ": ", 0), 0u) << malformed->message;
  }
}

Json deeply_nested(std::size_t depth) {
  Json node = Json::object();
  for (std::size_t i = 0; i < depth; ++i) node = Json::array({std::move(node)});
  return node;
}

// Builds a list without copying its elements: copying a deeply nested value
// is recursive in nlohmann::json (destroying one is not), and the test must
// not overflow its own stack before the code under test runs.
template <class... Values>
std::vector<Json> moved_list(Values&&... values) {
  std::vector<Json> out;
  (out.push_back(Json(std::forward<Values>(values))), ...);
  return out;
}

TEST(HostileInputTest, NonObjectAndEmptyArgumentsForEveryEvent) {
  const std::vector<Json> hostile =
      moved_list(Json(), Json::array(), Json::object(), Json("message"), Json(42), Json::array({nullptr}),
                 Json::array({1}), Json::array({"s"}), Json::array({Json::array()}),
                 Json::array({Json::object(), "extra", 3}), deeply_nested(5000));
  for (const std::string& preset : Dialect::preset_names()) {
    const Dialect dialect = test::must_load_preset(preset);
    for (const std::string& event : event_names(preset)) {
      for (const Json& args : hostile) expect_well_formed_outcome(event, dialect.decode_event(event, args));
    }
  }
}

TEST(HostileInputTest, EmptyObjectIsMalformedUnlessTheEventIsIgnored) {
  for (const std::string& preset : Dialect::preset_names()) {
    const Dialect dialect = test::must_load_preset(preset);
    const Json doc = Json::parse(*Dialect::preset_text(preset));
    for (const std::string& event : event_names(preset)) {
      const Decoded decoded = dialect.decode_event(event, test::one_arg("{}"));
      // flask-multiroom keeps only messages of type "text": one without a
      // type is filtered out before any field is read.
      const bool filtered = preset == "flask-multiroom" && event == "new_message";
      if (doc["events"][event]["signal"] == "ignore" || filtered) {
        EXPECT_TRUE(test::is_ignored(decoded)) << preset << " " << event;
      } else {
        EXPECT_TRUE(std::holds_alternative<MalformedEvent>(decoded)) << preset << " " << event;
      }
    }
  }
}

TEST(HostileInputTest, WrongTypeInEachFieldOfAValidPayload) {
  const Dialect dialect = test::must_load_preset("flask-shows");
  const Json valid = Json::parse(R"({"id": 456, "show_id": 123, "user_id": 10, "username": "you",
                                     "message": "hi", "created_at": "2024-11-16T20:25:45Z"})");
  const std::vector<Json> wrong =
      moved_list(nullptr, true, 1.5, Json::array(), Json::object(), deeply_nested(100));
  for (const auto& [key, original] : valid.items()) {
    for (const Json& replacement : wrong) {
      if (key == "created_at" && replacement.is_number()) continue;  // an epoch number is a timestamp
      Json payload = valid;
      payload[key] = replacement;
      const Decoded decoded = dialect.decode_event("new_message", Json::array({payload}));
      EXPECT_EQ(test::malformed_message(decoded).rfind("new_message: '" + key + "' ", 0), 0u)
          << key << " = " << replacement.dump().substr(0, 40);
    }
  }
  Json bad_date = valid;
  bad_date["created_at"] = "2024-13-45T99:99:99Z";
  EXPECT_EQ(test::malformed_message(dialect.decode_event("new_message", Json::array({bad_date}))),
            "new_message: 'created_at' is not a timestamp (an ISO 8601 string or an epoch number)");
}

TEST(HostileInputTest, RandomDocumentsFromEachPresetsVocabulary) {
  for (const std::string& preset : Dialect::preset_names()) {
    const Dialect dialect = test::must_load_preset(preset);
    std::set<std::string> words;
    collect_words(Json::parse(*Dialect::preset_text(preset)), words);
    const std::vector<std::string> events = event_names(preset);
    RandomJson random(0xC0FFEE ^ std::hash<std::string>{}(preset), {words.begin(), words.end()});
    SeededRandom pick(7);
    for (int i = 0; i < 3000; ++i) {
      const std::string& event = events[pick.up_to(events.size() - 1)];
      const Json args = Json::array({random.object(5)});
      const Decoded decoded = dialect.decode_event(event, args);
      expect_well_formed_outcome(event, decoded);
      EXPECT_EQ(dialect.decode_event(event, args).index(), decoded.index()) << "deterministic";
      const auto op = static_cast<Operation>(pick.up_to(chat::kOperationCount - 1));
      const chat::Response response = dialect.decode_response(op, args);
      if (!response.ok) {
        EXPECT_FALSE(response.error_message.empty());
      }
    }
  }
}

// One valid payload per server event of every preset: the seeds' examples
// where they give one, the presets' readings elsewhere.
struct Sample {
  const char* preset;
  const char* event;
  const char* payload;
};
constexpr Sample kSamples[] = {
    {"chatwire", "message", R"({"id": "m", "room": "r", "seq": 1, "clientId": null, "author": {"id": "a",
      "name": "A"}, "text": "t", "createdAt": 1})"},
    {"chatwire", "typing",
     R"({"room": "r", "user": {"id": "a", "name": "A"}, "state": "start", "ttlMs": 6000})"},
    {"chatwire", "member_joined", R"({"room": "r", "user": {"id": "a", "name": "A"}})"},
    {"chatwire", "member_left", R"({"room": "r", "user": {"id": "a", "name": "A"}})"},
    {"chatwire", "presence", R"({"user": {"id": "a", "name": "A"}, "online": true})"},
    {"chatwire", "read", R"({"room": "r", "user": {"id": "a", "name": "A"}, "seq": 3})"},
    {"chatwire", "error", R"({"code": "internal", "message": "oops"})"},
    {"flask-rooms", "message", R"({"id": "1", "username": "J", "message": "m", "room": "g",
      "timestamp": "2024-11-16T20:15:30.123456"})"},
    {"flask-rooms", "user_joined", R"({"username": "J", "room": "g"})"},
    {"flask-rooms", "user_typing", R"({"username": "J", "is_typing": true})"},
    {"flask-rooms", "message_history",
     R"({"room": "g", "messages": [{"id": "1", "username": "J", "message": "m",
      "room": "g", "timestamp": "2024-11-16T20:15:30"}]})"},
    {"flask-shows", "message_history", R"({"messages": [{"id": 1, "show_id": 123, "user_id": 5,
      "username": "musiclover87", "message": "This opening act is amazing!", "created_at": "2024-11-16T20:15:30Z"}]})"},
    {"flask-shows", "active_users", R"({"show_id": 123, "active_users": [{"user_id": 5, "username": "m",
      "sid": "abc123"}], "count": 1})"},
    {"flask-shows", "user_joined", R"({"user_id": 10, "username": "you", "message": "you joined the chat",
      "active_users": [{"user_id": 10, "username": "you", "sid": "x"}]})"},
    {"flask-shows", "user_left", R"({"user_id": 10, "username": "you", "message": "you left the chat",
      "active_users": []})"},
    {"flask-shows", "new_message", R"({"id": 456, "show_id": 123, "user_id": 10, "username": "you",
      "message": "This opening act is incredible!", "created_at": "2024-11-16T20:25:45Z"})"},
    {"flask-shows", "user_typing", R"({"user_id": 10, "username": "you", "is_typing": true})"},
    {"flask-shows", "error", R"({"message": "Error description", "details": "Additional error details"})"},
    {"nest-conversations", "message", R"({"id": "m", "conversationId": "c", "senderId": "u", "content": "x",
      "isRead": false, "createdAt": "2024-11-16T20:15:30.000Z", "sender": {"id": "u", "username": "n"}})"},
    {"nest-conversations", "userOnline", R"({"userId": "u"})"},
    {"nest-conversations", "userOffline", R"({"userId": "u"})"},
    {"nest-conversations", "typing", R"({"userId": "u", "isTyping": true})"},
    {"nest-conversations", "messageRead", R"({"messageId": "m"})"},
    {"express-conversations", "newMessage",
     R"({"id": "1", "conversationId": "c", "senderId": "u", "message": "m",
      "timestamp": "2024-11-16T20:15:30.000Z"})"},
    {"express-conversations", "typing", R"({"userId": "u", "isTyping": true})"},
    {"flask-multiroom", "room_joined", R"({"room": "general", "messages": [{"id": 2, "room": "general",
      "user_id": 3, "username": "t", "message": "m", "message_type": "text", "created_at": "2025-01-15T10:00:01",
      "is_edited": false}]})"},
    {"flask-multiroom", "new_message", R"({"id": 2, "room": "general", "user_id": 3, "username": "t",
      "message": "m", "message_type": "text", "created_at": "2025-01-15T10:00:01.5", "is_edited": false})"},
    {"flask-multiroom", "user_joined", R"({"room": "general", "user_id": 3, "username": "t"})"},
    {"flask-multiroom", "user_left", R"({"room": "general", "user_id": 3, "username": "t"})"},
    {"flask-multiroom", "user_typing",
     R"({"room": "general", "user_id": 3, "username": "t", "is_typing": false})"},
    {"flask-multiroom", "error", R"({"message": "Room not found"})"},
};

// Changes one random node of `node`: replaced by a random value, removed
// from its object, wrapped in an array, or buried under deep nesting.
void mutate(Json& node, SeededRandom& rng, RandomJson& random) {
  Json* at = &node;
  while ((at->is_object() || at->is_array()) && !at->empty() && rng.up_to(3) != 0) {
    auto it = at->begin();
    std::advance(it, static_cast<std::ptrdiff_t>(rng.up_to(at->size() - 1)));
    if (at->is_object() && rng.up_to(4) == 0) {
      at->erase(it);
      return;
    }
    at = &*it;
  }
  switch (rng.up_to(3)) {
    case 0:
      *at = random.value(3);
      break;
    case 1:
      *at = Json::array({*at});
      break;
    case 2:
      *at = deeply_nested(100);
      break;
    default:
      *at = nullptr;
      break;
  }
}

TEST(HostileInputTest, EverySampleDecodesToASignal) {
  for (const Sample& sample : kSamples) {
    const Dialect dialect = test::must_load_preset(sample.preset);
    const Decoded decoded = dialect.decode_event(sample.event, test::one_arg(sample.payload));
    ASSERT_TRUE(std::holds_alternative<chat::Signal>(decoded))
        << sample.preset << " " << sample.event << ": "
        << (std::holds_alternative<MalformedEvent>(decoded) ? std::get<MalformedEvent>(decoded).message
                                                            : "unknown");
    EXPECT_FALSE(test::is_ignored(decoded)) << sample.preset << " " << sample.event;
  }
}

TEST(HostileInputTest, MutatedSamplesNeverAbort) {
  SeededRandom rng(2024);
  RandomJson random(99, {"id", "room", "text", "messages", "user", "x", "start", "text"});
  std::size_t signals = 0;
  std::size_t malformed = 0;
  for (const Sample& sample : kSamples) {
    const Dialect dialect = test::must_load_preset(sample.preset);
    const Json valid = Json::parse(sample.payload);
    for (int i = 0; i < 300; ++i) {
      Json payload = valid;
      const std::size_t mutations = 1 + rng.up_to(2);
      for (std::size_t m = 0; m < mutations; ++m) mutate(payload, rng, random);
      const Decoded decoded = dialect.decode_event(sample.event, Json::array({payload}));
      expect_well_formed_outcome(sample.event, decoded);
      signals += std::holds_alternative<chat::Signal>(decoded) ? 1 : 0;
      malformed += std::holds_alternative<MalformedEvent>(decoded) ? 1 : 0;
    }
  }
  // Both outcomes are reached often: the mutations exercise the success
  // paths and the failure paths of every mapping.
  EXPECT_GT(signals, 300u);
  EXPECT_GT(malformed, 300u);
}

TEST(HostileInputTest, HugeListsAreCut) {
  const Dialect shows = test::must_load_preset("flask-shows");
  Json users = Json::array();
  for (int i = 0; i < 10'050; ++i) users.push_back({{"user_id", i}, {"username", "u"}, {"sid", "s"}});
  const auto members = test::signal_as<chat::MembersSignal>(
      shows.decode_event("active_users", Json::array({Json{{"active_users", users}, {"count", 10'050}}})));
  ASSERT_EQ(members.members.size(), 10'000u);
  EXPECT_EQ(members.members.front().user.id, "0") << "member lists keep their first entries";

  Json messages = Json::array();
  for (int i = 0; i < 10'050; ++i) {
    messages.push_back({{"id", i},
                        {"show_id", 1},
                        {"user_id", 2},
                        {"username", "u"},
                        {"message", "m"},
                        {"created_at", "2024-11-16T20:25:45Z"}});
  }
  const auto history = test::signal_as<chat::HistorySignal>(
      shows.decode_event("message_history", Json::array({Json{{"messages", messages}}})));
  ASSERT_EQ(history.page.messages.size(), 10'000u);
  EXPECT_EQ(history.page.messages.front().id, "50") << "message lists keep their newest entries";
  EXPECT_EQ(history.page.messages.back().id, "10049");
}

TEST(HostileInputTest, AcksOfEveryShapeForEveryOperation) {
  const Dialect dialect = test::must_load_preset("chatwire");
  const std::vector<Json> hostile = moved_list(
      Json(), Json::object(), Json::array(), Json::array({nullptr}), Json::array({deeply_nested(3000)}),
      test::one_arg(R"({"ok": "true"})"), test::one_arg(R"({"ok": true, "messages": [1, 2], "members": [null],
                                                        "message": [], "hasMore": 1, "readSeq": {}})"));
  for (std::size_t i = 0; i < chat::kOperationCount; ++i) {
    for (const Json& args : hostile) {
      const chat::Response response = dialect.decode_response(static_cast<Operation>(i), args);
      const bool plain_success = response.ok && !response.message && !response.history && !response.members;
      if (!response.ok) {
        EXPECT_EQ(response.error_message.rfind("malformed ack to ", 0), 0u) << response.error_message;
      } else {
        EXPECT_TRUE(plain_success) << "only an op that reads nothing may succeed here";
      }
    }
  }
}

}  // namespace
}  // namespace chatwire::dialect
