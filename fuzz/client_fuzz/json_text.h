// Writes JSON text by hand, for the fake server's payloads: unlike a JSON
// library it passes invalid UTF-8 through and keeps duplicate keys, as a
// hostile server may send them.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace chatwire::fuzz::client_fuzz {

/// Appends `raw` to `out` as a JSON string: quoted, with '"', '\\' and
/// control characters escaped, every other byte as it is.
void append_quoted(std::string& out, std::string_view raw);

/// `raw` as a JSON string (see append_quoted).
std::string json_string(std::string_view raw);

/// An object from (key, value text) pairs, in order; duplicates allowed.
std::string object_text(const std::vector<std::pair<std::string, std::string>>& fields);

/// "2024-06-03T" plus `seconds` after midnight, and `suffix` (a zone or "").
std::string iso_time(std::int64_t seconds, const char* suffix);

}  // namespace chatwire::fuzz::client_fuzz
