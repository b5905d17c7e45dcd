// Dialect::load: parses a dialect document, refuses anything it does not
// understand (naming the field), and derives the capabilities.
//
// This file walks the document; each section has its own loader
// (loader_sections.h), and the checks they share are in loader_checks.h.
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "dialect/loader_sections.h"
#include "dialect/plan.h"
#include "dialect/spec.h"
#include "util/json.h"
#include "util/result.h"

namespace chatwire::dialect {

namespace {

// The reading plans of a loaded document (plan.h): once per load, so that
// reading a frame never walks the document's field specs again.
void compile_plans(Dialect::Spec& spec) {
  const Shape* message_shape = spec.message_shape ? &*spec.message_shape : nullptr;
  const Shape* member_shape = spec.member_shape ? &*spec.member_shape : nullptr;
  for (auto& [name, event] : spec.events)
    event.plan = plan::compile_event(event, message_shape, member_shape);
  if (spec.responses)
    spec.response_plan = plan::compile_response(*spec.responses, message_shape, member_shape);
}

// The sections in a fixed order, which decides the problem reported for a
// document that has several: the shapes before the events and responses
// whose fields read with them, the confirmations and capabilities once
// everything they look at is loaded.
void load_document(loader::DocumentLoad& load, const Json& doc) {
  if (!load.checks.only_keys(doc, "",
                             {"name", "version", "comment", "room_ids", "user_key", "epoch_unit", "typing",
                              "requests", "shapes", "events", "responses"}) ||
      !loader::load_header(load, doc)) {
    return;
  }
  if (const Json* shapes = json_util::find(doc, "shapes")) {
    if (!loader::load_shapes(load, *shapes)) return;
  }
  const Json* requests = json_util::find(doc, "requests");
  if (!load.checks.object_at(requests, "requests") || !loader::load_requests(load, *requests)) return;
  const Json* events = json_util::find(doc, "events");
  if (!load.checks.object_at(events, "events") || !loader::load_events(load, *events)) return;
  if (const Json* responses = json_util::find(doc, "responses")) {
    if (!loader::load_responses(load, *responses)) return;
  }
  if (!loader::check_confirmations(load)) return;
  loader::derive_capabilities(load);
}

}  // namespace

// Builds a Spec from a document; the first problem found wins.
Result<Dialect, DialectError> Dialect::load(const Json& document) {
  if (!document.is_object()) return Failure{DialectError{"", "a dialect document must be a JSON object"}};
  auto spec = std::make_shared<Dialect::Spec>();
  loader::DocumentLoad load(*spec);
  load_document(load, document);
  if (std::optional<DialectError> error = load.checks.take_error()) return Failure{std::move(*error)};
  compile_plans(*spec);
  return Dialect(std::move(spec));
}

Result<Dialect, DialectError> Dialect::load(std::string_view json_text) {
  json_util::ParseOutcome parsed = json_util::parse(json_text);
  if (!parsed.value) {
    if (parsed.failure == json_util::ParseFailure::kTooDeep) {
      return Failure{DialectError{
          "", "the document nests deeper than " + std::to_string(json_util::kDefaultMaxDepth) + " levels"}};
    }
    return Failure{
        DialectError{"", "not valid JSON (error at byte " + std::to_string(parsed.error_offset) + ")"}};
  }
  return load(*parsed.value);
}

}  // namespace chatwire::dialect
