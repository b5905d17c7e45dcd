#include "chat/local_ids.h"

namespace chatwire::chat {

std::string LocalIds::next() {
  // Formatted by hand: printf would pull its whole implementation into Wasm.
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string id(1, prefix_);
  const std::uint64_t random = random_.next_u64();
  for (int shift = 60; shift >= 0; shift -= 4) id += kDigits[(random >> shift) & 0xF];
  id += '-';
  std::string counter;
  for (std::uint64_t n = ++counter_; n != 0; n /= 10) counter += static_cast<char>('0' + n % 10);
  id.append(counter.rbegin(), counter.rend());
  return id;
}

}  // namespace chatwire::chat
