#include "api/config_json.h"

#include <algorithm>
#include <optional>
#include <utility>

#include "api/json_writer.h"
#include "util/seeded_random.h"

namespace chatwire::api {
namespace {

std::string preset_list() {
  std::string list;
  for (const std::string& name : dialect::Dialect::preset_names()) {
    if (!list.empty()) list += ", ";
    list += name;
  }
  return list;
}

/// A preset name or a dialect document; errors inside the document are
/// named under "dialect.".
std::optional<dialect::Dialect> read_dialect(const ObjectFields& root, ConfigErrors& errors) {
  const Json* value = root.required("dialect", "a preset name (" + preset_list() + ") or a dialect document");
  if (value == nullptr) return std::nullopt;
  if (value->is_string()) {
    auto preset = dialect::Dialect::preset(value->get_ref<const std::string&>());
    if (preset) return std::move(preset).value();
    errors.add("dialect", preset.error().message + "; presets: " + preset_list());
    return std::nullopt;
  }
  if (value->is_object()) {
    auto loaded = dialect::Dialect::load(*value);
    if (loaded) return std::move(loaded).value();
    const dialect::DialectError& error = loaded.error();
    errors.add(error.field.empty() ? "dialect" : "dialect." + error.field, error.message);
    return std::nullopt;
  }
  errors.add("dialect", "must be a preset name (" + preset_list() + ") or a dialect document object");
  return std::nullopt;
}

void read_user(const ObjectFields& root, chat::User& user) {
  if (root.required("user", "{ id, name }: the signed-in user") == nullptr) return;
  const std::optional<ObjectFields> fields = root.object("user");
  if (!fields) return;
  // No refuse_unknown() here: apps hand over their own user objects, which
  // may carry more than the two fields the core reads.
  if (fields->required("id", "a string") != nullptr) fields->string("id", user.id);
  if (fields->required("name", "a string") != nullptr) fields->string("name", user.name);
}

/// "transports": ["websocket", "polling"] in the order to try them, as
/// socket.io-client's option. Absent: WebSocket first, polling as the
/// fallback behind proxies that break WebSockets.
void read_transports(const ObjectFields& root, session::SessionConfig& config) {
  config.transports = {session::TransportKind::kWebSocket, session::TransportKind::kPolling};
  const Json* list = root.find("transports");
  if (list == nullptr) return;
  const auto refuse = [&] {
    root.fail("transports", "must list \"websocket\", \"polling\" or both, each once, in the order to try them");
  };
  if (!list->is_array() || list->empty() || list->size() > 2) return refuse();
  config.transports.clear();
  for (const Json& name : *list) {
    const std::optional<session::TransportKind> kind =
        name.is_string() ? session::transport_kind_named(name.get_ref<const std::string&>()) : std::nullopt;
    if (!kind || std::find(config.transports.begin(), config.transports.end(), *kind) != config.transports.end()) {
      return refuse();
    }
    config.transports.push_back(*kind);
  }
}

void read_session(const ObjectFields& root, session::SessionConfig& config) {
  root.string("nsp", config.nsp);
  if (const Json* auth = root.find("auth")) {
    if (auth->is_object() || auth->is_null()) {
      config.auth = *auth;
    } else {
      root.fail("auth", "must be an object or null");
    }
  }
  root.boolean("refreshCredentialsOnReject", config.refresh_credentials_on_reject);
  if (const std::optional<ObjectFields> query = root.object("query")) {
    const Json& object = *root.find("query");
    for (auto it = object.begin(); it != object.end(); ++it) {
      if (!it.value().is_string()) {
        query->fail(it.key(), "must be a string");
        break;
      }
      config.query.emplace_back(it.key(), it.value().get<std::string>());
    }
  }
  read_transports(root, config);
  root.integer("connectTimeoutMs", config.connect_timeout_ms);
  root.integer("handshakeTimeoutMs", config.handshake_timeout_ms);
  root.integer("outboxCapacity", config.outbox_capacity);
  if (const std::optional<ObjectFields> reconnection = root.object("reconnection")) {
    reconnection->refuse_unknown(
        {"enabled", "initialDelayMs", "maxDelayMs", "factor", "randomization", "maxAttempts"});
    session::ReconnectionConfig& out = config.reconnection;
    reconnection->boolean("enabled", out.enabled);
    reconnection->integer("initialDelayMs", out.backoff.initial_delay_ms);
    reconnection->integer("maxDelayMs", out.backoff.max_delay_ms);
    reconnection->number("factor", out.backoff.factor);
    reconnection->number("randomization", out.backoff.randomization);
    reconnection->integer("maxAttempts", out.max_attempts);
  }
}

void read_chat(const ObjectFields& root, chat::ChatConfig& config) {
  read_user(root, config.self);
  root.integer("maxMessagesPerRoom", config.max_messages_per_room);
  root.integer("maxTextLength", config.max_text_length);
  root.integer("maxPendingPerRoom", config.max_pending_per_room);
  root.integer("maxRooms", config.max_rooms);
  root.integer("requestTimeoutMs", config.request_timeout_ms);
  root.integer("historyPageSize", config.history_page_size);
  root.integer("readReceiptIntervalMs", config.read_receipt_interval_ms);
  root.boolean("storeSends", config.store_sends);
  root.integer("cachedMessages", config.cached_messages);
  if (const std::optional<ObjectFields> typing = root.object("typing")) {
    typing->refuse_unknown({"refreshMs", "idleMs", "remoteTtlMs"});
    typing->integer("refreshMs", config.typing.refresh_ms);
    typing->integer("idleMs", config.typing.idle_ms);
    typing->integer("remoteTtlMs", config.typing.remote_ttl_ms);
  }
}

/// One seed from the app feeds two generators; drawing both from a SplitMix
/// stream keeps them different, so the jitter sequence and the client ids
/// never mirror each other.
void apply_seed(std::uint64_t seed, ClientConfig& config) {
  SeededRandom stream(seed);
  config.session.random_seed = stream.next_u64();
  config.chat.client_id_seed = stream.next_u64();
}

/// "typing.idle_ms" -> "typing.idleMs".
std::string camel_case(std::string_view snake) {
  std::string out;
  out.reserve(snake.size());
  bool upper_next = false;
  for (const char c : snake) {
    if (c == '_') {
      upper_next = true;
      continue;
    }
    out += upper_next && c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
    upper_next = false;
  }
  return out;
}

}  // namespace

Result<CoreConfig, CoreConfigError> parse_core_config(std::string_view json_text) {
  const json_util::ParseOutcome parsed = json_util::parse(json_text);
  if (!parsed.value) {
    if (parsed.failure == json_util::ParseFailure::kTooDeep) {
      return Failure{CoreConfigError{"", "the configuration is nested too deeply"}};
    }
    return Failure{CoreConfigError{"", "the configuration is not valid JSON (error at byte " +
                                           std::to_string(parsed.error_offset) + ")"}};
  }
  const Json& document = *parsed.value;
  if (!document.is_object()) return Failure{CoreConfigError{"", "the configuration must be a JSON object"}};

  ConfigErrors errors;
  const ObjectFields root(document, "", errors);
  root.refuse_unknown({"dialect", "user", "nsp", "auth", "refreshCredentialsOnReject", "query",
                       "connectTimeoutMs", "reconnection", "typing", "maxMessagesPerRoom", "maxTextLength",
                       "maxPendingPerRoom", "maxRooms", "requestTimeoutMs", "historyPageSize",
                       "readReceiptIntervalMs", "outboxCapacity", "seed", "storeSends",
                       "cachedMessages", "transports", "handshakeTimeoutMs"});
  std::optional<dialect::Dialect> dialect = read_dialect(root, errors);
  ClientConfig config;
  read_session(root, config.session);
  read_chat(root, config.chat);
  std::uint64_t seed = 0;
  root.integer("seed", seed);
  apply_seed(seed, config);

  if (errors.any()) return Failure{*errors.first()};
  return CoreConfig{std::move(config), std::move(*dialect)};
}

CoreConfigError to_core_config_error(const ClientConfigError& error) {
  // The core prefixes its layer ("chat.", "session."); the app's document
  // is flat, with the same names in camelCase.
  std::string_view field = error.field;
  const std::size_t dot = field.find('.');
  if (dot != std::string_view::npos) field.remove_prefix(dot + 1);
  return CoreConfigError{camel_case(field), error.message};
}

Result<std::unique_ptr<Client>, CoreConfigError> create_client(std::string_view json_text) {
  auto parsed = parse_core_config(json_text);
  if (!parsed) return Failure{parsed.error()};
  auto created = Client::create(std::move(parsed->client), std::move(parsed->dialect));
  if (!created) return Failure{to_core_config_error(created.error())};
  return std::move(created).value();
}

std::string config_error_json(const CoreConfigError& error) {
  return JsonWriter()
      .begin_object()
      .string("field", error.field)
      .string("message", error.message)
      .end_object()
      .take();
}

}  // namespace chatwire::api
