// The Wasm module's C ABI, behind the npm package's CoreClient
// (npm/src/core-client.ts). Glue only: every check, conversion and JSON
// shape is in src/api/, where the native tests reach it.
//
// Why a C ABI and not embind: embind's runtime was 7.7 KB gzip of glue and
// ~9 KB of wasm, and its generic invoker (no eval under
// -sDYNAMIC_EXECUTION=0) cost more per call than the calls themselves. Here
// one exported function takes every input (cw_call, by api::CoreOp); text
// goes in as UTF-8 in a buffer the module lends (cw_buffer) and comes out as
// a pointer to UTF-8 the module keeps until the next call (length:
// cw_result_length), which JavaScript decodes with one TextDecoder call.
#include <emscripten/em_macros.h>
#include <emscripten/emmalloc.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "api/contract.h"
#include "api/core_api.h"
#include "api/core_ops.h"

namespace {

using chatwire::api::CoreApi;
using chatwire::api::CoreOp;

/// The text of the last call's result; valid until the next call.
std::string g_result;
/// The buffer JavaScript writes each call's text arguments into.
std::vector<char> g_buffer;

const char* result(std::string text) {
  g_result = std::move(text);
  return g_result.c_str();
}

std::string text(const char* data, std::size_t length) {
  return data == nullptr ? std::string() : std::string(data, length);
}

std::string dispatch(CoreApi& api, CoreOp op, double now, double number, const std::string& a,
                     const std::string& b, const std::string& c, const std::string& d) {
  switch (op) {
    case CoreOp::kConnect: return api.connect(now);
    case CoreOp::kDisconnect: return api.disconnect(now);
    case CoreOp::kSetAuth: return api.set_auth(a);
    case CoreOp::kProvideCredentials: return api.provide_credentials(now, a);
    case CoreOp::kDeclineCredentials: return api.decline_credentials(now);
    case CoreOp::kAuthFailed: return api.auth_failed(a);
    case CoreOp::kNetworkOnline: return api.network_online(now);
    case CoreOp::kNetworkOffline: return api.network_offline(now);
    case CoreOp::kPageVisible: return api.page_visible(now, number != 0);
    case CoreOp::kTransportOpened: return api.transport_opened(now, number);
    case CoreOp::kFrameReceived: return api.frame_received(now, number, a);
    case CoreOp::kTransportClosed: return api.transport_closed(now, number, a);
    case CoreOp::kHandleTimeout: return api.handle_timeout(now);
    case CoreOp::kJoin: return api.join(now, a);
    case CoreOp::kLeave: return api.leave(now, a);
    case CoreOp::kSend: return api.send(now, a, b, c, d);
    case CoreOp::kRetry: return api.retry(now, a);
    case CoreOp::kCancel: return api.cancel(now, a);
    case CoreOp::kTyping: return api.typing(now, a);
    case CoreOp::kStopTyping: return api.stop_typing(now, a);
    case CoreOp::kMarkRead: return api.mark_read(now, a);
    case CoreOp::kSetActive: return api.set_active(now, a, number != 0);
    case CoreOp::kLoadOlder: return api.load_older(now, a, number);
    case CoreOp::kRefreshMembers: return api.refresh_members(now, a);
    case CoreOp::kRestoreSends: return api.restore_sends(now, a);
    case CoreOp::kRestoreHistory: return api.restore_history(now, a);
    case CoreOp::kEdit: return api.edit(now, a, b, c, d);
    case CoreOp::kDeleteMessage: return api.remove(now, a, b, c);
    case CoreOp::kReact: return api.react(now, a, b, c, number != 0, d);
    case CoreOp::kRestoreOps: return api.restore_ops(now, a);
    case CoreOp::kJumpTo: return api.jump_to(now, a, b);
    case CoreOp::kJumpToLatest: return api.jump_to_latest(now, a);
    case CoreOp::kLoadNewer: return api.load_newer(now, a, number);
    case CoreOp::kHttpResponse: return api.http_response(now, number, a, b);
  }
  return "{}";  // an op this module does not have: nothing happened
}

}  // namespace

extern "C" {

/// A buffer of at least `size` bytes for the next call's text arguments.
EMSCRIPTEN_KEEPALIVE char* cw_buffer(std::size_t size) {
  if (g_buffer.size() < size) g_buffer.resize(size);
  return g_buffer.data();
}

/// Bytes of the text the last call returned.
EMSCRIPTEN_KEEPALIVE std::size_t cw_result_length() { return g_result.size(); }

/// A client for the CoreConfig JSON in [config, config + length); never null
/// (a refused configuration is reported by cw_error).
EMSCRIPTEN_KEEPALIVE CoreApi* cw_create(const char* config, std::size_t length) {
  return new CoreApi(text(config, length));
}

EMSCRIPTEN_KEEPALIVE void cw_destroy(CoreApi* api) { delete api; }

/// "" or the CoreConfigError JSON.
EMSCRIPTEN_KEEPALIVE const char* cw_error(CoreApi* api) { return result(api->error()); }

/// Input `op` (api::CoreOp) with its arguments: `a` to `d` are the text
/// arguments (UTF-8, one after another in the cw_buffer), `number` the
/// numeric one (a transport id, a count, or 0 / 1 for a flag). Returns the
/// CoreAnswer JSON. A caller that passes fewer lengths (JavaScript fills the
/// missing ones with 0) gives empty texts for the rest: `d` came later.
EMSCRIPTEN_KEEPALIVE const char* cw_call(CoreApi* api, int op, double now, double number, const char* a,
                                         std::size_t a_length, std::size_t b_length, std::size_t c_length,
                                         std::size_t d_length) {
  const char* b = a == nullptr ? nullptr : a + a_length;
  const char* c = b == nullptr ? nullptr : b + b_length;
  const char* d = c == nullptr ? nullptr : c + c_length;
  return result(dispatch(*api, static_cast<CoreOp>(op), now, number, text(a, a_length), text(b, b_length),
                         text(c, c_length), text(d, d_length)));
}

EMSCRIPTEN_KEEPALIVE const char* cw_capabilities(CoreApi* api) {
  return result(api->capabilities());
}

EMSCRIPTEN_KEEPALIVE const char* cw_stats(CoreApi* api) { return result(api->stats()); }

EMSCRIPTEN_KEEPALIVE void cw_set_message_events(CoreApi* api, int enabled) {
  api->set_message_events(enabled != 0);
}

/// The contract JSON (api/contract.h), for npm/scripts/generate-contract.mjs.
EMSCRIPTEN_KEEPALIVE const char* cw_contract() {
  return result(chatwire::api::contract_json());
}

/// The preset names as a JSON array.
EMSCRIPTEN_KEEPALIVE const char* cw_preset_names() {
  return result(chatwire::api::preset_names_json());
}

/// Bytes of linear memory (grows, never shrinks): for the leak test.
EMSCRIPTEN_KEEPALIVE double cw_heap_size() {
  return static_cast<double>(__builtin_wasm_memory_size(0)) * 65536.0;
}

/// Bytes malloc has handed out and not had back: for the leak test.
EMSCRIPTEN_KEEPALIVE double cw_allocated_bytes() {
  return static_cast<double>(emmalloc_dynamic_heap_size() - emmalloc_free_dynamic_memory());
}

}  // extern "C"
