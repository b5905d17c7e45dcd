#include "util/json_escape.h"

#include "util/json_plain_run.h"
#include "util/utf8.h"

namespace chatwire::json_util {

void append_json_string(std::string& out, std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  std::size_t pos = 0;
  while (pos < text.size()) {
    // Most text needs no escape: copy each run of plain ASCII at once (a
    // byte-by-byte append was the largest cost of writing a message).
    const std::size_t run = plain_run_end(text, pos);
    out.append(text.data() + pos, run - pos);
    pos = run;
    if (pos == text.size()) break;
    const auto byte = static_cast<unsigned char>(text[pos]);
    if (byte >= 0x80) {
      const std::size_t length = utf8::sequence_length(text, pos);
      if (length == 0) {
        out += "\xEF\xBF\xBD";  // U+FFFD for the byte that starts no sequence
        pos += 1;
      } else {
        out.append(text.data() + pos, length);
        pos += length;
      }
      continue;
    }
    switch (byte) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:  // the other control characters
        out += "\\u00";
        out += kHex[byte >> 4];
        out += kHex[byte & 0xF];
    }
    pos += 1;
  }
  out += '"';
}

}  // namespace chatwire::json_util
