// The inputs of the Wasm module's C ABI (bindings/core_exports.cpp): one
// number per CoreApi input, so that one exported function takes them all.
// The names go to TypeScript through the contract (api/contract.h), so an
// input renamed or removed here is a compile error in npm/src.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace chatwire::api {

enum class CoreOp : std::uint8_t {
  kConnect,
  kDisconnect,
  kSetAuth,
  kProvideCredentials,
  kDeclineCredentials,
  kAuthFailed,
  kNetworkOnline,
  kNetworkOffline,
  kPageVisible,
  kTransportOpened,
  kFrameReceived,
  kTransportClosed,
  kHandleTimeout,
  kJoin,
  kLeave,
  kSend,
  kRetry,
  kCancel,
  kTyping,
  kStopTyping,
  kMarkRead,
  kSetActive,
  kLoadOlder,
  kRefreshMembers,
  kRestoreSends,
  kRestoreHistory,
  kEdit,
  kDeleteMessage,  // not "delete": CoreClient.delete() frees the core
  kReact,
  kRestoreOps,
  kJumpTo,
  kJumpToLatest,
  kLoadNewer,
  kHttpResponse,
};

/// The method name of each op in npm/src (CoreClient), in enum order.
inline constexpr std::array<std::string_view, 34> kCoreOpNames = {
    "connect",        "disconnect",      "setAuth",      "provideCredentials", "declineCredentials",
    "authFailed",     "networkOnline",   "networkOffline", "pageVisible",      "transportOpened",
    "frameReceived",  "transportClosed", "handleTimeout", "join",              "leave",
    "send",           "retry",           "cancel",       "typing",             "stopTyping",
    "markRead",       "setActive",       "loadOlder",    "refreshMembers",     "restoreSends",
    "restoreHistory", "edit",            "deleteMessage", "react",             "restoreOps",
    "jumpTo",         "jumpToLatest",    "loadNewer",     "httpResponse",
};
static_assert(kCoreOpNames.size() == static_cast<std::size_t>(CoreOp::kHttpResponse) + 1,
              "a name for every CoreOp");

}  // namespace chatwire::api
