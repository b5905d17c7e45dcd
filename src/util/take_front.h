// The sans-IO units hand out their outputs through poll_*() calls, each the
// oldest entry of a queue or nothing: one way to take it.
#pragma once

#include <deque>
#include <optional>
#include <utility>

namespace chatwire::util {

/// Removes and returns the first entry of `queue`; nullopt when it is empty.
template <class T>
std::optional<T> take_front(std::deque<T>& queue) {
  if (queue.empty()) return std::nullopt;
  std::optional<T> front(std::move(queue.front()));
  queue.pop_front();
  return front;
}

}  // namespace chatwire::util
