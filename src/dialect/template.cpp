#include "dialect/template.h"

#include <utility>

namespace chatwire::dialect {

using json_util::Json;

namespace {

constexpr std::array<std::string_view, kPlaceholderCount> kNames = {
    "room",  "text",     "client_id", "user.id", "user.name", "message_id", "seq",       "since",     "before",
    "after", "limit",    "reply_to",  "op_id",   "emoji",     "on",         "since_rev", "after_rev", "around",
};

// A template string cut into literal text and placeholders.
struct Part {
  std::string literal;
  std::optional<Placeholder> placeholder;
};

Result<std::vector<Part>, std::string> split(std::string_view text) {
  std::vector<Part> parts;
  std::string literal;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const char c = text[pos];
    const bool doubled = pos + 1 < text.size() && text[pos + 1] == c;
    if (c == '}') {
      if (!doubled) return Failure{std::string("unmatched '}' (write \"}}\" for a literal brace)")};
      literal += '}';
      pos += 2;
    } else if (c == '{' && doubled) {
      literal += '{';
      pos += 2;
    } else if (c == '{') {
      const std::size_t close = text.find('}', pos + 1);
      if (close == std::string_view::npos) {
        return Failure{std::string("unclosed '{' (write \"{{\" for a literal brace)")};
      }
      const std::string_view name = text.substr(pos + 1, close - pos - 1);
      const std::optional<Placeholder> placeholder = placeholder_from_name(name);
      if (!placeholder) return Failure{"unknown placeholder {" + std::string(name) + "}"};
      if (!literal.empty()) parts.push_back({std::move(literal), std::nullopt});
      literal.clear();
      parts.push_back({{}, placeholder});
      pos = close + 1;
    } else {
      literal += c;
      ++pos;
    }
  }
  if (!literal.empty() || parts.empty()) parts.push_back({std::move(literal), std::nullopt});
  return parts;
}

std::string child_path(const std::string& parent, std::string_view key) {
  return parent.empty() ? std::string(key) : parent + "." + std::string(key);
}

std::string index_path(const std::string& parent, std::size_t index) {
  return parent + "[" + std::to_string(index) + "]";
}

bool scan(const Json& node, const std::string& path, std::size_t depth, std::vector<PlaceholderUse>& uses,
          std::optional<TemplateError>& error) {
  if (depth > kMaxTemplateDepth) {
    error = TemplateError{path, "the template nests deeper than " + std::to_string(kMaxTemplateDepth)};
    return false;
  }
  if (node.is_string()) {
    auto parts = split(node.get_ref<const std::string&>());
    if (!parts) {
      error = TemplateError{path, parts.error()};
      return false;
    }
    for (const Part& part : *parts) {
      if (part.placeholder) uses.push_back({path, *part.placeholder});
    }
  } else if (node.is_object()) {
    for (const auto& [key, value] : node.items()) {
      if (!scan(value, child_path(path, key), depth + 1, uses, error)) return false;
    }
  } else if (node.is_array()) {
    for (std::size_t i = 0; i < node.size(); ++i) {
      if (!scan(node[i], index_path(path, i), depth + 1, uses, error)) return false;
    }
  }
  return true;
}

std::string as_text(const Json& value) {
  if (value.is_string()) return value.get_ref<const std::string&>();
  return json_util::dump(value);  // numbers: their decimal form
}

std::optional<Json> fill_string(const std::string& text, const PlaceholderValues& values) {
  auto parts = split(text);
  if (!parts) return Json(text);  // unreachable after scan_template(); keep the text as it is
  if (parts->size() == 1 && (*parts)[0].placeholder)
    return values[static_cast<std::size_t>(*(*parts)[0].placeholder)];
  std::string out;
  for (const Part& part : *parts) {
    if (!part.placeholder) {
      out += part.literal;
      continue;
    }
    const std::optional<Json>& value = values[static_cast<std::size_t>(*part.placeholder)];
    if (!value) return std::nullopt;
    out += as_text(*value);
  }
  return Json(std::move(out));
}

std::optional<Json> fill(const Json& node, const PlaceholderValues& values, std::size_t depth) {
  if (depth > kMaxTemplateDepth) return std::nullopt;  // refused by scan_template()
  if (node.is_string()) return fill_string(node.get_ref<const std::string&>(), values);
  if (node.is_object()) {
    Json out = Json::object();
    for (const auto& [key, value] : node.items()) {
      if (std::optional<Json> filled = fill(value, values, depth + 1)) out[key] = std::move(*filled);
    }
    return out;
  }
  if (node.is_array()) {
    Json out = Json::array();
    for (const Json& element : node) {
      if (std::optional<Json> filled = fill(element, values, depth + 1)) out.push_back(std::move(*filled));
    }
    return out;
  }
  return node;
}

}  // namespace

std::optional<Placeholder> placeholder_from_name(std::string_view name) {
  for (std::size_t i = 0; i < kNames.size(); ++i) {
    if (kNames[i] == name) return static_cast<Placeholder>(i);
  }
  return std::nullopt;
}

std::string placeholder_text(Placeholder placeholder) {
  return "{" + std::string(kNames[static_cast<std::size_t>(placeholder)]) + "}";
}

bool meaningful_for(Placeholder placeholder, chat::Operation op) {
  using chat::Operation;
  switch (placeholder) {
    case Placeholder::kRoom:
    case Placeholder::kUserId:
    case Placeholder::kUserName:
      return true;
    case Placeholder::kText:
      return op == Operation::kSend || op == Operation::kEdit;
    case Placeholder::kClientId:
    case Placeholder::kReplyTo:
      return op == Operation::kSend;
    case Placeholder::kMessageId:
      return op == Operation::kMarkRead || chat::changes_message(op);
    case Placeholder::kSeq:
      return op == Operation::kMarkRead;
    case Placeholder::kSince:
    case Placeholder::kSinceRev:
      return op == Operation::kJoin;
    case Placeholder::kBefore:
    case Placeholder::kAfter:
    case Placeholder::kAround:
      return op == Operation::kHistory;
    case Placeholder::kLimit:
      return op == Operation::kHistory || op == Operation::kChanges;
    case Placeholder::kOpId:
      return chat::changes_message(op);
    case Placeholder::kEmoji:
    case Placeholder::kOn:
      return op == Operation::kReact;
    case Placeholder::kAfterRev:
      return op == Operation::kChanges;
  }
  return false;
}

Result<std::vector<PlaceholderUse>, TemplateError> scan_template(const Json& tmpl) {
  std::vector<PlaceholderUse> uses;
  std::optional<TemplateError> error;
  if (!scan(tmpl, "", 0, uses, error)) return Failure{std::move(*error)};
  return uses;
}

std::optional<Json> fill_template(const Json& tmpl, const PlaceholderValues& values) {
  return fill(tmpl, values, 0);
}

}  // namespace chatwire::dialect
