#include "util/decimal_to_double.h"

#include <array>
#include <cstdint>
#include <cstring>

namespace chatwire::json_util {
namespace {

// IEEE 754 binary64.
constexpr int kMantissaBits = 52;
constexpr int kExponentBias = -1023;
constexpr int kMaxBiasedExponent = 0x7FF;  // all ones: infinity

// Digits kept: enough to decide the rounding of any double exactly (the
// longest decimal that matters has 767 significant digits); beyond them
// only whether a nonzero digit was dropped counts.
constexpr std::size_t kMaxDigits = 800;
// Bits per scaling step: a digit times 2^60 plus a carry still fits 64 bits.
constexpr int kMaxShift = 60;
// Decimal digits one step of kMaxShift bits can add at the front (2^60 has 19).
constexpr std::size_t kShiftSlack = 19;

// A non-negative decimal 0.d[0]d[1]...d[count-1] x 10^point, digits as values 0-9.
class Decimal {
 public:
  // Reads the digits, fraction and exponent of `number` (its sign already taken).
  explicit Decimal(std::string_view number) {
    std::size_t pos = 0;
    bool in_fraction = false;
    for (; pos < number.size() && number[pos] != 'e' && number[pos] != 'E'; ++pos) {
      if (number[pos] == '.') {
        in_fraction = true;
        continue;
      }
      const auto digit = static_cast<std::uint8_t>(number[pos] - '0');
      if (count_ == 0 && digit == 0) {
        if (in_fraction) --point_;  // a leading zero of the fraction
        continue;
      }
      if (count_ < kMaxDigits) {
        digits_[count_++] = digit;
      } else if (digit != 0) {
        truncated_ = true;
      }
      if (!in_fraction) ++point_;
    }
    if (pos < number.size()) point_ += exponent(number.substr(pos + 1));
    trim();
  }

  [[nodiscard]] bool is_zero() const { return count_ == 0; }
  [[nodiscard]] int point() const { return point_; }
  [[nodiscard]] std::uint8_t first_digit() const { return digits_[0]; }

  // The value when it has at most 15 significant digits (so it is an exact
  // double), as `mantissa` x 10^`exponent10`; false otherwise.
  bool small(std::uint64_t& mantissa, int& exponent10) const {
    if (truncated_ || count_ > 15) return false;
    mantissa = 0;
    for (std::size_t i = 0; i < count_; ++i) mantissa = mantissa * 10 + digits_[i];
    exponent10 = point_ - static_cast<int>(count_);
    return true;
  }

  // Multiplies by 2^bits (bits > 0) or divides by 2^-bits (bits < 0).
  void shift(int bits) {
    if (count_ == 0) return;
    for (; bits > kMaxShift; bits -= kMaxShift) shift_left(kMaxShift);
    for (; bits < -kMaxShift; bits += kMaxShift) shift_right(kMaxShift);
    if (bits > 0) shift_left(bits);
    if (bits < 0) shift_right(-bits);
  }

  // The integer part, rounded half to even by every digit after it (and by
  // the dropped ones). Called with at most 17 integer digits.
  [[nodiscard]] std::uint64_t rounded_integer() const {
    std::uint64_t value = 0;
    const std::size_t integer_digits = point_ > 0 ? static_cast<std::size_t>(point_) : 0;
    std::size_t i = 0;
    for (; i < integer_digits && i < count_; ++i) value = value * 10 + digits_[i];
    for (; i < integer_digits; ++i) value *= 10;
    if (rounds_up()) ++value;
    return value;
  }

 private:
  // The exponent's value, clamped far beyond any double's range.
  static int exponent(std::string_view text) {
    std::size_t pos = 0;
    const bool negative = text[pos] == '-';
    if (text[pos] == '-' || text[pos] == '+') ++pos;
    int value = 0;
    for (; pos < text.size(); ++pos) {
      if (value < 100000) value = value * 10 + (text[pos] - '0');
    }
    return negative ? -value : value;
  }

  [[nodiscard]] bool rounds_up() const {
    if (point_ < 0 || static_cast<std::size_t>(point_) >= count_) return false;  // nothing after the integer part
    const auto first_dropped = static_cast<std::size_t>(point_);
    if (digits_[first_dropped] == 5 && first_dropped + 1 == count_) {
      // Exactly half, unless a dropped digit makes it more: ties to even.
      if (truncated_) return true;
      return first_dropped > 0 && digits_[first_dropped - 1] % 2 == 1;
    }
    return digits_[first_dropped] >= 5;
  }

  void trim() {
    while (count_ > 0 && digits_[count_ - 1] == 0) --count_;
    if (count_ == 0) point_ = 0;
  }

  // Divides by 2^bits, 0 < bits <= kMaxShift: long division, first digit first.
  void shift_right(int bits) {
    const std::uint64_t mask = (std::uint64_t{1} << bits) - 1;
    std::size_t read = 0;
    std::size_t write = 0;
    std::uint64_t n = 0;
    // Enough leading digits for a first quotient digit.
    while ((n >> bits) == 0) {
      if (read < count_) {
        n = n * 10 + digits_[read];
      } else {
        n *= 10;  // past the last digit: zeros
      }
      ++read;
    }
    point_ -= static_cast<int>(read) - 1;
    for (; read < count_; ++read) {
      digits_[write++] = static_cast<std::uint8_t>(n >> bits);
      n = (n & mask) * 10 + digits_[read];
    }
    while (n > 0) {
      const auto digit = static_cast<std::uint8_t>(n >> bits);
      if (write < kMaxDigits) {
        digits_[write++] = digit;
      } else if (digit != 0) {
        truncated_ = true;
      }
      n = (n & mask) * 10;
    }
    count_ = write;
    trim();
  }

