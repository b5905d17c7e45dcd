#include "support/pair.h"

namespace chatwire::testing {

SessionConfig test_config() {
  SessionConfig config;
  config.random_seed = 42;
  return config;
}

namespace {
Session make_session(SessionConfig config) {
  auto created = Session::create(std::move(config));
  if (!created) {
    ADD_FAILURE() << "invalid test config: " << created.error().field << ": " << created.error().message;
    return std::move(Session::create(test_config()).value());
  }
  return std::move(created).value();
}
}  // namespace

Pair::Pair(SessionConfig config, ServerScript script)
    : BasicPair(std::move(script)), client(make_session(std::move(config))) {}

}  // namespace chatwire::testing
