#include "support/client_pair.h"

namespace chatwire::testing {

chat::User test_user() { return {"u1", "Ada"}; }

ClientConfig test_client_config() {
  ClientConfig config;
  config.session = test_config();
  config.chat.self = test_user();
  config.chat.client_id_seed = 7;
  return config;
}

dialect::Dialect preset(const std::string& name) {
  auto loaded = dialect::Dialect::preset(name);
  if (!loaded) {
    ADD_FAILURE() << "preset " << name << ": " << loaded.error().field << ": " << loaded.error().message;
    std::abort();
  }
  return std::move(loaded).value();
}

std::unique_ptr<Client> ClientPair::make(dialect::Dialect dialect, ClientConfig config) {
  auto created = Client::create(std::move(config), std::move(dialect));
  if (!created) {
    ADD_FAILURE() << "invalid test config: " << created.error().field << ": " << created.error().message;
    std::abort();
  }
  return std::move(created).value();
}

ClientPair::ClientPair(dialect::Dialect dialect, ServerScript script, ClientConfig config)
    : BasicPair(std::move(script)),
      owned_(make(std::move(dialect), std::move(config))),
      client(*owned_) {}

const chat::Room& ClientPair::room(const std::string& id) const {
  const chat::Room* found = client.chat().room(id);
  if (found == nullptr) {
    ADD_FAILURE() << "no room " << id;
    std::abort();
  }
  return *found;
}

std::vector<std::string> ClientPair::texts(const std::string& id) const {
  std::vector<std::string> out;
  const auto& store = room(id).messages();
  for (std::size_t i = 0; i < store.size(); ++i) out.push_back(store.at(i).text);
  return out;
}

std::vector<Json> ClientPair::received(const std::string& event) const {
  std::vector<Json> out;
  for (const auto& packet : server.events_received) {
    if (!packet.data || !packet.data->is_array() || packet.data->empty()) continue;
    const Json& name = (*packet.data)[0];
    if (name.is_string() && name.get<std::string>() == event) {
      out.emplace_back(Json(packet.data->begin() + 1, packet.data->end()));
    }
  }
  return out;
}

}  // namespace chatwire::testing
