// The client under test: small limits, so every bound is reached within a
// few operations, and the six dialect presets it is created with.
#pragma once

#include <cstddef>
#include <vector>

#include "client.h"
#include "dialect/dialect.h"

namespace chatwire::fuzz::client_fuzz {

inline constexpr std::size_t kMaxMessages = 20;
inline constexpr std::size_t kMaxPending = 5;
inline constexpr std::size_t kMaxRooms = 4;

/// The user the client is logged in as.
inline const chat::User kSelf{"u1", "Ada"};

/// Every dialect preset, in preset_names() order (loaded once; a preset that
/// does not load fails the target).
const std::vector<dialect::Dialect>& preset_dialects();

/// The client's config: the limits above, kSelf, and fixed seeds so that an
/// input replays the same way every time.
ClientConfig fuzz_config();

}  // namespace chatwire::fuzz::client_fuzz
