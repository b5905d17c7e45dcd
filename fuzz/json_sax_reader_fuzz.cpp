// Differential fuzzing of the core's JSON reader and writer (src/util/json*,
// all the JSON parsing the module does: every frame's arguments through
// json_util::sax_parse, every other document through json_util::parse)
// against nlohmann's own parser and serializer (nlohmann_reference.h).
//
// Input: any bytes, read as one JSON text. The first byte, when it is a
// digit, also picks a small depth bound (1-9) for a second comparison of
// the bytes after it, so that the bound is exercised at every depth and not
// only at 64.
//
// Properties, beyond "no crash, leak or undefined behaviour":
//  1. Same acceptance: sax_parse and parse refuse exactly when nlohmann
//     does, with the same failure (kSyntax or kTooDeep); for kSyntax, both
//     at the same byte, never past the byte nlohmann names, and within the
//     text (json_sax_reader.h says why they may be earlier).
//  2. Same values: on accepted text, the tree built from sax_parse's
//     callbacks and the tree parse() returns are nlohmann's, compared as
//     serialized text, so that an integer and a double of the same value,
//     or 0 and -0.0, differ.
//  3. Same text out: json_util::dump writes nlohmann's dump, byte for byte.
//  4. No container past the depth bound is ever opened.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_support.h"
#include "nlohmann_reference.h"
#include "util/json.h"
#include "util/json_tree_builder.h"

namespace {

namespace json_util = chatwire::json_util;
using chatwire::fuzz::printable;
using json_util::Json;

// The core's own tree builder (what parse() uses), watched: it must never be
// asked to open a container past the depth bound, nor to close one it has not.
class BoundedTreeBuilder final : public json_util::TreeBuilder {
 public:
  explicit BoundedTreeBuilder(std::size_t max_depth) : max_depth_(max_depth) {}

  bool start_object(std::size_t elements) override {
    check_open();
    return TreeBuilder::start_object(elements);
  }
  bool start_array(std::size_t elements) override {
    check_open();
    return TreeBuilder::start_array(elements);
  }
  bool end_object() override {
    check_close();
    return TreeBuilder::end_object();
  }
  bool end_array() override {
    check_close();
    return TreeBuilder::end_array();
  }

 private:
  void check_open() const { FUZZ_CHECK(depth() < max_depth_, "opened a container past the depth bound"); }
  void check_close() const { FUZZ_CHECK(depth() > 0, "closed a container never opened"); }

  std::size_t max_depth_;
};

void compare(std::string_view text, std::size_t max_depth) {
  const chatwire::fuzz::ReferenceOutcome expected = chatwire::fuzz::reference_parse(text, max_depth);
  BoundedTreeBuilder builder(max_depth);
  const json_util::SaxOutcome read = json_util::sax_parse(text, builder, max_depth);
  const json_util::ParseOutcome parsed = json_util::parse(text, max_depth);
  const std::string where = " (depth bound " + std::to_string(max_depth) + "): " + printable(text);
  FUZZ_CHECK(read.ok == expected.value.has_value(),
             std::string(read.ok ? "sax_parse accepts" : "sax_parse refuses") + " what nlohmann does not" + where);
  FUZZ_CHECK(parsed.value.has_value() == read.ok, "parse() and sax_parse disagree" + where);
  if (!read.ok) {
    FUZZ_CHECK(read.failure == expected.failure && parsed.failure == expected.failure, "different failure" + where);
    if (read.failure == json_util::ParseFailure::kSyntax) {
      FUZZ_CHECK(parsed.error_offset == read.error_offset, "parse() and sax_parse name different bytes" + where);
      FUZZ_CHECK(read.error_offset <= expected.error_offset && read.error_offset <= text.size(),
                 "error at byte " + std::to_string(read.error_offset) + ", nlohmann says " +
                     std::to_string(expected.error_offset) + where);
    }
    return;
  }
  const std::string reference = chatwire::fuzz::reference_dump(*expected.value);
  const std::string written = json_util::dump(*expected.value);
  FUZZ_CHECK(written == reference, "dump() writes " + printable(written) + ", nlohmann writes " + printable(reference) + where);
  const std::string built = json_util::dump(builder.root);
  FUZZ_CHECK(built == reference, "read " + printable(built) + ", nlohmann reads " + printable(reference) + where);
  const std::string tree = json_util::dump(*parsed.value);
  FUZZ_CHECK(tree == reference, "parse() reads " + printable(tree) + ", nlohmann reads " + printable(reference) + where);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = chatwire::fuzz::as_view(data, size);
  compare(text, json_util::kDefaultMaxDepth);
  // The bound applies to the rest of the input: a text that starts with a
  // digit is a number, which never nests, so bounding the whole input
  // tested no bound at all.
  if (!text.empty() && text.front() >= '1' && text.front() <= '9') {
    compare(text.substr(1), static_cast<std::size_t>(text.front() - '0'));
  }
  return 0;
}
