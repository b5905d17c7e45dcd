#include "client_fuzz/property.h"

#include <cstdlib>
#include <string>
#include <string_view>

namespace chatwire::fuzz::client_fuzz {

bool skipped(std::string_view tag) {
  static const std::string list = [] {
    const char* env = std::getenv("CLIENT_FUZZ_SKIP");
    return "," + std::string(env == nullptr ? "" : env) + ",";
  }();
  return list.find("," + std::string(tag) + ",") != std::string::npos;
}

}  // namespace chatwire::fuzz::client_fuzz
