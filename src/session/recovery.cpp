#include "session/recovery.h"

#include <string_view>
#include <utility>

namespace chatwire::session {

namespace {

bool is_json_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

/// The index of the last non-space byte before `end`, or npos.
std::size_t last_non_space(std::string_view text, std::size_t end) {
  while (end > 0) {
    --end;
    if (!is_json_space(text[end])) return end;
  }
  return std::string_view::npos;
}

/// The value of the JSON string literal `literal` (quotes included), or
/// nullopt if it is not a valid one. Offsets are plain ASCII in practice:
/// those are taken as they are; anything else goes through the parser.
std::optional<std::string> string_value(std::string_view literal) {
  const std::string_view inside = literal.substr(1, literal.size() - 2);
  bool plain = true;
  for (const char c : inside) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte >= 0x80 || byte == '\\') {
      plain = false;
      break;
    }
  }
  if (plain) return std::string(inside);
  json_util::ParseOutcome parsed = json_util::parse(literal);
  if (!parsed.value || !parsed.value->is_string()) return std::nullopt;
  return parsed.value->get<std::string>();
}

}  // namespace

std::optional<std::string> take_last_string_argument(std::string& args_json) {
  const std::string_view text = args_json;
  const std::size_t bracket = last_non_space(text, text.size());
  if (bracket == std::string_view::npos || text[bracket] != ']') return std::nullopt;
  const std::size_t close_quote = last_non_space(text, bracket);
  if (close_quote == std::string_view::npos || text[close_quote] != '"') return std::nullopt;

  // Back to the opening quote: the first '"' not escaped, i.e. preceded by
  // an even number of backslashes (inside a valid string every '"' is
  // escaped). Never further back than an offset can be long.
  std::size_t open_quote = std::string_view::npos;
  const std::size_t floor = close_quote > kMaxRecoveryOffsetBytes + 1 ? close_quote - kMaxRecoveryOffsetBytes - 1 : 0;
  for (std::size_t i = close_quote; i > floor;) {
    --i;
    if (text[i] != '"') continue;
    std::size_t backslashes = 0;
    while (backslashes < i && text[i - 1 - backslashes] == '\\') ++backslashes;
    if (backslashes % 2 == 0) {
      open_quote = i;
      break;
    }
  }
  if (open_quote == std::string_view::npos) return std::nullopt;

  // The string must be an element of the array: after '[' or ','.
  const std::size_t before = last_non_space(text, open_quote);
  if (before == std::string_view::npos || (text[before] != ',' && text[before] != '[')) return std::nullopt;
  std::optional<std::string> value = string_value(text.substr(open_quote, close_quote - open_quote + 1));
  if (!value) return std::nullopt;

  if (text[before] == '[') {
    args_json.resize(before + 1);  // "[" : the offset was the only argument
  } else {
    args_json.resize(before);  // up to the comma
  }
  args_json.push_back(']');
  return value;
}

bool Recovery::on_connected(const json_util::Json* connect_data) {
  std::optional<std::string> pid =
      connect_data != nullptr ? json_util::get_string(*connect_data, "pid") : std::nullopt;
  if (!pid || pid->empty()) {
    forget();
    return false;
  }
  const bool recovered = *pid == pid_;
  if (!recovered) offset_.reset();  // a new session: the old offsets mean nothing to it
  pid_ = std::move(*pid);
  return recovered;
}

void Recovery::take_offset(std::string& args_json, bool asks_for_ack) {
  if (pid_.empty() || asks_for_ack) return;
  if (std::optional<std::string> offset = take_last_string_argument(args_json)) offset_ = std::move(offset);
}

std::optional<json_util::Json> Recovery::connect_auth(const json_util::Json& user_auth) const {
  if (pid_.empty()) {
    if (user_auth.is_object()) return user_auth;
    return std::nullopt;
  }
  json_util::Json auth = json_util::Json::object();
  auth["pid"] = pid_;
  if (offset_) auth["offset"] = *offset_;
  if (user_auth.is_object()) {
    for (auto it = user_auth.begin(); it != user_auth.end(); ++it) auth[it.key()] = it.value();
  }
  return auth;
}

void Recovery::forget() {
  pid_.clear();
  offset_.reset();
}

}  // namespace chatwire::session
