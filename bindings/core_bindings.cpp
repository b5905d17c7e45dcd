// The embind module behind the npm package: CoreClient is api::CoreApi,
// method for method (npm/src/chatwire_core.d.ts is the contract), plus three
// module functions. No logic lives here: every check, conversion and JSON
// shape is in src/api/, where the native tests reach it.
#include <emscripten/bind.h>
#include <emscripten/emmalloc.h>

#include <string>

#include "api/core_api.h"

namespace {

/// Bytes of linear memory (grows, never shrinks): for the leak test.
double heap_size() { return static_cast<double>(__builtin_wasm_memory_size(0)) * 65536.0; }

/// Bytes malloc has handed out and not had back: for the leak test.
double allocated_bytes() {
  return static_cast<double>(emmalloc_dynamic_heap_size() - emmalloc_free_dynamic_memory());
}

}  // namespace

EMSCRIPTEN_BINDINGS(chatwire_core) {
  using chatwire::api::CoreApi;
  emscripten::class_<CoreApi>("CoreClient")
      .constructor<const std::string&>()
      .function("error", &CoreApi::error)
      // connection
      .function("connect", &CoreApi::connect)
      .function("disconnect", &CoreApi::disconnect)
      .function("setAuth", &CoreApi::set_auth)
      .function("provideCredentials", &CoreApi::provide_credentials)
      .function("declineCredentials", &CoreApi::decline_credentials)
      .function("networkOnline", &CoreApi::network_online)
      .function("networkOffline", &CoreApi::network_offline)
      // transport
      .function("transportOpened", &CoreApi::transport_opened)
      .function("frameReceived", &CoreApi::frame_received)
      .function("transportClosed", &CoreApi::transport_closed)
      .function("handleTimeout", &CoreApi::handle_timeout)
      // chat commands
      .function("join", &CoreApi::join)
      .function("leave", &CoreApi::leave)
      .function("send", &CoreApi::send)
      .function("retry", &CoreApi::retry)
      .function("cancel", &CoreApi::cancel)
      .function("typing", &CoreApi::typing)
      .function("stopTyping", &CoreApi::stop_typing)
      .function("markRead", &CoreApi::mark_read)
      .function("setActive", &CoreApi::set_active)
      .function("loadOlder", &CoreApi::load_older)
      .function("refreshMembers", &CoreApi::refresh_members)
      // outputs and reading
      .function("drain", &CoreApi::drain)
      .function("state", &CoreApi::state)
      .function("unreadTotal", &CoreApi::unread_total)
      .function("roomSnapshot", &CoreApi::room_snapshot)
      .function("rooms", &CoreApi::rooms)
      .function("capabilities", &CoreApi::capabilities)
      .function("stats", &CoreApi::stats)
      .function("setMessageEvents", &CoreApi::set_message_events);

  emscripten::function("presetNames", &chatwire::api::preset_names_json);
  emscripten::function("heapSize", &heap_size);
  emscripten::function("allocatedBytes", &allocated_bytes);
}
