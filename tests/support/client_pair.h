// A whole Client (session + chat model + dialect) against the FakeServer,
// driven like Pair. Chat tests script the backend through the server's
// on_event hook (e.g. NativeBackend) and push events with send_event.
#pragma once

#include <memory>
#include <string>

#include "client.h"
#include "support/pair.h"

namespace chatwire::testing {

/// The user every chat test signs in as, unless it says otherwise.
chat::User test_user();

/// A ClientConfig with a fixed seed and test_user().
ClientConfig test_client_config();

/// A built-in dialect by name (a test failure if the preset is missing).
dialect::Dialect preset(const std::string& name);

class ClientPair : public BasicPair<Client, ClientEvent> {
  // Declared before `client`, which refers to it.
  std::unique_ptr<Client> owned_;

 public:
  explicit ClientPair(dialect::Dialect dialect, ServerScript script = {},
                      ClientConfig config = test_client_config());

  Client& client;

  /// The room as the chat model holds it (a test failure if it does not exist).
  [[nodiscard]] const chat::Room& room(const std::string& id) const;
  /// Texts of the room's messages, in order.
  [[nodiscard]] std::vector<std::string> texts(const std::string& id) const;
  /// Every EVENT the server received with this name, as its args array.
  [[nodiscard]] std::vector<Json> received(const std::string& event) const;

 private:
  static std::unique_ptr<Client> make(dialect::Dialect dialect, ClientConfig config);

  Client& endpoint() override { return client; }
  [[nodiscard]] const Client& const_endpoint() const override { return client; }
  [[nodiscard]] State current_state() const override { return client.session().state(); }
};

}  // namespace chatwire::testing
