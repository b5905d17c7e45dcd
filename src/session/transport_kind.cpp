#include "session/transport_kind.h"

namespace chatwire::session {
namespace {

// RFC 3986 unreserved characters pass; everything else is percent-encoded.
void append_percent_encoded(std::string& out, std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    const bool unreserved = (byte >= 'A' && byte <= 'Z') || (byte >= 'a' && byte <= 'z') ||
                            (byte >= '0' && byte <= '9') || byte == '-' || byte == '.' || byte == '_' ||
                            byte == '~';
    if (unreserved) {
      out.push_back(c);
    } else {
      out.push_back('%');
      out.push_back(kHex[byte >> 4]);
      out.push_back(kHex[byte & 0x0F]);
    }
  }
}

void append_parameter(std::string& query, std::string_view key, std::string_view value) {
  query.push_back('&');
  append_percent_encoded(query, key);
  query.push_back('=');
  append_percent_encoded(query, value);
}

}  // namespace

const char* to_string(TransportKind kind) {
  switch (kind) {
    case TransportKind::kWebSocket:
      return "websocket";
    case TransportKind::kPolling:
      return "polling";
  }
  return "unknown";
}

std::optional<TransportKind> transport_kind_named(std::string_view name) {
  if (name == "websocket") return TransportKind::kWebSocket;
  if (name == "polling") return TransportKind::kPolling;
  return std::nullopt;
}

std::string transport_query(TransportKind kind, const std::vector<std::pair<std::string, std::string>>& extra,
                            std::string_view sid) {
  std::string query = "EIO=4&transport=";
  query += to_string(kind);
  if (!sid.empty()) append_parameter(query, "sid", sid);
  for (const auto& [key, value] : extra) append_parameter(query, key, value);
  return query;
}

}  // namespace chatwire::session
