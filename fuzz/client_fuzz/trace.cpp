#include "client_fuzz/trace.h"

#include <cstdio>
#include <cstdlib>
#include <string>
#include <type_traits>
#include <variant>

namespace chatwire::fuzz::client_fuzz {

bool tracing() {
  static const bool on = std::getenv("CLIENT_FUZZ_TRACE") != nullptr;
  return on;
}

void trace(std::int64_t now, const std::string& line) {
  if (tracing()) std::fprintf(stderr, "%8lld  %s\n", static_cast<long long>(now), line.c_str());
}

void trace_event(std::int64_t now, const ClientEvent& event, const std::string& who) {
  if (!tracing()) return;
  const std::string prefix = who.empty() ? who : who + ": ";
  std::visit(
      [&](const auto& e) {
        using E = std::decay_t<decltype(e)>;
        if constexpr (std::is_same_v<E, ProtocolWarning>) {
          trace(now, prefix + "warning " + e.event + ": " + e.message);
        } else if constexpr (std::is_same_v<E, chat::ChatError>) {
          trace(now, prefix + "chat error " + chat::to_string(e.code) + " in " + e.room + ": " + e.message);
        } else if constexpr (std::is_same_v<E, session::StateChanged>) {
          trace(now, prefix + "state " + session::to_string(e.from) + " -> " + session::to_string(e.to));
        }
      },
      event);
}

}  // namespace chatwire::fuzz::client_fuzz