  // Multiplies by 2^bits, 0 < bits <= kMaxShift: last digit first, the
  // result written kShiftSlack places to the right (never over a digit not
  // yet read), then moved back to the front.
  void shift_left(int bits) {
    std::size_t write = count_ + kShiftSlack;
    std::uint64_t n = 0;
    for (std::size_t read = count_; read-- > 0;) {
      n += static_cast<std::uint64_t>(digits_[read]) << bits;
      const std::uint64_t quotient = n / 10;
      digits_[--write] = static_cast<std::uint8_t>(n - 10 * quotient);
      n = quotient;
    }
    while (n > 0) {
      const std::uint64_t quotient = n / 10;
      digits_[--write] = static_cast<std::uint8_t>(n - 10 * quotient);
      n = quotient;
    }
    const std::size_t grown = count_ + kShiftSlack - write;
    point_ += static_cast<int>(grown - count_);
    std::memmove(digits_.data(), digits_.data() + write, grown);
    count_ = grown;
    if (count_ > kMaxDigits) {
      for (std::size_t i = kMaxDigits; i < count_; ++i) truncated_ = truncated_ || digits_[i] != 0;
      count_ = kMaxDigits;
    }
    trim();
  }

  // Not zeroed: only the first count_ are ever read, and most numbers take
  // the fast path after filling a few (zeroing was 819 bytes per number).
  std::array<std::uint8_t, kMaxDigits + kShiftSlack> digits_;
  std::size_t count_ = 0;
  int point_ = 0;
  bool truncated_ = false;  // nonzero digits dropped past kMaxDigits
};

// The powers of ten a double holds exactly.
constexpr std::array<double, 23> kExactPowersOfTen = {
    1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

// Clinger's fast path: an exact mantissa and an exact power of ten, so one
// correctly rounded IEEE operation gives the nearest double.
bool fast_path(const Decimal& decimal, double& value) {
  std::uint64_t mantissa = 0;
  int exponent10 = 0;
  if (!decimal.small(mantissa, exponent10)) return false;
  value = static_cast<double>(mantissa);
  if (exponent10 >= 0) {
    constexpr int kLargestExact = 22;
    if (exponent10 > kLargestExact + 15) return false;
    if (exponent10 > kLargestExact) {
      // 123e25 = 123000e22: move powers into the mantissa while it stays exact.
      value *= kExactPowersOfTen[static_cast<std::size_t>(exponent10 - kLargestExact)];
      if (value > 1e15) return false;
      exponent10 = kLargestExact;
    }
    value *= kExactPowersOfTen[static_cast<std::size_t>(exponent10)];
    return true;
  }
  if (exponent10 < -22) return false;
  value /= kExactPowersOfTen[static_cast<std::size_t>(-exponent10)];
  return true;
}

// Powers of two that bring a decimal with `point` = i (i < 9) down past 1:
// 2^kScaleBits[i] >= 10^i. Further out, 27 bits at a time.
constexpr std::array<int, 9> kScaleBits = {1, 3, 6, 9, 13, 16, 19, 23, 26};
constexpr int kScaleBitsFar = 27;

int scale_bits(int point) {
  return point < static_cast<int>(kScaleBits.size()) ? kScaleBits[static_cast<std::size_t>(point)] : kScaleBitsFar;
}

// The bits of the nearest double to `decimal`, sign aside.
std::uint64_t nearest_bits(Decimal& decimal) {
  constexpr std::uint64_t kInfinity = std::uint64_t{kMaxBiasedExponent} << kMantissaBits;
  if (decimal.is_zero() || decimal.point() < -330) return 0;
  if (decimal.point() > 310) return kInfinity;
  // Scale into [1/2, 1), counting the powers of two.
  int exponent2 = 0;
  while (decimal.point() > 0) {
    const int bits = scale_bits(decimal.point());
    decimal.shift(-bits);
    exponent2 += bits;
  }
  while (decimal.point() < 0 || (decimal.point() == 0 && decimal.first_digit() < 5)) {
    const int bits = scale_bits(-decimal.point());
    decimal.shift(bits);
    exponent2 -= bits;
  }
  --exponent2;  // the value is now in [1, 2) x 2^exponent2
  if (exponent2 < kExponentBias + 1) {
    // Below the smallest normal exponent: a subnormal, fewer bits of mantissa.
    const int bits = kExponentBias + 1 - exponent2;
    decimal.shift(-bits);
    exponent2 += bits;
  }
  if (exponent2 - kExponentBias >= kMaxBiasedExponent) return kInfinity;
  decimal.shift(1 + kMantissaBits);
  std::uint64_t mantissa = decimal.rounded_integer();
  if (mantissa == std::uint64_t{2} << kMantissaBits) {
    // Rounding carried into a new bit.
    mantissa >>= 1;
    ++exponent2;
    if (exponent2 - kExponentBias >= kMaxBiasedExponent) return kInfinity;
  }
  if ((mantissa & (std::uint64_t{1} << kMantissaBits)) == 0) exponent2 = kExponentBias;  // subnormal
  return (mantissa & ((std::uint64_t{1} << kMantissaBits) - 1)) |
         (static_cast<std::uint64_t>(exponent2 - kExponentBias) & kMaxBiasedExponent) << kMantissaBits;
}

}  // namespace

double decimal_to_double(std::string_view number) {
  const bool negative = !number.empty() && number.front() == '-';
  if (negative) number.remove_prefix(1);
  Decimal decimal(number);
  double value = 0;
  if (!fast_path(decimal, value)) {
    const std::uint64_t bits = nearest_bits(decimal);
    std::memcpy(&value, &bits, sizeof value);  // std::bit_cast: not in Emscripten 3.1.6's libc++
  }
  return negative ? -value : value;
}

}  // namespace chatwire::json_util
