// Differential fuzzing of the dialect's two readers: Dialect::read_event /
// read_response (the plan reader: one SAX pass over the argument text, no
// DOM) against decode_event / decode_response on json_util::parse() of the
// same text (the DOM reader, the reference).
//
// Input format, chosen so seeds stay readable text files:
//   <event name>\n<argument array as JSON text>
// or, for an ack,
//   !<operation>\n<argument array as JSON text>
// where <operation> is one of chat::to_string()'s names ("join", "send",
// ...; any other text picks one by hash). Every input is read by all six
// presets.
//
// Properties, beyond "no crash, leak or undefined behaviour":
//  1. Same acceptance: read_event (read_response) refuses the text exactly
//     when parse() does, with the same reason: "nest deeper" for kTooDeep,
//     and for a syntax error the same byte offset.
//  2. Same reading: on accepted text, the decoded result (signal, unknown or
//     malformed event with its message; or the Response) is the same, field
//     by field (dialect::to_text spells out every field).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "dialect/decoded_text.h"
#include "dialect/dialect.h"
#include "fuzz_support.h"

namespace {

namespace dialect = chatwire::dialect;
namespace json_util = chatwire::json_util;
using chatwire::fuzz::printable;

const std::vector<dialect::Dialect>& presets() {
  static const std::vector<dialect::Dialect> loaded = [] {
    std::vector<dialect::Dialect> out;
    for (const std::string& name : dialect::Dialect::preset_names()) {
      auto preset = dialect::Dialect::preset(name);
      FUZZ_CHECK(preset.ok(), "preset " + name + " does not load");
      out.push_back(std::move(preset).value());
    }
    return out;
  }();
  return loaded;
}

// What the plan reader must say when parse() refuses the text.
std::string expected_refusal(const json_util::ParseOutcome& parsed) {
  if (parsed.failure == json_util::ParseFailure::kTooDeep) {
    return "the arguments nest deeper than " + std::to_string(json_util::kDefaultMaxDepth) + " levels";
  }
  return "the arguments are not valid JSON (error at byte " + std::to_string(parsed.error_offset) + ")";
}

chatwire::chat::Operation operation(std::string_view name) {
  for (std::size_t i = 0; i < chatwire::chat::kOperationCount; ++i) {
    const auto op = static_cast<chatwire::chat::Operation>(i);
    if (name == chatwire::chat::to_string(op)) return op;
  }
  return static_cast<chatwire::chat::Operation>(chatwire::fuzz::fnv1a(name) %
                                                chatwire::chat::kOperationCount);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input = chatwire::fuzz::as_view(data, size);
  const std::size_t newline = input.find('\n');
  const std::string_view header =
      newline == std::string_view::npos ? std::string_view() : input.substr(0, newline);
  const std::string_view args = newline == std::string_view::npos ? input : input.substr(newline + 1);

  const json_util::ParseOutcome parsed = json_util::parse(args);
  const bool ack = !header.empty() && header.front() == '!';
  const chatwire::chat::Operation op = operation(ack ? header.substr(1) : header);

  for (const dialect::Dialect& preset : presets()) {
    const std::string where =
        preset.name() + (ack ? " ack to " : " event ") + printable(header) + " args " + printable(args);
    if (ack) {
      const auto read = preset.read_response(op, args);
      FUZZ_CHECK(read.ok() == parsed.value.has_value(), "acceptance differs: " + where);
      if (!read.ok()) {
        FUZZ_CHECK(
            read.error().message == expected_refusal(parsed),
            "refusal differs: " + read.error().message + " vs " + expected_refusal(parsed) + ": " + where);
        continue;
      }
      const std::string sax = dialect::to_text(*read);
      const std::string dom = dialect::to_text(preset.decode_response(op, *parsed.value));
      FUZZ_CHECK(sax == dom, "ack read differs: " + where + "\n  plan: " + sax + "\n  dom:  " + dom);
    } else {
      const auto read = preset.read_event(header, args);
      FUZZ_CHECK(read.ok() == parsed.value.has_value(), "acceptance differs: " + where);
      if (!read.ok()) {
        FUZZ_CHECK(
            read.error().message == expected_refusal(parsed),
            "refusal differs: " + read.error().message + " vs " + expected_refusal(parsed) + ": " + where);
        continue;
      }
      const std::string sax = dialect::to_text(*read);
      const std::string dom = dialect::to_text(preset.decode_event(header, *parsed.value));
      FUZZ_CHECK(sax == dom, "event read differs: " + where + "\n  plan: " + sax + "\n  dom:  " + dom);
    }
  }
  return 0;
}
