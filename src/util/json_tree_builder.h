// A SAX handler that builds the nlohmann::json tree of the text it is fed:
// what json_util::parse() returns, and what the fuzz targets compare with
// nlohmann's own parser (fuzz/json_sax_reader_fuzz.cpp watches its depth).
#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "util/json.h"

namespace chatwire::json_util {

/// Builds the tree as nlohmann's own DOM parser does: a repeated key keeps
/// its last value. The reader never opens a container past its depth bound,
/// so the stack of open containers is bounded too.
class TreeBuilder : public SaxHandler {
 public:
  /// The document, once sax_parse() accepted the text.
  Json root;

  bool null() override { return put(Json()); }
  bool boolean(bool value) override { return put(Json(value)); }
  bool number_integer(number_integer_t value) override { return put(Json(value)); }
  bool number_unsigned(number_unsigned_t value) override { return put(Json(value)); }
  bool number_float(number_float_t value, const string_t& /*text*/) override { return put(Json(value)); }
  bool string(string_t& value) override { return put(Json(std::move(value))); }
  bool start_object(std::size_t /*elements*/) override { return open(Json::value_t::object); }
  bool key(string_t& value) override {
    key_ = std::move(value);
    return true;
  }
  bool end_object() override { return close(); }
  bool start_array(std::size_t /*elements*/) override { return open(Json::value_t::array); }
  bool end_array() override { return close(); }

 protected:
  /// How many containers are open now.
  [[nodiscard]] std::size_t depth() const { return open_.size(); }

 private:
  bool put(Json&& value) {
    place(std::move(value));
    return true;
  }
  Json& place(Json&& value) {
    if (open_.empty()) {
      root = std::move(value);
      return root;
    }
    Json& parent = *open_.back();
    if (parent.is_array()) {
      parent.push_back(std::move(value));
      return parent.back();
    }
    Json& slot = parent[key_];
    slot = std::move(value);
    return slot;
  }
  bool open(Json::value_t kind) {
    open_.push_back(&place(Json(kind)));
    return true;
  }
  bool close() {
    open_.pop_back();  // the reader closes only what it opened
    return true;
  }

  std::vector<Json*> open_;  // the containers being filled, innermost last
  std::string key_;          // the key of the next member of the innermost object
};

}  // namespace chatwire::json_util
