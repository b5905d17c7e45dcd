// The document's own keys (docs/dialects.md, "The document"): its name and
// version, how it spells room ids, users and epochs, and "typing".
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "dialect/field_path.h"
#include "dialect/loader_sections.h"
#include "dialect/spec.h"
#include "dialect/timestamp.h"
#include "util/json.h"

namespace chatwire::dialect::loader {

namespace {

constexpr std::size_t kMaxNameLength = 64;
constexpr std::int64_t kMaxTypingExpiresMs = 3'600'000;

}  // namespace

bool load_header(DocumentLoad& load, const Json& doc) {
  DocumentChecks& checks = load.checks;
  Dialect::Spec& spec = load.spec;
  const Json* name = json_util::find(doc, "name");
  if (name == nullptr || !name->is_string() || name->get_ref<const std::string&>().empty() ||
      name->get_ref<const std::string&>().size() > kMaxNameLength) {
    return checks.fail("name",
                       "is required: a string of 1 to " + std::to_string(kMaxNameLength) + " characters");
  }
  spec.name = name->get<std::string>();
  if (const Json* version = json_util::find(doc, "version")) {
    if (read_int(*version) != 1) return checks.fail("version", "must be 1 (the only version of the format)");
  }
  if (!checks.comment(doc, "")) return false;
  const std::optional<std::size_t> rooms = checks.choice(doc, "", "room_ids", {"string", "number"}, 0);
  const std::optional<std::size_t> user_key = checks.choice(doc, "", "user_key", {"id", "name"}, 0);
  const std::optional<std::size_t> unit = checks.choice(doc, "", "epoch_unit", {"ms", "s"}, 0);
  if (!rooms || !user_key || !unit) return false;
  spec.numeric_rooms = *rooms == 1;
  load.user_key_is_name = *user_key == 1;
  spec.epoch_unit = *unit == 1 ? EpochUnit::kSeconds : EpochUnit::kMilliseconds;
  if (const Json* typing = json_util::find(doc, "typing")) {
    if (!checks.object_at(typing, "typing") ||
        !checks.only_keys(*typing, "typing", {"expires_ms", "comment"}) ||
        !checks.comment(*typing, "typing")) {
      return false;
    }
    if (const Json* expires = json_util::find(*typing, "expires_ms")) {
      const std::optional<std::int64_t> ms = read_int(*expires);
      if (!ms || *ms < 0 || *ms > kMaxTypingExpiresMs) {
        return checks.fail("typing.expires_ms",
                           "must be an integer from 0 to " + std::to_string(kMaxTypingExpiresMs));
      }
      spec.capabilities.typing_expires_ms = *ms;
    }
  }
  return true;
}

}  // namespace chatwire::dialect::loader
