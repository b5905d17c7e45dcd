// Tests for util/decimal_to_double: the nearest double, ties to even, exactly
// as the C library's strtod gives it (the reference here; the module no
// longer links it).
#include "util/decimal_to_double.h"

#include <gtest/gtest.h>

#include <cstring>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <string>

#include "util/seeded_random.h"

namespace chatwire::json_util {
namespace {

// std::bit_cast is not in Emscripten 3.1.6's libc++.
std::uint64_t bits_of(double value) {
  std::uint64_t bits = 0;
  std::memcpy(&bits, &value, sizeof bits);
  return bits;
}

double double_of(std::uint64_t bits) {
  double value = 0;
  std::memcpy(&value, &bits, sizeof value);
  return value;
}

// Same bits as strtod, so -0.0 and 0.0 (and every last bit) differ.
void expect_as_strtod(const std::string& number) {
  const double expected = std::strtod(number.c_str(), nullptr);
  const double read = decimal_to_double(number);
  EXPECT_EQ(bits_of(read), bits_of(expected)) << number;
}

TEST(DecimalToDouble, ReadsWhatTheFastPathCovers) {
  EXPECT_EQ(decimal_to_double("1.5"), 1.5);
  EXPECT_EQ(decimal_to_double("-2.25"), -2.25);
  EXPECT_EQ(decimal_to_double("1733456789.123"), 1733456789.123);
  EXPECT_EQ(decimal_to_double("1e22"), 1e22);
  EXPECT_EQ(decimal_to_double("123e25"), 123e25);  // powers moved into the mantissa
  EXPECT_EQ(decimal_to_double("0.001"), 0.001);
  EXPECT_TRUE(std::signbit(decimal_to_double("-0.0")));
  EXPECT_FALSE(std::signbit(decimal_to_double("0e10")));
}

TEST(DecimalToDouble, ReadsTheHardCasesAsStrtod) {
  for (const char* number : {
           "1e23",                     // the classic: 1e23 is not 10^22 x 10 in doubles
           "9007199254740993",         // 2^53 + 1: a tie, to even (down)
           "9007199254740995",         // 2^53 + 3: a tie, to even (up)
           "9007199254740993.0000000000000000000000001",  // just above the tie: up
           "2.2250738585072011e-308",  // the largest subnormal's neighbourhood
           "2.2250738585072014e-308",  // the smallest normal
           "4.9406564584124654e-324",  // the smallest subnormal
           "2.4703282292062327e-324",  // just below half of it: zero
           "2.4703282292062328e-324",  // just above half of it: the smallest subnormal
           "1.7976931348623157e308",   // the largest double
           "1.7976931348623158e308",   // rounds down to it
           "1.7976931348623159e308",   // overflows: infinity
           "-1e400", "1e-400", "0.000000000000000000000000000000000000000001e42",
           "123456789012345678901234567890", "0.1", "0.3", "3.141592653589793238462643383279",
           "1e-7", "100000000000000000000000", "5e-324", "1.00000000000000011102230246251565404236316680908203125",
           "1.000000000000000111022302462515654042363166809082031250000000000000001",
           "7.2057594037927933e16",  // a tie at 2^56 scale
       }) {
    expect_as_strtod(number);
  }
}

TEST(DecimalToDouble, ReadsTheDigitsPastTheKeptOnesAsStrtod) {
  // A tie broken only by a digit past the 800 kept: rounds up, not to even.
  expect_as_strtod("9007199254740993." + std::string(800, '0') + "1");
  expect_as_strtod("9007199254740993." + std::string(800, '0'));  // still the tie: to even
  expect_as_strtod(std::string(900, '9'));                        // far past the kept digits: infinity
  expect_as_strtod("0." + std::string(340, '0') + "1");           // far below the smallest subnormal
}

TEST(DecimalToDouble, ReadsExactHalfwayPointsAsStrtod) {
  // The exact decimal expansion of the midpoint between two neighbouring
  // doubles: the one input where only every digit decides.
  SeededRandom random(7);
  for (int i = 0; i < 2000; ++i) {
    const double low = double_of(random.next_u64() & 0x7FEF'FFFF'FFFF'FFFFull);
    const double high = std::nextafter(low, std::numeric_limits<double>::infinity());
    const long double middle = (static_cast<long double>(low) + static_cast<long double>(high)) / 2;
    char text[900];
    std::snprintf(text, sizeof text, "%.780Le", middle);
    expect_as_strtod(text);
  }
}

TEST(DecimalToDouble, ReadsRandomDecimalsAsStrtod) {
  SeededRandom random(11);
  for (int i = 0; i < 20000; ++i) {
    std::string number;
    if (random.up_to(1) == 1) number += '-';
    const std::size_t digits = 1 + random.up_to(random.up_to(3) == 0 ? 60 : 20);
    const std::size_t point = random.up_to(digits);
    for (std::size_t d = 0; d < digits; ++d) {
      if (d == point && d > 0) number += '.';
      number += static_cast<char>('0' + (d == 0 && digits > 1 && point > 1 ? 1 + random.up_to(8) : random.up_to(9)));
    }
    if (random.up_to(1) == 1) number += "e" + std::to_string(static_cast<int>(random.up_to(700)) - 350);
    expect_as_strtod(number);
  }
}

TEST(DecimalToDouble, ReadsShortestFormsOfRandomDoublesBack) {
  SeededRandom random(13);
  for (int i = 0; i < 20000; ++i) {
    const double value = double_of(random.next_u64() & 0x7FEF'FFFF'FFFF'FFFFull);
    char text[40];
    std::snprintf(text, sizeof text, "%.17g", value);
    expect_as_strtod(text);
  }
}

}  // namespace
}  // namespace chatwire::json_util
