// Server timestamps, as backends write them, to epoch milliseconds.
//
// Backends disagree: JavaScript servers send `new Date().toISOString()`
// ("2024-11-16T20:25:45.123Z"), Python servers send `datetime.isoformat()`,
// often of a naive datetime ("2024-11-16T20:25:45.123456", no zone), others
// send epoch numbers in seconds or milliseconds. Pure functions, no clock.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace chatwire::dialect {

/// What an epoch number on the wire counts.
enum class EpochUnit : std::uint8_t { kMilliseconds, kSeconds };

/// The largest magnitude accepted, in ms: JavaScript's Date range
/// (±100,000,000 days), so every result is a valid `new Date(ms)`.
inline constexpr std::int64_t kMaxEpochMs = 8'640'000'000'000'000;

/// Parses an ISO 8601 / RFC 3339 date-time into epoch milliseconds (UTC).
///
/// Accepted: `YYYY-MM-DD`, optionally followed by `T` (or `t`, or a space,
/// as Python's `str(datetime)` writes) and `HH:MM[:SS[.fraction]]`; the
/// fraction may have any number of digits (digits past milliseconds are
/// truncated); then an optional zone `Z`, `z`, `±HH:MM`, `±HHMM` or `±HH`.
/// A time without a zone is read as UTC: naive Python datetimes are, in
/// practice, UTC on servers. A date alone is midnight UTC.
/// Returns nullopt for anything else, including out-of-range fields
/// (month 13, February 30, hour 24, minute 60; second 60 is accepted as a
/// leap second and counts as the next second).
std::optional<std::int64_t> parse_iso8601_ms(std::string_view text);

/// Converts an integral epoch count to milliseconds; nullopt outside
/// ±kMaxEpochMs.
std::optional<std::int64_t> epoch_to_ms(std::int64_t value, EpochUnit unit);

/// The same for a fractional count (Python's `time.time()` is a float of
/// seconds), rounded to the nearest millisecond; nullopt for NaN, infinities
/// and values outside ±kMaxEpochMs.
std::optional<std::int64_t> epoch_to_ms(double value, EpochUnit unit);

}  // namespace chatwire::dialect
