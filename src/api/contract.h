// The contract between the core and TypeScript, written once, here in C++:
// the vocabulary the answers use (states, error codes, event types, preset
// names) and the inputs of the C ABI. npm/scripts/generate-contract.mjs asks
// the freshly built module for contract_json() and writes
// npm/src/generated/contract.ts from it, so TypeScript types follow the
// core at every build and a name that changes here breaks the TypeScript
// compile instead of drifting.
#pragma once

#include <string>

namespace chatwire::api {

/// {ops, presets, connectionStates, roomStates, messageStatuses, operations,
///  commandErrors, chatErrors, connectionErrors, warningKinds, eventTypes}:
/// each a JSON array of strings, in the core's own order.
std::string contract_json();

}  // namespace chatwire::api
