// Writing a string as a JSON string literal: the one escaper of the core,
// used by the answers to JavaScript (api/json_writer.cpp) and by
// json_util::dump() for everything sent to a server.
#pragma once

#include <string>
#include <string_view>

namespace chatwire::json_util {

/// Appends `text` to `out` as a quoted JSON string: '"' and '\\' escaped,
/// control characters as \b \f \n \r \t or \u00XX, other text copied as
/// UTF-8, each byte that starts no well-formed UTF-8 sequence replaced with
/// U+FFFD (so the output is always valid JSON and valid UTF-8).
void append_json_string(std::string& out, std::string_view text);

}  // namespace chatwire::json_util
