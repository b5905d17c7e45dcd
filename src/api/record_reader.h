// Reading records that JavaScript kept across page loads (stored sends,
// cached rooms) without trusting them: another version of Chatwire, an
// extension or a hand edit may have written them. A record with a field
// missing or mistyped is skipped with a reason; the others are read.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "util/json.h"

namespace chatwire::api {

/// The fields of one JSON object. Each reader returns false, and says why in
/// `why()`, when the field is missing (and required) or of another type.
class FieldReader {
 public:
  /// `value` must outlive the reader.
  explicit FieldReader(const json_util::Json& value) : value_(value) {}

  /// False (with a reason) when the value is not an object.
  [[nodiscard]] bool is_object();
  /// The field's "schema" is `schema`.
  [[nodiscard]] bool schema(int schema);
  bool string(const char* name, std::string& out, bool required = true);
  /// A string, or null for "none" (an empty `out`).
  bool string_or_null(const char* name, std::string& out);
  bool integer(const char* name, std::int64_t& out);
  bool optional_integer(const char* name, std::optional<std::int64_t>& out);
  bool boolean(const char* name, bool& out);
  /// The field, or nullptr when it is missing.
  [[nodiscard]] const json_util::Json* find(const char* name) const;

  [[nodiscard]] const std::string& why() const { return why_; }
  bool fail(std::string why) {
    why_ = std::move(why);
    return false;
  }

 private:
  const json_util::Json& value_;
  std::string why_;
};

/// What could be read of a JSON array of records.
template <class Record>
struct RecordsRead {
  std::vector<Record> records;
  /// One line per record left out, and why (for a warning).
  std::vector<std::string> skipped;
  /// Why the text as a whole is unusable (not JSON, not an array); empty when it is.
  std::string error;
};

/// Reads `json`, an array, with `read_one(FieldReader&) -> std::optional<Record>`;
/// a record it refuses is skipped with the reader's why().
template <class Record, class ReadOne>
RecordsRead<Record> read_records(std::string_view json, ReadOne read_one) {
  RecordsRead<Record> read;
  json_util::ParseOutcome parsed = json_util::parse(json);
  if (!parsed.value) {
    read.error = "the records are not valid JSON";
    return read;
  }
  if (!parsed.value->is_array()) {
    read.error = "the records are not a JSON array";
    return read;
  }
  std::size_t index = 0;
  for (const json_util::Json& value : *parsed.value) {
    FieldReader fields(value);
    std::optional<Record> record;
    if (fields.is_object()) record = read_one(fields);
    if (record) {
      read.records.push_back(std::move(*record));
    } else {
      read.skipped.push_back("record " + std::to_string(index) + ": " + fields.why());
    }
    ++index;
  }
  return read;
}

}  // namespace chatwire::api
