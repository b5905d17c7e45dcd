// The reading plan of a dialect: every path a decoder may look at, compiled
// once when the dialect loads, so that a frame's JSON text can be read by a
// SAX pass (plan_capture.h) that keeps only what the plan names instead of
// building a DOM.
//
// A plan is a trie of path segments per scope. The event's (or ack's) first
// argument is one scope; each element of a message or member list is read
// in a scope of its own (its item shape). A message found at a path is not a
// scope of its own: its shape's paths are inserted under each of the paths
// it may be found at, since lookup("a") then lookup("b") is lookup("a.b").
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace chatwire::dialect {

struct Shape;
struct EventSpec;
struct FieldPath;

namespace plan {

struct ScopePlan;

/// An array whose elements are read with an item shape as they go by.
struct ListReader {
  bool members = false;                    // a member list (else a message list)
  const Shape* shape = nullptr;            // the item shape (owned by the dialect's Spec)
  std::shared_ptr<const ScopePlan> items;  // the paths of that shape, per element
  std::string where;                       // the list's path as written, for error messages
};

/// One path segment under its parent, in preorder: a node's descendants are
/// the nodes (self, end).
struct Node {
  std::string segment;               // the key it stands for in an object
  std::optional<std::size_t> index;  // the element it stands for in an array, read as lookup() does
  std::uint32_t end = 0;             // one past the last descendant
  std::vector<std::uint32_t> children;
  std::vector<ListReader> lists;  // arrays here are read element by element
  std::uint32_t first_list = 0;   // index of lists[0] among the scope's list readers
  bool keep_tree = false;         // a filter compares a whole object or array here, or reactions are read here
};

/// The trie of one scope; nodes[0] is the scope's root value.
struct ScopePlan {
  std::vector<Node> nodes;
  std::uint32_t list_count = 0;  // list readers in all nodes

  static constexpr std::uint32_t kNone = UINT32_MAX;
  /// The child of `node` for `segment`, or kNone.
  [[nodiscard]] std::uint32_t child(std::uint32_t node, std::string_view segment) const;
  /// The node at `path` below `node`, or kNone when the plan never looks there.
  [[nodiscard]] std::uint32_t find(std::uint32_t node, const FieldPath& path) const;
};

/// The plan of an event: its filters, its fields, and for a message event
/// the message shape under each path the message may be at.
std::shared_ptr<const ScopePlan> compile_event(const EventSpec& event, const Shape* message_shape,
                                               const Shape* member_shape);

/// The plan of acks: every field `responses` maps (the operation decides
/// later which of them are read).
std::shared_ptr<const ScopePlan> compile_response(const Shape& responses, const Shape* message_shape,
                                                  const Shape* member_shape);

}  // namespace plan
}  // namespace chatwire::dialect
