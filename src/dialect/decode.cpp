// Dialect::decode_event and Dialect::decode_response: server JSON to
// Signals and Responses, field by field as the document maps them. Any JSON
// is accepted; what does not fit becomes a MalformedEvent or a failed
// Response naming the field, never an abort.
#include <algorithm>
#include <set>
#include <utility>

#include "dialect/payload_reader.h"

namespace chatwire::dialect {

using chat::Member;
using chat::Message;
using json_util::Json;

namespace {

/// Lists longer than this are cut: message lists keep their newest (last)
/// items, member lists their first. It bounds the work one event can cause.
constexpr std::size_t kMaxListItems = 10'000;

bool passes(const Json& value, const std::vector<Filter>& filters) {
  for (const Filter& filter : filters) {
    const Json* found = lookup(value, filter.path);
    if (found == nullptr || *found != filter.equals) return false;
  }
  return true;
}

// The payload as a DOM: a value is a node of the parsed tree.
struct JsonSource {
  using Value = const Json*;  // never null
  using Reader = PayloadReader<JsonSource>;

  static std::optional<Value> lookup(Value base, const FieldPath& path) {
    if (const Json* value = dialect::lookup(*base, path)) return value;
    return std::nullopt;
  }
  static bool is_object(Value value) { return value->is_object(); }
  static bool is_array(Value value) { return value->is_array(); }
  static std::optional<std::string> id(Value value) { return read_id(*value); }
  static std::optional<std::string> text(Value value) { return read_text(*value); }
  static std::optional<std::int64_t> integer(Value value) { return read_int(*value); }
  static std::optional<std::int64_t> timestamp(Value value, EpochUnit unit) {
    return read_timestamp_ms(*value, unit);
  }
  static std::optional<bool> boolean(Value value) { return read_bool(*value); }
  static std::optional<std::vector<chat::Reaction>> reactions(Value value) { return read_reactions(*value); }
  static bool is_string(Value value, const std::string& text) {
    return value->is_string() && value->get_ref<const std::string&>() == text;
  }
  static bool passes(Value value, const std::vector<Filter>& filters) { return dialect::passes(*value, filters); }

  static std::optional<std::vector<Message>> messages(Reader& reader, Value list, const Shape& shape,
                                                      const std::string& where) {
    const std::size_t size = list->size();
    std::vector<Message> out;
    out.reserve(std::min(size, kMaxListItems));
    for (std::size_t i = size > kMaxListItems ? size - kMaxListItems : 0; i < size; ++i) {
      const Json& item = (*list)[i];
      if (item.is_object() && !dialect::passes(item, shape.filters)) continue;
      std::optional<Message> message = reader.message(&item, shape, where + "." + std::to_string(i));
      if (!message) return std::nullopt;
      out.push_back(std::move(*message));
    }
    return out;
  }

  static std::optional<std::vector<Member>> members(Reader& reader, Value list, const Shape& shape,
                                                    const std::string& where) {
    std::vector<Member> out;
    // A user with two tabs open is listed twice by some backends (one entry
    // per connection); a member list is a set of users.
    std::set<std::string> seen;
    for (std::size_t i = 0; i < list->size() && out.size() < kMaxListItems; ++i) {
      std::optional<Member> member = reader.member(&(*list)[i], shape, where + "." + std::to_string(i));
      if (reader.failed()) return std::nullopt;
      if (member && seen.insert(member->user.id).second) out.push_back(std::move(*member));
    }
    return out;
  }
};

const Json* first_arg(const Json& args) { return args.is_array() && !args.empty() ? &args.front() : nullptr; }

}  // namespace

Decoded Dialect::decode_event(std::string_view event, const Json& args) const {
  const auto it = spec_->events.find(event);
  if (it == spec_->events.end()) return UnknownEvent{};
  const EventSpec& spec = it->second;
  if (spec.kind == SignalKind::kIgnore) return chat::Signal{chat::IgnoredSignal{}};
  const Json* root = first_arg(args);
  return payload::event<JsonSource>(*spec_, it->first, spec, root ? std::optional(root) : std::nullopt);
}

chat::Response Dialect::decode_response(chat::Operation op, const Json& args) const {
  const Json* root = first_arg(args);
  return payload::response<JsonSource>(*spec_, op, root ? std::optional(root) : std::nullopt);
}

}  // namespace chatwire::dialect
