// CLIENT_FUZZ_TRACE=1 prints the script as it runs (frames both ways,
// commands and their results, events): read a reproducer with it.
#pragma once

#include <cstdint>
#include <string>

#include "client.h"

namespace chatwire::fuzz::client_fuzz {

/// Whether CLIENT_FUZZ_TRACE is set (read once).
bool tracing();

/// Prints `line` to stderr after the fuzz clock `now`, when tracing.
void trace(std::int64_t now, const std::string& line);

/// Traces the events worth reading in a reproducer: protocol warnings, chat
/// errors and connection state changes; `who` names the client where there
/// are several.
void trace_event(std::int64_t now, const ClientEvent& event, const std::string& who = {});

}  // namespace chatwire::fuzz::client_fuzz
