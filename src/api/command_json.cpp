#include "api/command_json.h"

#include "api/json_writer.h"

namespace chatwire::api {
namespace {

std::string failure_json(chat::CommandError error) {
  return command_failure_json(chat::to_string(error), describe(error));
}

}  // namespace

const char* describe(chat::CommandError error) {
  using chat::CommandError;
  switch (error) {
    case CommandError::kInvalidRoomId:
      return "room ids must be 1 to 256 bytes long";
    case CommandError::kTooManyRooms:
      return "too many rooms are joined: leave one first (see maxRooms)";
    case CommandError::kNotJoined:
      return "the room is not joined (or not yet joined, or left): join it first";
    case CommandError::kEmptyText:
      return "the message is empty or only whitespace";
    case CommandError::kTextTooLong:
      return "the message is longer than maxTextLength code points (characters)";
    case CommandError::kInvalidText:
      return "the message is not valid UTF-8 text";
    case CommandError::kTooManyPending:
      return "too many messages in this room wait for the server: wait, or cancel some (see "
             "maxPendingPerRoom)";
    case CommandError::kUnknownMessage:
      return "no message of the user has this client id";
    case CommandError::kNotFailed:
      return "only a failed or unconfirmed message can be retried";
    case CommandError::kInFlight:
      return "the message is already with the server and cannot be recalled";
    case CommandError::kUnsupported:
      return "the backend (dialect) has no such operation";
    case CommandError::kInvalidClientId:
      return "a client id must be 1 to 64 of A-Z, a-z, 0-9, '-' and '_', and not in use";
    case CommandError::kBusy:
      return "a history request for this room is already in flight: wait for it";
    case CommandError::kNoMoreHistory:
      return "nothing more to load that way: the server has no older messages, or (loadNewer) the room shows "
             "its latest";
    case CommandError::kDeleted:
      return "the message is deleted: it cannot be edited, reacted to or answered";
    case CommandError::kNotAuthor:
      return "only the author of a message may edit it";
    case CommandError::kInvalidEmoji:
      return "an emoji must be 1 to 32 bytes of UTF-8 text";
  }
  return "the command was refused";
}

std::string command_result_json(const Result<bool, chat::CommandError>& result) {
  if (!result) return failure_json(result.error());
  return JsonWriter().begin_object().boolean("ok", true).boolean("value", result.value()).end_object().take();
}

std::string command_result_json(const Result<chat::ClientId, chat::CommandError>& result) {
  if (!result) return failure_json(result.error());
  return JsonWriter().begin_object().boolean("ok", true).string("value", result.value()).end_object().take();
}

std::string command_result_json(const Result<chat::ChatModel::Jump, chat::CommandError>& result) {
  if (!result) return failure_json(result.error());
  if (result->request) return command_number_json(*result->request);
  return command_result_json(Result<chat::ClientId, chat::CommandError>(result->key));
}

std::string command_number_json(std::uint64_t value) {
  return JsonWriter().begin_object().boolean("ok", true).number("value", value).end_object().take();
}

std::string command_failure_json(std::string_view code, std::string_view message) {
  return JsonWriter()
      .begin_object()
      .boolean("ok", false)
      .string("error", code)
      .string("message", message)
      .end_object()
      .take();
}

}  // namespace chatwire::api
