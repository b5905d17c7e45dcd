// The loaders of a dialect document's sections (docs/dialects.md), one file
// each, and what they share while one document loads. loader.cpp walks the
// document and calls them in a fixed order: the first problem found is the
// one reported, so the order decides what a bad document is refused for.
// Internal to the loader; Dialect::load() is the API.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "dialect/loader_checks.h"
#include "dialect/spec.h"
#include "util/json.h"

namespace chatwire::dialect::loader {

/// One document being loaded: the Spec the sections fill in, the checks
/// (with the first problem found), and what a section learns that only the
/// capabilities, derived last, need.
struct DocumentLoad {
  explicit DocumentLoad(Dialect::Spec& spec_to_fill) : spec(spec_to_fill) {}

  Dialect::Spec& spec;
  DocumentChecks checks;

  bool user_key_is_name = false;   // the header's "user_key" is "name"
  bool join_has_since = false;     // the join payload has {since}
  bool join_has_since_rev = false; // the join payload has {since_rev}
  bool history_has_after = false;  // the history payload has {after}
  bool room_implied = false;       // send or typing names no room (flask-rooms)
};

// ---- The document's own keys (loader_header.cpp)

/// name, version, comment, room_ids, user_key, epoch_unit and typing.
bool load_header(DocumentLoad& load, const Json& doc);

// ---- Fields: where a value is on the wire (loader_fields.cpp), for shapes,
// events and responses

/// A shape ({"fields", "filter", "comment"}) whose fields follow `rules`.
std::optional<Shape> load_shape(DocumentLoad& load, const Json& value, const std::string& path,
                                const FieldRules& rules);

/// A "fields" object into `out`. `fields` may be absent when the mapping
/// needs none.
bool load_fields(DocumentLoad& load, const Json* fields, const std::string& path, const FieldRules& rules,
                 FieldMap& out);

/// A "filter" object (absent: no filter) into `filters`.
bool load_filters(DocumentLoad& load, const Json* value, const std::string& path,
                  std::vector<Filter>& filters);

// ---- The sections, in the order loader.cpp loads them

/// "shapes" (loader_shapes.cpp): the message and member shapes.
bool load_shapes(DocumentLoad& load, const Json& shapes);

/// "requests" (loader_requests.cpp): what to emit for each operation.
bool load_requests(DocumentLoad& load, const Json& requests);

/// "events" (loader_events.cpp): the signal each server event becomes.
/// Needs the shapes loaded.
bool load_events(DocumentLoad& load, const Json& events);

/// "responses" (loader_responses.cpp): how acks read.
bool load_responses(DocumentLoad& load, const Json& value);

// ---- Across sections (loader_capabilities.cpp), once all are loaded

/// Requests and events agree on confirmations: a request confirmed by an
/// event has an event that can confirm it, and an event that confirms joins
/// has joins confirmed by events.
bool check_confirmations(DocumentLoad& load);

/// The capabilities not already set by a section's own key.
void derive_capabilities(DocumentLoad& load);

}  // namespace chatwire::dialect::loader
