#include "dialect/plan.h"

#include <map>
#include <utility>

#include "dialect/field_path.h"
#include "dialect/spec.h"

namespace chatwire::dialect::plan {
namespace {

bool is_structured(const json_util::Json& value) { return value.is_object() || value.is_array(); }

// The trie while it is built; flattened into preorder at the end.
struct Draft {
  std::map<std::string, Draft, std::less<>> children;
  std::vector<ListReader> lists;
  bool keep_tree = false;

  Draft& at(const std::vector<std::string>& prefix, const FieldPath& path) {
    Draft* node = this;
    for (const std::string& segment : prefix) node = &node->children[segment];
    for (const std::string& segment : path.segments) node = &node->children[segment];
    return *node;
  }
};

std::shared_ptr<const ScopePlan> flatten(const Draft& root);

void add_shape(Draft& root, const std::vector<std::string>& prefix, const Shape& shape) {
  for (const std::optional<FieldSpec>& field : shape.fields) {
    if (!field) continue;
    for (const FieldPath& path : field->paths) root.at(prefix, path);
  }
  // Reactions are read whole, as a small tree (their lists nest lists).
  if (const std::optional<FieldSpec>& reactions = shape[Field::kReactions]) {
    for (const FieldPath& path : reactions->paths) root.at(prefix, path).keep_tree = true;
  }
  for (const Filter& filter : shape.filters) {
    Draft& node = root.at(prefix, filter.path);
    if (is_structured(filter.equals)) node.keep_tree = true;
  }
}

std::shared_ptr<const ScopePlan> compile_items(const Shape& shape) {
  Draft root;
  add_shape(root, {}, shape);
  return flatten(root);
}

// The fields of a signal or an ack; message and list fields bring their shapes.
void add_fields(Draft& root, const Shape& shape, const Shape* message_shape, const Shape* member_shape) {
  add_shape(root, {}, shape);
  const auto shape_of = [](const FieldSpec& field, const Shape* fallback) {
    return field.item ? field.item.get() : fallback;
  };
  if (const std::optional<FieldSpec>& field = shape[Field::kMessage]) {
    if (const Shape* item = shape_of(*field, message_shape)) {
      for (const FieldPath& path : field->paths) add_shape(root, path.segments, *item);
    }
  }
  const auto add_lists = [&](const std::optional<FieldSpec>& field, bool members) {
    if (!field) return;
    const Shape* item = shape_of(*field, members ? member_shape : message_shape);
    if (item == nullptr) return;  // the loader refuses such a document
    const std::shared_ptr<const ScopePlan> items = compile_items(*item);
    for (const FieldPath& path : field->paths) {
      root.at({}, path).lists.push_back(ListReader{members, item, items, path.text});
    }
  };
  add_lists(shape[Field::kMessages], false);
  add_lists(shape[Field::kChanges], false);
  add_lists(shape[Field::kMembers], true);
}

void flatten_into(const std::string& segment, const Draft& draft, ScopePlan& plan) {
  const auto self = static_cast<std::uint32_t>(plan.nodes.size());
  plan.nodes.emplace_back();
  {
    Node& node = plan.nodes.back();
    node.segment = segment;
    node.index = array_index(segment);
    node.lists = draft.lists;
    node.first_list = plan.list_count;
    node.keep_tree = draft.keep_tree;
    plan.list_count += static_cast<std::uint32_t>(draft.lists.size());
  }
  for (const auto& [child_segment, child] : draft.children) {
    const auto child_index = static_cast<std::uint32_t>(plan.nodes.size());
    flatten_into(child_segment, child, plan);  // may reallocate plan.nodes
    plan.nodes[self].children.push_back(child_index);
  }
  plan.nodes[self].end = static_cast<std::uint32_t>(plan.nodes.size());
}

std::shared_ptr<const ScopePlan> flatten(const Draft& root) {
  auto plan = std::make_shared<ScopePlan>();
  flatten_into("", root, *plan);
  plan->nodes[0].index.reset();  // the root is no element of anything
  return plan;
}

}  // namespace

std::uint32_t ScopePlan::child(std::uint32_t node, std::string_view segment) const {
  for (const std::uint32_t child : nodes[node].children) {
    if (nodes[child].segment == segment) return child;
  }
  return kNone;
}

std::uint32_t ScopePlan::find(std::uint32_t node, const FieldPath& path) const {
  for (const std::string& segment : path.segments) {
    node = child(node, segment);
    if (node == kNone) return kNone;
  }
  return node;
}

std::shared_ptr<const ScopePlan> compile_event(const EventSpec& event, const Shape* message_shape,
                                               const Shape* member_shape) {
  Draft root;
  add_fields(root, event.shape, message_shape, member_shape);
  // A message event without a "message" field reads the payload itself.
  const bool reads_message = event.kind == SignalKind::kMessage || event.kind == SignalKind::kMessageUpdated;
  if (reads_message && !event.shape[Field::kMessage] && message_shape != nullptr) {
    add_shape(root, {}, *message_shape);
  }
  return flatten(root);
}

std::shared_ptr<const ScopePlan> compile_response(const Shape& responses, const Shape* message_shape,
                                                  const Shape* member_shape) {
  Draft root;
  add_fields(root, responses, message_shape, member_shape);
  return flatten(root);
}

}  // namespace chatwire::dialect::plan
