#pragma once

namespace chatwire::util {

/// One visitor from several lambdas, for std::visit over a variant.
template <class... F>
struct Overloaded : F... {
  using F::operator()...;
};
template <class... F>
Overloaded(F...) -> Overloaded<F...>;

}  // namespace chatwire::util
