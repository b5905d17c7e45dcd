#include "dialect/timestamp.h"

#include <cmath>

namespace chatwire::dialect {
namespace {

constexpr std::int64_t kMsPerSecond = 1000;
constexpr std::int64_t kMsPerMinute = 60 * kMsPerSecond;
constexpr std::int64_t kMsPerHour = 60 * kMsPerMinute;
constexpr std::int64_t kMsPerDay = 24 * kMsPerHour;

bool is_leap(std::int64_t year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int days_in_month(std::int64_t year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2 && is_leap(year)) return 29;
  return kDays[month - 1];
}

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
// days_from_civil), exact for every year a four-digit field can hold.
std::int64_t days_from_civil(std::int64_t year, int month, int day) {
  year -= month <= 2 ? 1 : 0;
  const std::int64_t era = (year >= 0 ? year : year - 399) / 400;
  const std::int64_t year_of_era = year - era * 400;
  const std::int64_t day_of_year = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  const std::int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;
}

// A left-to-right reader over the text; every read checks the bounds.
class Cursor {
 public:
  explicit Cursor(std::string_view text) : text_(text) {}

  [[nodiscard]] bool done() const { return pos_ == text_.size(); }
  [[nodiscard]] char peek() const { return done() ? '\0' : text_[pos_]; }
  bool eat(char c) {
    if (done() || text_[pos_] != c) return false;
    ++pos_;
    return true;
  }
  // Exactly `count` decimal digits.
  std::optional<int> digits(int count) {
    int value = 0;
    for (int i = 0; i < count; ++i) {
      const char c = peek();
      if (done() || c < '0' || c > '9') return std::nullopt;
      value = value * 10 + (c - '0');
      ++pos_;
    }
    return value;
  }
  // One or more digits; the first three as milliseconds, the rest skipped.
  std::optional<int> fraction_ms() {
    int value = 0;
    int count = 0;
    while (!done() && peek() >= '0' && peek() <= '9') {
      if (count < 3) value = value * 10 + (peek() - '0');
      ++count;
      ++pos_;
    }
    if (count == 0) return std::nullopt;
    for (int i = count; i < 3; ++i) value *= 10;
    return value;
  }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
};

// "Z", "±HH:MM", "±HHMM", "±HH" or nothing (UTC): the offset east of UTC in ms.
std::optional<std::int64_t> parse_zone(Cursor& in) {
  if (in.done()) return 0;
  if (in.eat('Z') || in.eat('z')) return 0;
  int sign = 0;
  if (in.eat('+')) {
    sign = 1;
  } else if (in.eat('-')) {
    sign = -1;
  } else {
    return std::nullopt;
  }
  const std::optional<int> hours = in.digits(2);
  if (!hours || *hours > 23) return std::nullopt;
  int minutes = 0;
  if (!in.done()) {
    in.eat(':');  // optional: "+05:30" and "+0530" are both ISO 8601
    const std::optional<int> mm = in.digits(2);
    if (!mm || *mm > 59) return std::nullopt;
    minutes = *mm;
  }
  return sign * (*hours * kMsPerHour + minutes * kMsPerMinute);
}

std::optional<std::int64_t> checked(double ms) {
  if (!std::isfinite(ms)) return std::nullopt;
  const double rounded = std::round(ms);
  if (rounded > static_cast<double>(kMaxEpochMs) || rounded < -static_cast<double>(kMaxEpochMs)) {
    return std::nullopt;
  }
  return static_cast<std::int64_t>(rounded);
}

}  // namespace

std::optional<std::int64_t> parse_iso8601_ms(std::string_view text) {
  Cursor in(text);
  const std::optional<int> year = in.digits(4);
  if (!year || !in.eat('-')) return std::nullopt;
  const std::optional<int> month = in.digits(2);
  if (!month || *month < 1 || *month > 12 || !in.eat('-')) return std::nullopt;
  const std::optional<int> day = in.digits(2);
  if (!day || *day < 1 || *day > days_in_month(*year, *month)) return std::nullopt;
  std::int64_t ms = days_from_civil(*year, *month, *day) * kMsPerDay;
  if (in.done()) return ms;

  if (!in.eat('T') && !in.eat('t') && !in.eat(' ')) return std::nullopt;
  const std::optional<int> hour = in.digits(2);
  if (!hour || *hour > 23 || !in.eat(':')) return std::nullopt;
  const std::optional<int> minute = in.digits(2);
  if (!minute || *minute > 59) return std::nullopt;
  ms += *hour * kMsPerHour + *minute * kMsPerMinute;
  if (in.eat(':')) {
    const std::optional<int> second = in.digits(2);
    if (!second || *second > 60) return std::nullopt;
    ms += *second * kMsPerSecond;
    // Python and JavaScript write '.'; ISO 8601 also allows ','.
    if (in.eat('.') || in.eat(',')) {
      const std::optional<int> fraction = in.fraction_ms();
      if (!fraction) return std::nullopt;
      ms += *fraction;
    }
  }
  const std::optional<std::int64_t> offset = parse_zone(in);
  if (!offset || !in.done()) return std::nullopt;
  return ms - *offset;
}

std::optional<std::int64_t> epoch_to_ms(std::int64_t value, EpochUnit unit) {
  const std::int64_t limit = unit == EpochUnit::kSeconds ? kMaxEpochMs / kMsPerSecond : kMaxEpochMs;
  if (value > limit || value < -limit) return std::nullopt;
  return unit == EpochUnit::kSeconds ? value * kMsPerSecond : value;
}

std::optional<std::int64_t> epoch_to_ms(double value, EpochUnit unit) {
  return checked(unit == EpochUnit::kSeconds ? value * static_cast<double>(kMsPerSecond) : value);
}

}  // namespace chatwire::dialect
