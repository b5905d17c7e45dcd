// The configuration JavaScript hands to the core (CoreConfig in
// npm/src/chatwire_core.d.ts), read into a ClientConfig and a Dialect.
//
// Every refusal names the field by its dotted path as the app wrote it
// ("typing.idleMs", "user.id", "dialect.requests.send.payload"), both for
// type errors found here and for the rules Client::create enforces.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "api/config_fields.h"
#include "client.h"
#include "util/result.h"

namespace chatwire::api {

/// A CoreConfig document, read but not yet validated by Client::create.
struct CoreConfig {
  ClientConfig client;
  dialect::Dialect dialect;
};

/// Reads a CoreConfig JSON document. Refuses text that is not JSON, fields of
/// the wrong type or out of range, unknown settings (typos), and a dialect
/// that is neither a preset name nor a valid dialect document.
Result<CoreConfig, CoreConfigError> parse_core_config(std::string_view json_text);

/// Client::create's error, renamed to the CoreConfig path: the core's
/// "chat.typing.idle_ms" becomes "typing.idleMs".
CoreConfigError to_core_config_error(const ClientConfigError& error);

/// parse_core_config() then Client::create(): a client, or the first
/// problem with the configuration.
Result<std::unique_ptr<Client>, CoreConfigError> create_client(std::string_view json_text);

/// The error as CoreConfigError JSON text.
std::string config_error_json(const CoreConfigError& error);

}  // namespace chatwire::api
