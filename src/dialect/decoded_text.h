// A canonical text of what a dialect decoded, every field spelled out, for
// comparing two decoders (the DOM reader and the plan reader: the
// differential fuzz target and the plan reader's tests) and for logs.
#pragma once

#include <string>

#include "dialect/dialect.h"

namespace chatwire::dialect {

/// Every field of `decoded`, e.g.
/// `message{room="r1" message{id="m1" ... seq=- status=sent}}`; two results
/// are the same exactly when their texts are.
std::string to_text(const Decoded& decoded);

/// The same for an ack's Response.
std::string to_text(const chat::Response& response);

}  // namespace chatwire::dialect
