// A dialect maps the chat model's semantic operations and signals onto one
// backend's Socket.IO events. It is data, not code: a JSON document (see
// docs/dialects.md and the presets in presets.cpp) validated when loaded.
//
//   Request ──encode()──▶ Outgoing {event, args, wants_ack}
//   server event ──decode_event()──▶ Signal, or "unknown" / a decode error
//   ack args ──decode_response()──▶ Response
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "chat/capabilities.h"
#include "chat/signals.h"
#include "util/json.h"
#include "util/result.h"

namespace chatwire::dialect {

using Json = json_util::Json;

// What the backend can do, as the chat model sees it (chat/capabilities.h);
// a dialect derives it from its document.
using chat::Capabilities;
using chat::Confirmation;

/// An event to emit.
struct Outgoing {
  std::string event;
  Json args;  // the array after the event name
  bool wants_ack = false;
};

/// Why a dialect document was refused: the JSON path of the bad field
/// (e.g. "requests.send.payload.show_id") and what is wrong with it.
struct DialectError {
  std::string field;
  std::string message;
};

/// Why a request could not be encoded.
struct EncodeError {
  enum class Code : std::uint8_t {
    kUnsupported,    // the backend has no such operation
    kInvalidRoomId,  // the backend wants numeric room ids and this one is not a number
  } code;
  std::string message;
};

/// A server event this dialect does not know: ignored and counted.
struct UnknownEvent {};

/// A known server event whose payload lacks a field or has the wrong type:
/// dropped, with the reason.
struct MalformedEvent {
  std::string message;  // names the event and the field, e.g. "new_message: 'message' is not a string"
};

using Decoded = std::variant<chat::Signal, UnknownEvent, MalformedEvent>;

/// Why the argument text of an event or an ack could not be read at all: it
/// is not one JSON document, or it nests too deep. The frame is dropped; the
/// connection can carry on.
struct ArgsError {
  std::string message;  // e.g. "the arguments are not valid JSON (error at byte 12)"
  bool too_deep = false;  // refused for nesting, not for syntax
};

class Dialect {
 public:
  /// Parses and validates a dialect document; the error names the bad field.
  static Result<Dialect, DialectError> load(std::string_view json_text);
  /// The same, from a parsed document.
  static Result<Dialect, DialectError> load(const Json& document);
  /// Text overloads: without them a std::string or a literal converts to
  /// both std::string_view and Json, and the call is ambiguous.
  static Result<Dialect, DialectError> load(const std::string& json_text) {
    return load(std::string_view(json_text));
  }
  static Result<Dialect, DialectError> load(const char* json_text) {
    return load(json_text == nullptr ? std::string_view() : std::string_view(json_text));
  }

  /// A built-in preset: "chatwire", "flask-rooms", "flask-shows",
  /// "nest-conversations", "express-conversations", "flask-multiroom".
  static Result<Dialect, DialectError> preset(std::string_view name);
  /// The names preset() accepts, in a stable order.
  static const std::vector<std::string>& preset_names();
  /// The JSON text of a preset, compacted: no whitespace and no comments
  /// (preset_documents.h has each as written, comments included).
  static std::optional<std::string_view> preset_text(std::string_view name);

  [[nodiscard]] const std::string& name() const;
  [[nodiscard]] const Capabilities& capabilities() const;

  /// The event to emit for `request`, with `self` filling user placeholders.
  [[nodiscard]] Result<Outgoing, EncodeError> encode(const chat::Request& request,
                                                     const chat::User& self) const;

  /// Interprets one server event (`args` is the array after the name). The
  /// reference reader, on a DOM: the client reads frames with read_event(),
  /// and the tests and fuzz targets hold the two to the same results.
  [[nodiscard]] Decoded decode_event(std::string_view event, const Json& args) const;

  /// Interprets the ack to a request of kind `op` (`args` is the ack's array).
  /// A malformed ack gives a Response with ok == false and a message saying why.
  [[nodiscard]] chat::Response decode_response(chat::Operation op, const Json& args) const;

  /// Interprets one server event from the JSON text of its argument array,
  /// through the plan compiled when the dialect loaded: one SAX pass that
  /// keeps only the mapped fields, no DOM. Gives exactly what
  /// decode_event(event, *json_util::parse(args_json).value) gives, or an
  /// ArgsError when parse() would refuse the text (the caller drops the
  /// frame). Never aborts; memory is bounded by the text and by the list cut.
  [[nodiscard]] Result<Decoded, ArgsError> read_event(std::string_view event,
                                                      std::string_view args_json) const;

  /// decode_response() from the JSON text of the ack's array, as read_event().
  [[nodiscard]] Result<chat::Response, ArgsError> read_response(chat::Operation op,
                                                                std::string_view args_json) const;

  // Implementation detail, public so that the loader in another file can
  // build it; not part of the API.
  struct Spec;
  explicit Dialect(std::shared_ptr<const Spec> spec);

 private:
  std::shared_ptr<const Spec> spec_;
};

}  // namespace chatwire::dialect
