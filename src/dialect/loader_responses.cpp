// "responses" (docs/dialects.md, "Responses"): how the first argument of an
// ack reads. Without it every ack is a plain success.
#include <utility>

#include "dialect/loader_sections.h"
#include "dialect/spec.h"
#include "util/json.h"

namespace chatwire::dialect::loader {

bool load_responses(DocumentLoad& load, const Json& value) {
  DocumentChecks& checks = load.checks;
  if (!checks.object_at(&value, "responses") ||
      !checks.only_keys(value, "responses", {"fields", "comment"}) || !checks.comment(value, "responses")) {
    return false;
  }
  Shape shape;
  if (!load_fields(load, json_util::find(value, "fields"), "responses.fields", response_rules(),
                   shape.fields)) {
    return false;
  }
  load.spec.responses = std::move(shape);
  return true;
}

}  // namespace chatwire::dialect::loader
