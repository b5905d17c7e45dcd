// A value-or-error return type for a core built without exceptions.
//
// C++20 has no std::expected, and the core may not throw (an uncaught throw
// aborts the whole WebAssembly instance), so every fallible call returns a
// Result. Construct a failure with `Failure{error}`; a value converts
// implicitly.
#pragma once

#include <cassert>
#include <utility>
#include <variant>

namespace chatwire {

/// Wraps an error so that Result<T, E> can be built from it even when T and E
/// are the same or convertible types.
template <class E>
struct Failure {
  E error;
};
template <class E>
Failure(E) -> Failure<E>;

/// Either a T (success) or an E (failure). Accessing the wrong side is a
/// programming error, checked by assert in debug builds.
template <class T, class E>
class [[nodiscard]] Result {
 public:
  Result(T value) : storage_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit by design
  Result(Failure<E> failure) : storage_(std::in_place_index<1>, std::move(failure.error)) {}  // NOLINT

  [[nodiscard]] bool ok() const { return storage_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & {
    assert(ok());
    return *std::get_if<0>(&storage_);
  }
  const T& value() const& {
    assert(ok());
    return *std::get_if<0>(&storage_);
  }
  T&& value() && {
    assert(ok());
    return std::move(*std::get_if<0>(&storage_));
  }
  const E& error() const {
    assert(!ok());
    return *std::get_if<1>(&storage_);
  }

  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, E> storage_;
};

}  // namespace chatwire
