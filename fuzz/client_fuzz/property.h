// The properties client_fuzz checks (listed in invariants.h) each have a tag:
// printed first in the failure message, and the name CLIENT_FUZZ_SKIP turns
// the property off by.
#pragma once

#include <string>
#include <string_view>

#include "fuzz_support.h"

namespace chatwire::fuzz::client_fuzz {

/// CLIENT_FUZZ_SKIP=tag,tag turns off the properties with those tags (each
/// failure message starts with its tag), to keep fuzzing past a known bug
/// until it is fixed.
bool skipped(std::string_view tag);

}  // namespace chatwire::fuzz::client_fuzz

/// A property of the client, with the tag CLIENT_FUZZ_SKIP knows it by.
/// Used inside namespace chatwire::fuzz::client_fuzz: it names skipped()
/// unqualified, so the condition the failure prints reads as written.
#define PROPERTY(tag, condition, detail) \
  FUZZ_CHECK(skipped(tag) || (condition), std::string("[" tag "] ") + (detail))
