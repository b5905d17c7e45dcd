// "shapes" (docs/dialects.md, "Shapes"): how a message and a member look
// wherever one appears. Each is a shape of fields (loader_fields.cpp).
#include <optional>

#include "dialect/loader_sections.h"
#include "dialect/spec.h"
#include "util/json.h"

namespace chatwire::dialect::loader {

bool load_shapes(DocumentLoad& load, const Json& shapes) {
  DocumentChecks& checks = load.checks;
  Dialect::Spec& spec = load.spec;
  if (!checks.object_at(&shapes, "shapes") ||
      !checks.only_keys(shapes, "shapes", {"message", "member", "comment"}) ||
      !checks.comment(shapes, "shapes")) {
    return false;
  }
  // The member shape first: a message shape cannot refer to it, but keep
  // the order fixed so errors are reported deterministically.
  if (const Json* member = json_util::find(shapes, "member")) {
    spec.member_shape = load_shape(load, *member, "shapes.member", member_shape_rules());
    if (!spec.member_shape) return false;
  }
  if (const Json* message = json_util::find(shapes, "message")) {
    spec.message_shape = load_shape(load, *message, "shapes.message", message_shape_rules());
    if (!spec.message_shape) return false;
  }
  return true;
}

}  // namespace chatwire::dialect::loader
