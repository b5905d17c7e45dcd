// The outcome of a chat command as JSON (CoreCommandResult in
// npm/src/chatwire_core.d.ts): {ok: true, value} or {ok: false, error, message}.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "chat/chat_model.h"
#include "util/result.h"

namespace chatwire::api {

/// {"ok":true,"value":<bool>} or the refusal.
std::string command_result_json(const Result<bool, chat::CommandError>& result);
/// {"ok":true,"value":"<client id>"} or the refusal.
std::string command_result_json(const Result<chat::ClientId, chat::CommandError>& result);

/// A jump: {"ok":true,"value":"<key>"} for a message shown already,
/// {"ok":true,"value":<request id>} for one being loaded, or the refusal.
std::string command_result_json(const Result<chat::ChatModel::Jump, chat::CommandError>& result);

/// {"ok":true,"value":<number>}: the id of a request started (a history
/// load), or how many were taken (restored sends).
std::string command_number_json(std::uint64_t value);

/// A refusal the API layer decides itself ("not_created", "invalid_argument").
std::string command_failure_json(std::string_view code, std::string_view message);

/// What the refusal means and what the caller can do next, in a sentence.
const char* describe(chat::CommandError error);

}  // namespace chatwire::api
