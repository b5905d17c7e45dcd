// Decimal text to the nearest double, without libc's strtod.
//
// Why not strtod: musl's strtod computes in long double, which Wasm has only
// in software (128-bit __multf3, __divtf3 and friends), and it was the
// largest piece of libc in the module (bindings/SIZE.md). This one is exact
// with plain integer arithmetic: the common case (at most 15 significant
// digits, a small exponent) is one IEEE multiplication or division of two
// exact doubles (Clinger's fast path); every other number is converted
// digit by digit in a decimal buffer (the "simple decimal conversion"
// algorithm: scale by powers of two until the value is in [1/2, 1), then
// take 53 bits and round half to even, looking at every digit).
//
// The result is the double nearest the decimal value, ties to even, as
// strtod gives in its default rounding mode; fuzz/json_sax_reader_fuzz.cpp
// and tests/util/decimal_to_double_test.cpp check it against strtod.
#pragma once

#include <string_view>

namespace chatwire::json_util {

/// The double nearest to `number`, a number in JSON's grammar (an optional
/// '-', digits, an optional fraction, an optional exponent: the caller has
/// checked it). A value too large for a double gives an infinity of its
/// sign; one too small for the smallest subnormal gives a zero of its sign.
double decimal_to_double(std::string_view number);

}  // namespace chatwire::json_util
