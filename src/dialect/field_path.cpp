#include "dialect/field_path.h"

#include <charconv>

namespace chatwire::dialect {

using json_util::Json;

std::optional<std::size_t> array_index(const std::string& segment) {
  std::size_t index = 0;
  const char* end = segment.data() + segment.size();
  const auto [ptr, ec] = std::from_chars(segment.data(), end, index);
  if (ec != std::errc() || ptr != end) return std::nullopt;
  return index;
}

std::optional<FieldPath> parse_field_path(std::string_view text) {
  if (text.empty() || text.size() > kMaxPathLength) return std::nullopt;
  FieldPath path{std::string(text), {}};
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = text.find('.', start);
    const std::string_view segment = text.substr(start, dot == std::string_view::npos ? dot : dot - start);
    if (segment.empty() || path.segments.size() == kMaxPathSegments) return std::nullopt;
    path.segments.emplace_back(segment);
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return path;
}

const Json* lookup(const Json& root, const FieldPath& path) {
  const Json* at = &root;
  for (const std::string& segment : path.segments) {
    if (at->is_object()) {
      at = json_util::find(*at, segment);
    } else if (at->is_array()) {
      const std::optional<std::size_t> index = array_index(segment);
      at = index && *index < at->size() ? &(*at)[*index] : nullptr;
    } else {
      return nullptr;
    }
    if (at == nullptr) return nullptr;
  }
  return at->is_null() ? nullptr : at;
}

std::optional<std::string> read_id(const Json& value) {
  if (value.is_string()) return value.get_ref<const std::string&>();
  if (value.is_number_unsigned()) return std::to_string(value.get<std::uint64_t>());
  if (value.is_number_integer()) return std::to_string(value.get<std::int64_t>());
  return std::nullopt;
}

std::optional<std::string> read_text(const Json& value) {
  if (!value.is_string()) return std::nullopt;
  return value.get_ref<const std::string&>();
}

std::optional<std::int64_t> read_int(const Json& value) {
  if (value.is_number_unsigned()) {
    const auto unsigned_value = value.get<std::uint64_t>();
    if (unsigned_value > static_cast<std::uint64_t>(INT64_MAX)) return std::nullopt;
    return static_cast<std::int64_t>(unsigned_value);
  }
  if (value.is_number_integer()) return value.get<std::int64_t>();
  return std::nullopt;
}

std::optional<bool> read_bool(const Json& value) {
  if (!value.is_boolean()) return std::nullopt;
  return value.get<bool>();
}

std::optional<std::int64_t> read_timestamp_ms(const Json& value, EpochUnit unit) {
  if (value.is_string()) return parse_iso8601_ms(value.get_ref<const std::string&>());
  if (value.is_number_float()) return epoch_to_ms(value.get<double>(), unit);
  if (const std::optional<std::int64_t> count = read_int(value)) return epoch_to_ms(*count, unit);
  return std::nullopt;
}

std::optional<std::vector<chat::Reaction>> read_reactions(const Json& value) {
  if (!value.is_array()) return std::nullopt;
  std::vector<chat::Reaction> reactions;
  for (const Json& item : value) {
    const Json* emoji = item.is_object() ? json_util::find(item, "emoji") : nullptr;
    const Json* users = item.is_object() ? json_util::find(item, "users") : nullptr;
    if (emoji == nullptr || !emoji->is_string() || emoji->get_ref<const std::string&>().empty() ||
        users == nullptr || !users->is_array()) {
      return std::nullopt;
    }
    // Past the bound, further emoji are left out rather than the message:
    // the server allows far fewer (20 distinct emoji per message).
    if (reactions.size() == kMaxReactions) continue;
    chat::Reaction reaction;
    reaction.emoji = emoji->get<std::string>();
    reaction.users.reserve(users->size());
    for (const Json& user : *users) {
      std::optional<std::string> id = read_id(user);
      if (!id) return std::nullopt;
      reaction.users.push_back(std::move(*id));
    }
    reaction.count = static_cast<std::uint32_t>(reaction.users.size());
    reactions.push_back(std::move(reaction));
  }
  return reactions;
}

}  // namespace chatwire::dialect
