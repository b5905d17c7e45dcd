// Differential fuzzing of json_util::sax_parse (the one-pass reader of
// util/json_sax_reader.h, which every frame's arguments go through) against
// json_util::parse (nlohmann's DOM parser, the reference).
//
// Input: any bytes, read as one JSON text. The first byte, when it is a
// digit, also picks a small depth bound (1-9) for a second comparison, so
// that the bound is exercised at every depth and not only at 64.
//
// Properties, beyond "no crash, leak or undefined behaviour":
//  1. Same acceptance: sax_parse refuses exactly when parse() does, with the
//     same failure (kSyntax or kTooDeep) and, for kSyntax, the same offset.
//  2. Same values: on accepted text, the tree built from sax_parse's
//     callbacks is the DOM parse() builds, compared as serialized text, so
//     that an integer and a double of the same value, or 0 and -0.0, differ.
//  3. No container past the depth bound is ever opened.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_support.h"
#include "util/json.h"

namespace {

namespace json_util = chatwire::json_util;
using chatwire::fuzz::printable;
using json_util::Json;

// Builds a DOM from the callbacks, as nlohmann's own DOM parser does (a
// repeated key keeps its last value).
class TreeBuilder final : public json_util::SaxHandler {
 public:
  explicit TreeBuilder(std::size_t max_depth) : max_depth_(max_depth) {}

  Json root;

  bool null() override { return put(Json()); }
  bool boolean(bool value) override { return put(Json(value)); }
  bool number_integer(number_integer_t value) override { return put(Json(value)); }
  bool number_unsigned(number_unsigned_t value) override { return put(Json(value)); }
  bool number_float(number_float_t value, const string_t& /*text*/) override { return put(Json(value)); }
  bool string(string_t& value) override { return put(Json(value)); }
  bool start_object(std::size_t /*elements*/) override { return open(Json::object()); }
  bool key(string_t& value) override {
    key_ = value;
    return true;
  }
  bool end_object() override { return close(); }
  bool start_array(std::size_t /*elements*/) override { return open(Json::array()); }
  bool end_array() override { return close(); }

 private:
  bool put(Json value) {
    place(std::move(value));
    return true;
  }
  Json* place(Json value) {
    if (stack_.empty()) {
      root = std::move(value);
      return &root;
    }
    Json& parent = *stack_.back();
    if (parent.is_array()) {
      parent.push_back(std::move(value));
      return &parent.back();
    }
    Json& slot = parent[key_];
    slot = std::move(value);
    return &slot;
  }
  bool open(Json container) {
    FUZZ_CHECK(stack_.size() < max_depth_, "opened a container past the depth bound");
    stack_.push_back(place(std::move(container)));
    return true;
  }
  bool close() {
    FUZZ_CHECK(!stack_.empty(), "closed a container never opened");
    stack_.pop_back();
    return true;
  }

  std::size_t max_depth_;
  std::vector<Json*> stack_;
  std::string key_;
};

void compare(std::string_view text, std::size_t max_depth) {
  const json_util::ParseOutcome expected = json_util::parse(text, max_depth);
  TreeBuilder builder(max_depth);
  const json_util::SaxOutcome read = json_util::sax_parse(text, builder, max_depth);
  const std::string where = " (depth bound " + std::to_string(max_depth) + "): " + printable(text);
  FUZZ_CHECK(read.ok == expected.value.has_value(),
             std::string(read.ok ? "sax_parse accepts" : "sax_parse refuses") + " what parse() does not" + where);
  if (!read.ok) {
    FUZZ_CHECK(read.failure == expected.failure, "different failure" + where);
    if (read.failure == json_util::ParseFailure::kSyntax) {
      FUZZ_CHECK(read.error_offset == expected.error_offset,
                 "error at byte " + std::to_string(read.error_offset) + ", parse() says " +
                     std::to_string(expected.error_offset) + where);
    }
    return;
  }
  const std::string built = json_util::dump(builder.root);
  const std::string reference = json_util::dump(*expected.value);
  FUZZ_CHECK(built == reference, "read " + printable(built) + ", parse() reads " + printable(reference) + where);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = chatwire::fuzz::as_view(data, size);
  compare(text, json_util::kDefaultMaxDepth);
  if (!text.empty() && text.front() >= '1' && text.front() <= '9') {
    compare(text, static_cast<std::size_t>(text.front() - '0'));
  }
  return 0;
}
