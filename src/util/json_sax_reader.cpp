#include "util/json_sax_reader.h"

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>

#include "util/decimal_to_double.h"
#include "util/json_depth.h"
#include "util/json_plain_run.h"
#include "util/utf8.h"

namespace chatwire::json_util {
namespace {

// nlohmann calls start_object/start_array with this count: "unknown".
constexpr std::size_t kUnknownSize = static_cast<std::size_t>(-1);

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool is_high_surrogate(std::uint32_t unit) { return unit >= 0xD800 && unit <= 0xDBFF; }
bool is_low_surrogate(std::uint32_t unit) { return unit >= 0xDC00 && unit <= 0xDFFF; }

void append_utf8(std::string& out, std::uint32_t code_point) {
  if (code_point < 0x80) {
    out += static_cast<char>(code_point);
  } else if (code_point < 0x800) {
    out += static_cast<char>(0xC0 | (code_point >> 6));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  } else if (code_point < 0x10000) {
    out += static_cast<char>(0xE0 | (code_point >> 12));
    out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (code_point >> 18));
    out += static_cast<char>(0x80 | ((code_point >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  }
}

// The outcome of one step: go on, or stop with the reader's result.
enum class Step { kGo, kRefused, kStopped };

class Reader {
 public:
  Reader(std::string_view text, nlohmann::json::json_sax_t& handler, std::size_t max_depth, std::string& buffer)
      : text_(text), handler_(handler), max_depth_(max_depth), buffer_(buffer) {}

  SaxRead run() {
    // nlohmann skips a UTF-8 byte order mark at the very start (and refuses
    // a partial one, as any other stray byte).
    if (text_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;
    skip_space();
    const Step step = value(0);
    if (step == Step::kStopped) return {SaxReadResult::kStoppedByHandler, pos_};
    if (step == Step::kRefused) return {SaxReadResult::kRefused, pos_};
    skip_space();
    // nlohmann's lexer takes a NUL byte between tokens for the end of the
    // input, so whatever follows one after the value is not read.
    if (pos_ == text_.size()) return {SaxReadResult::kAccepted, 0};
    if (text_[pos_] != '\0') return {SaxReadResult::kRefused, pos_};
    // The depth of the whole text is bounded, the part after the NUL too.
    if (nesting_depth(text_, max_depth_) > max_depth_) return {SaxReadResult::kRefused, pos_};
    return {SaxReadResult::kAccepted, 0};
  }

 private:
  static Step told(bool go_on) { return go_on ? Step::kGo : Step::kStopped; }

  // Refuses the text at byte `at`: the error offset is where pos_ stands.
  Step refuse_at(std::size_t at) {
    pos_ = at;
    return Step::kRefused;
  }

  void skip_space() {
    while (pos_ < text_.size() && is_space(text_[pos_])) ++pos_;
  }

  // Consumes `word` (a literal whose first byte matched), or stops at the
  // first byte that differs from it.
  bool literal(std::string_view word) {
    for (const char expected : word) {
      if (pos_ >= text_.size() || text_[pos_] != expected) return false;
      ++pos_;
    }
    return true;
  }

  // One value at nesting `depth` (containers already open around it).
  Step value(std::size_t depth) {
    if (pos_ >= text_.size()) return Step::kRefused;
    switch (text_[pos_]) {
      case '{':
        return object(depth + 1);
      case '[':
        return array(depth + 1);
      case '"': {
        if (!string()) return Step::kRefused;
        return told(handler_.string(buffer_));
      }
      case 't':
        return literal("true") ? told(handler_.boolean(true)) : Step::kRefused;
      case 'f':
        return literal("false") ? told(handler_.boolean(false)) : Step::kRefused;
      case 'n':
        return literal("null") ? told(handler_.null()) : Step::kRefused;
      default:
        return number();
    }
  }

  Step object(std::size_t depth) {
    if (depth > max_depth_) return Step::kRefused;
    ++pos_;  // '{'
    if (!handler_.start_object(kUnknownSize)) return Step::kStopped;
    skip_space();
    if (pos_ < text_.size() && text_[pos_] == '}') {
      ++pos_;
      return told(handler_.end_object());
    }
    while (true) {
      if (pos_ >= text_.size() || text_[pos_] != '"' || !string()) return Step::kRefused;
      if (!handler_.key(buffer_)) return Step::kStopped;
      skip_space();
      if (pos_ >= text_.size() || text_[pos_] != ':') return Step::kRefused;
      ++pos_;
      skip_space();
      if (const Step step = value(depth); step != Step::kGo) return step;
      skip_space();
      if (pos_ >= text_.size()) return Step::kRefused;
      if (text_[pos_] == '}') {
        ++pos_;
        return told(handler_.end_object());
      }
      if (text_[pos_] != ',') return Step::kRefused;
      ++pos_;
      skip_space();
    }
  }

  Step array(std::size_t depth) {
    if (depth > max_depth_) return Step::kRefused;
    ++pos_;  // '['
    if (!handler_.start_array(kUnknownSize)) return Step::kStopped;
    skip_space();
    if (pos_ < text_.size() && text_[pos_] == ']') {
      ++pos_;
      return told(handler_.end_array());
    }
    while (true) {
      if (const Step step = value(depth); step != Step::kGo) return step;
      skip_space();
      if (pos_ >= text_.size()) return Step::kRefused;
      if (text_[pos_] == ']') {
        ++pos_;
        return told(handler_.end_array());
      }
      if (text_[pos_] != ',') return Step::kRefused;
      ++pos_;
      skip_space();
    }
  }

  // The string at pos_ (its opening quote), unescaped into buffer_. On a
  // refusal pos_ is left at the offending byte.
  bool string() {
    buffer_.clear();
    ++pos_;  // '"'
    const std::size_t size = text_.size();
    while (pos_ < size) {
      // The common case first: a run of printable ASCII copied at once.
      const std::size_t run = plain_run_end(text_, pos_);
      buffer_.append(text_.data() + pos_, run - pos_);
      pos_ = run;
      if (pos_ >= size) return false;
      const auto byte = static_cast<unsigned char>(text_[pos_]);
      if (byte == '"') {
        ++pos_;
        return true;
      }
      if (byte < 0x20) return false;  // control characters must be escaped
      if (byte == '\\') {
        if (!escape()) return false;
        continue;
      }
      std::size_t bad_byte = 0;
      const std::size_t length = utf8::sequence_length(text_, pos_, &bad_byte);
      if (length == 0) {
        pos_ = bad_byte;
        return false;
      }
      buffer_.append(text_.data() + pos_, length);
      pos_ += length;
    }
    return false;
  }

  // Four hex digits at `at`, or -1 with `*bad_byte` (when given) at the
  // first byte that is not one (text.size() when the text ends first).
  [[nodiscard]] long hex4(std::size_t at, std::size_t* bad_byte = nullptr) const {
    long unit = 0;
    for (std::size_t i = at; i < at + 4; ++i) {
      const int digit = i < text_.size() ? hex_digit(text_[i]) : -1;
      if (digit < 0) {
        if (bad_byte != nullptr) *bad_byte = i < text_.size() ? i : text_.size();
        return -1;
      }
      unit = unit * 16 + digit;
    }
    return unit;
  }

  // The escape at pos_ (its backslash).
  bool escape() {
    if (pos_ + 1 >= text_.size()) {
      pos_ = text_.size();
      return false;
    }
    const char kind = text_[pos_ + 1];
    pos_ += 2;
    switch (kind) {
      case '"':
        buffer_ += '"';
        return true;
      case '\\':
        buffer_ += '\\';
        return true;
      case '/':
        buffer_ += '/';
        return true;
      case 'b':
        buffer_ += '\b';
        return true;
      case 'f':
        buffer_ += '\f';
        return true;
      case 'n':
        buffer_ += '\n';
        return true;
      case 'r':
        buffer_ += '\r';
        return true;
      case 't':
        buffer_ += '\t';
        return true;
      case 'u':
        break;
      default:
        pos_ -= 1;  // the byte after the backslash
        return false;
    }
    std::size_t bad_byte = 0;
    const long unit = hex4(pos_, &bad_byte);
    if (unit < 0) {
      pos_ = bad_byte;
      return false;
    }
    pos_ += 4;
    auto code_point = static_cast<std::uint32_t>(unit);
    if (is_high_surrogate(code_point)) {
      const bool paired = pos_ + 1 < text_.size() && text_[pos_] == '\\' && text_[pos_ + 1] == 'u';
      const long low = paired ? hex4(pos_ + 2) : -1;
      if (low >= 0 && is_low_surrogate(static_cast<std::uint32_t>(low))) {
        code_point = 0x10000 + ((code_point - 0xD800) << 10) + (static_cast<std::uint32_t>(low) - 0xDC00);
        pos_ += 6;
      } else {
        code_point = 0xFFFD;  // a lone high surrogate (json.h's leniency)
      }
    } else if (is_low_surrogate(code_point)) {
      code_point = 0xFFFD;  // a lone low surrogate
    }
    append_utf8(buffer_, code_point);
    return true;
  }

  // A number at pos_, by RFC 8259's grammar, converted as nlohmann does.
  Step number() {
    const std::size_t start = pos_;
    const std::size_t size = text_.size();
    const bool negative = text_[pos_] == '-';
    if (negative) ++pos_;
    // Each refusal below leaves pos_ at the byte where the grammar fails.
    if (pos_ >= size || !is_digit(text_[pos_])) return Step::kRefused;
    if (text_[pos_] == '0') {
      ++pos_;
    } else {
      while (pos_ < size && is_digit(text_[pos_])) ++pos_;
    }
    bool integral = true;
    if (pos_ < size && text_[pos_] == '.') {
      integral = false;
      ++pos_;
      if (pos_ >= size || !is_digit(text_[pos_])) return Step::kRefused;
      while (pos_ < size && is_digit(text_[pos_])) ++pos_;
    }
    if (pos_ < size && (text_[pos_] == 'e' || text_[pos_] == 'E')) {
      integral = false;
      ++pos_;
      if (pos_ < size && (text_[pos_] == '+' || text_[pos_] == '-')) ++pos_;
      if (pos_ >= size || !is_digit(text_[pos_])) return Step::kRefused;
      while (pos_ < size && is_digit(text_[pos_])) ++pos_;
    }
    const std::string_view token = text_.substr(start, pos_ - start);
    if (integral) {
      // nlohmann: strtoull / strtoll, and a value out of their range is read
      // as a double instead.
      std::uint64_t magnitude = 0;
      bool overflow = false;
      for (std::size_t i = negative ? 1 : 0; i < token.size(); ++i) {
        const auto digit = static_cast<std::uint64_t>(token[i] - '0');
        if (magnitude > (std::numeric_limits<std::uint64_t>::max() - digit) / 10) {
          overflow = true;
          break;
        }
        magnitude = magnitude * 10 + digit;
      }
      if (!overflow && !negative) return told(handler_.number_unsigned(magnitude));
      constexpr std::uint64_t kInt64MinMagnitude = static_cast<std::uint64_t>(INT64_MAX) + 1;
      if (!overflow && magnitude <= kInt64MinMagnitude) {
        const std::int64_t value =
            magnitude == kInt64MinMagnitude ? INT64_MIN : -static_cast<std::int64_t>(magnitude);
        return told(handler_.number_integer(value));
      }
    }
    number_text_.assign(token.data(), token.size());
    const double value = decimal_to_double(token);
    // nlohmann refuses a number too large for a double ("number overflow"),
    // and so does this reader, at the number's first byte.
    if (!std::isfinite(value)) return refuse_at(start);
    return told(handler_.number_float(value, number_text_));
  }

  std::string_view text_;
  nlohmann::json::json_sax_t& handler_;
  std::size_t max_depth_;
  std::size_t pos_ = 0;
  std::string& buffer_;      // the string or key being read (kept between texts)
  std::string number_text_;  // the number token, handed to number_float as nlohmann does
};

}  // namespace

SaxRead read_sax(std::string_view text, nlohmann::json::json_sax_t& handler, std::size_t max_depth) {
  // Every frame is read here: the string buffer is kept from one to the next
  // (one per thread; a handler never starts another read). An outsized
  // string's buffer is not kept.
  thread_local std::string buffer;
  if (buffer.capacity() > kKeptBufferCapacity) std::string().swap(buffer);
  return Reader(text, handler, max_depth, buffer).run();
}

}  // namespace chatwire::json_util
