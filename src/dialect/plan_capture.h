// The SAX pass of the plan reader: reads an event's (or ack's) argument
// array as JSON text and keeps, for each node of the plan, what the first
// argument holds there. Nothing else is kept: no DOM is built. List elements
// are handed to an ItemSink as each one ends, so a list of any length costs
// at most kMaxListItems results in memory.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "chat/vocabulary.h"
#include "dialect/plan.h"
#include "util/json.h"

namespace chatwire::dialect::plan {

/// Lists longer than this are cut, as decode_event() cuts them: message
/// lists keep their newest (last) items, member lists their first members.
inline constexpr std::size_t kMaxListItems = 10'000;

/// What the payload held at one node of the plan.
struct Captured {
  enum class Kind : std::uint8_t { kAbsent, kNull, kBool, kInt, kUnsigned, kFloat, kString, kObject, kArray };
  Kind kind = Kind::kAbsent;
  bool boolean = false;
  std::int64_t integer = 0;               // kInt: a negative integer
  std::uint64_t unsigned_integer = 0;     // kUnsigned: a non-negative integer
  double floating = 0;                    // kFloat
  std::string text;                       // kString
  std::shared_ptr<json_util::Json> tree;  // kObject, kArray at a keep_tree node: the whole value
};

/// One element of a message list, read as it ended: filtered out
/// (monostate), a message, or why the list is malformed.
using MessageItem = std::variant<std::monostate, chat::Message, std::string>;

/// What one list reader has read so far.
struct ListState {
  std::size_t next_index = 0;          // elements seen
  std::deque<MessageItem> messages;    // message lists: the newest kMaxListItems elements
  std::vector<chat::Member> members;   // member lists: one per user id, in order
  std::set<std::string> seen;          // their user ids
  std::optional<std::string> failure;  // member lists: the first malformed element; reading stopped

  void clear();
};

/// The values captured in one scope (the first argument, or a list element).
struct Instance {
  const ScopePlan* plan;
  std::vector<Captured> values;  // one per plan node
  std::vector<ListState> lists;  // one per list reader

  explicit Instance(const ScopePlan& scope);
  /// Makes this the empty instance of `scope`, keeping its buffers (the
  /// strings' capacity above all), so that reading the next frame into it
  /// allocates nothing for the values it held before.
  void rebind(const ScopePlan& scope);
  /// Forgets `node` and everything below it: a duplicate key replaces the
  /// earlier value, as it does in nlohmann's DOM.
  void reset(std::uint32_t node);
};

/// Reads list elements when they end (plan_read.cpp implements it).
class ItemSink {
 public:
  virtual ~ItemSink() = default;
  /// Element `index` of a message list.
  [[nodiscard]] virtual MessageItem message(const ListReader& reader, Instance& item,
                                            std::size_t index) const = 0;
  /// Element `index` of a member list, added to `state` (or its failure recorded).
  virtual void member(const ListReader& reader, Instance& item, std::size_t index,
                      ListState& state) const = 0;
};

/// What capture() found.
struct Capture {
  json_util::SaxOutcome outcome;  // when !outcome.ok, nothing else is meaningful
  bool args_is_array = false;     // the text is an array (an argument list)
  Instance* root;                 // its first element, read with the plan
};

/// Reads `args_json` (the array after an event name, or an ack's array)
/// against `scope`, under json_util::parse()'s rules and depth bound.
/// `root` is working memory of this thread's capture(): it is valid, and
/// may be moved from, until the next capture() on the same thread.
Capture capture(const ScopePlan& scope, std::string_view args_json, const ItemSink& sink,
                std::size_t max_depth = json_util::kDefaultMaxDepth);

}  // namespace chatwire::dialect::plan
