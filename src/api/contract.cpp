#include "api/contract.h"

#include <cstring>
#include <initializer_list>

#include "api/core_ops.h"
#include "api/event_json.h"
#include "api/json_writer.h"
#include "client.h"

namespace chatwire::api {
namespace {

/// Every name of an enum whose to_string() answers "unknown" past its last
/// enumerator: the enum itself is the list, so none can be forgotten here.
template <class Enum>
void write_names(JsonWriter& out, std::string_view key, std::initializer_list<std::string_view> more = {}) {
  out.key(key).begin_array();
  for (unsigned value = 0; value < 256; ++value) {
    const char* name = to_string(static_cast<Enum>(value));
    if (std::strcmp(name, "unknown") == 0) break;
    out.string(name);
  }
  for (const std::string_view name : more) out.string(name);
  out.end_array();
}

}  // namespace

std::string contract_json() {
  JsonWriter out;
  out.begin_object().key("ops").begin_array();
  for (const std::string_view name : kCoreOpNames) out.string(name);
  out.end_array().key("presets").begin_array();
  for (const std::string& name : dialect::Dialect::preset_names()) out.string(name);
  out.end_array();
  using session::to_string;
  using chat::to_string;
  using api::to_string;
  write_names<session::State>(out, "connectionStates");
  write_names<chat::RoomState>(out, "roomStates");
  write_names<chat::MessageStatus>(out, "messageStatuses");
  write_names<chat::Operation>(out, "operations");
  // The API layer's own refusals beside the chat model's.
  write_names<chat::CommandError>(out, "commandErrors", {"not_created", "invalid_argument"});
  write_names<chat::ChatErrorCode>(out, "chatErrors");
  write_names<session::ErrorCode>(out, "connectionErrors");
  // The API layer's own warning: a call ignored for an unusable argument.
  write_names<ProtocolWarning::Kind>(out, "warningKinds", {"invalid_argument"});
  out.key("eventTypes").begin_array();
  for (const std::string_view type : kEventTypes) out.string(type);
  out.end_array().key("actionTypes").begin_array();
  for (const std::string_view type : kActionTypes) out.string(type);
  out.end_array();
  return out.end_object().take();
}

}  // namespace chatwire::api
