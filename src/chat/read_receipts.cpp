#include "chat/read_receipts.h"

#include <algorithm>

namespace chatwire::chat {

std::optional<ReadReceipts::Moved> ReadReceipts::record(const std::string& reader, OrderKey position) {
  auto found = std::find_if(readers_.begin(), readers_.end(),
                            [&](const auto& entry) { return entry.first == reader; });
  if (found != readers_.end()) {
    if (position <= found->second) return std::nullopt;
    const Moved moved{found->second, position};
    found->second = position;
    return moved;
  }
  if (readers_.size() >= max_readers_) return std::nullopt;
  readers_.emplace_back(reader, position);
  return Moved{std::nullopt, position};
}

std::vector<std::string> ReadReceipts::readers_of(OrderKey position, const std::string& author_key) const {
  std::vector<std::string> out;
  for (const auto& [reader, read_up_to] : readers_) {
    if (reader != author_key && position <= read_up_to) out.push_back(reader);
  }
  return out;
}

}  // namespace chatwire::chat
