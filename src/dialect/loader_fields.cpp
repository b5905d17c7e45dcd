// Field mappings (docs/dialects.md, "Fields: where a value is on the wire"):
// the "fields" and "filter" objects of shapes, events and responses, each
// field in one of its three forms, and the "item" shapes a field may nest.
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "dialect/field_path.h"
#include "dialect/loader_sections.h"
#include "dialect/spec.h"
#include "dialect/timestamp.h"
#include "util/json.h"

namespace chatwire::dialect::loader {

namespace {

std::string key_list(const FieldRules& rules) {
  std::string out;
  for (const FieldRule& rule : rules.rules) {
    if (!out.empty()) out += ", ";
    out += std::string(rule.key);
  }
  return out.empty() ? "none" : out;
}

// Whether a constant `value` is acceptable for a field read as `type`.
bool constant_fits(const Json& value, ValueType type, EpochUnit unit) {
  switch (type) {
    case ValueType::kId:
      return read_id(value).has_value();
    case ValueType::kText:
      return value.is_string();
    case ValueType::kInt:
      return read_int(value).has_value();
    case ValueType::kBool:
      return value.is_boolean();
    case ValueType::kTimestamp:
      return read_timestamp_ms(value, unit).has_value();
    case ValueType::kMessage:
    case ValueType::kMessageList:
    case ValueType::kMemberList:
    case ValueType::kReactions:
      return false;
  }
  return false;
}

bool has_shape(ValueType type) {
  return type == ValueType::kMessage || type == ValueType::kMessageList || type == ValueType::kMemberList;
}

bool default_shape_for(const Dialect::Spec& spec, ValueType type) {
  return type == ValueType::kMemberList ? spec.member_shape.has_value() : spec.message_shape.has_value();
}

bool load_paths(DocumentChecks& checks, const Json& value, const std::string& path, FieldSpec& spec) {
  if (value.is_array()) {
    if (value.empty()) return checks.fail(path, "must list at least one field path");
    for (std::size_t i = 0; i < value.size(); ++i) {
      std::optional<FieldPath> one = checks.path_at(value[i], path + "[" + std::to_string(i) + "]");
      if (!one) return false;
      spec.paths.push_back(std::move(*one));
    }
    return true;
  }
  std::optional<FieldPath> one = checks.path_at(value, path);
  if (!one) return false;
  spec.paths.push_back(std::move(*one));
  return true;
}

// The object form: {"path" | "value", "optional", "values", "item"}.
bool load_field_object(DocumentLoad& load, const Json& value, const std::string& path, const FieldRule& rule,
                       FieldSpec& spec) {
  DocumentChecks& checks = load.checks;
  const bool is_bool = rule.type == ValueType::kBool;
  const bool shaped = has_shape(rule.type);
  if (is_bool) {
    if (!checks.only_keys(value, path, {"path", "value", "optional", "values", "comment"})) return false;
  } else if (shaped) {
    if (!checks.only_keys(value, path, {"path", "optional", "item", "comment"})) return false;
  } else if (!checks.only_keys(value, path, {"path", "value", "optional", "comment"})) {
    return false;
  }
  if (!checks.comment(value, path)) return false;
  const Json* paths = json_util::find(value, "path");
  const Json* constant = json_util::find(value, "value");
  if ((paths == nullptr) == (constant == nullptr)) {
    checks.fail(path, shaped ? "needs \"path\"" : "needs exactly one of \"path\" and \"value\"");
    return false;
  }
  if (paths != nullptr && !load_paths(checks, *paths, join_path(path, "path"), spec)) return false;
  if (constant != nullptr) {
    if (!constant_fits(*constant, rule.type, load.spec.epoch_unit)) {
      checks.fail(join_path(path, "value"), "is not a valid constant for this field");
      return false;
    }
    spec.constant = *constant;
  }
  const std::optional<bool> optional = checks.optional_bool(value, path, "optional");
  if (!optional) return false;
  spec.optional = *optional;
  if (const Json* values = json_util::find(value, "values")) {
    const std::string values_path = join_path(path, "values");
    if (!values->is_object() || values->empty()) {
      checks.fail(values_path,
                  "must map wire strings to true or false, e.g. {\"start\": true, \"stop\": false}");
      return false;
    }
    for (const auto& [wire, meaning] : values->items()) {
      if (!meaning.is_boolean()) {
        checks.fail(join_path(values_path, wire), "must be true or false");
        return false;
      }
      spec.values.emplace_back(wire, meaning.get<bool>());
    }
    if (constant != nullptr) {
      checks.fail(values_path, "has no use with a constant \"value\"");
      return false;
    }
  }
  if (const Json* item = json_util::find(value, "item")) {
    const bool members = rule.type == ValueType::kMemberList;
    std::optional<Shape> shape = load_shape(load, *item, join_path(path, "item"),
                                            members ? member_shape_rules() : message_shape_rules());
    if (!shape) return false;
    spec.item = std::make_shared<const Shape>(std::move(*shape));
  }
  return true;
}

std::optional<FieldSpec> load_field(DocumentLoad& load, const Json& value, const std::string& path,
                                    const FieldRule& rule) {
  FieldSpec spec;
  if (value.is_string() || value.is_array()) {
    if (!load_paths(load.checks, value, path, spec)) return std::nullopt;
  } else if (!value.is_object()) {
    load.checks.fail(path,
                     "must be a field path, a list of field paths, or an object with \"path\" or \"value\"");
    return std::nullopt;
  } else if (!load_field_object(load, value, path, rule, spec)) {
    return std::nullopt;
  }
  if (has_shape(rule.type) && !spec.item && !default_shape_for(load.spec, rule.type)) {
    load.checks.fail(path, rule.type == ValueType::kMemberList
                               ? "needs shapes.member, or an \"item\" shape here"
                               : "needs shapes.message, or an \"item\" shape here");
    return std::nullopt;
  }
  return spec;
}

}  // namespace

std::optional<Shape> load_shape(DocumentLoad& load, const Json& value, const std::string& path,
                                const FieldRules& rules) {
  DocumentChecks& checks = load.checks;
  if (!checks.object_at(&value, path) || !checks.only_keys(value, path, {"fields", "filter", "comment"}) ||
      !checks.comment(value, path)) {
    return std::nullopt;
  }
  Shape shape;
  if (!load_fields(load, json_util::find(value, "fields"), join_path(path, "fields"), rules, shape.fields) ||
      !load_filters(load, json_util::find(value, "filter"), join_path(path, "filter"), shape.filters)) {
    return std::nullopt;
  }
  return shape;
}

bool load_filters(DocumentLoad& load, const Json* value, const std::string& path,
                  std::vector<Filter>& filters) {
  if (value == nullptr) return true;
  if (!value->is_object())
    return load.checks.fail(path, "must be an object of field paths and the values they must have");
  for (const auto& [key, equals] : value->items()) {
    std::optional<FieldPath> field = load.checks.path_at(Json(key), join_path(path, key));
    if (!field) return false;
    filters.push_back({std::move(*field), equals});
  }
  return true;
}

// `fields` may be absent when the mapping needs none.
bool load_fields(DocumentLoad& load, const Json* fields, const std::string& path, const FieldRules& rules,
                 FieldMap& out) {
  DocumentChecks& checks = load.checks;
  if (fields != nullptr) {
    if (!fields->is_object()) return checks.fail(path, "must be an object of semantic fields");
    for (const auto& [key, value] : fields->items()) {
      const FieldRule* rule = nullptr;
      for (const FieldRule& candidate : rules.rules) {
        if (candidate.key == key) rule = &candidate;
      }
      if (rule == nullptr) {
        return checks.fail(join_path(path, key), "is not a field of " + std::string(rules.what) +
                                                     " (expected: " + key_list(rules) + ")");
      }
      std::optional<FieldSpec> spec = load_field(load, value, join_path(path, key), *rule);
      if (!spec) return false;
      out[static_cast<std::size_t>(rule->field)] = std::move(spec);
    }
  }
  for (const FieldRule& rule : rules.rules) {
    if (rule.must_map && !out[static_cast<std::size_t>(rule.field)]) {
      return checks.fail(join_path(path, rule.key), std::string(rules.what) + " needs this field");
    }
  }
  return true;
}

}  // namespace chatwire::dialect::loader
