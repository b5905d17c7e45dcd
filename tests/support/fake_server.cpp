#include "support/fake_server.h"

namespace chatwire::testing {

namespace eio = protocol::eio;
namespace sio = protocol::sio;

void FakeServer::on_open_request(std::int64_t now_ms, std::uint32_t transport) {
  now_ms_ = now_ms;
  ++open_requests;
  if (!script.accept_transport) {
    outputs_.push_back({ServerOutput::Kind::kClosed, transport, "connection refused"});
    return;
  }
  ++connections_accepted;
  live_ = transport;
  silent_ = false;
  outputs_.push_back({ServerOutput::Kind::kOpened, transport, {}});
  if (!script.send_handshake) return;

  std::string open_data;
  if (script.open_packet_override) {
    open_data = *script.open_packet_override;
  } else {
    const eio::Handshake& h = script.handshake;
    open_data = json_util::dump(Json{{"sid", h.sid},
                                     {"upgrades", h.upgrades},
                                     {"pingInterval", h.ping_interval_ms},
                                     {"pingTimeout", h.ping_timeout_ms},
                                     {"maxPayload", h.max_payload}});
  }
  send_to_client(eio::encode_packet({eio::PacketType::kOpen, open_data, false}));
  if (script.send_pings) next_ping_ = now_ms + script.handshake.ping_interval_ms;
}

void FakeServer::on_client_frame(std::int64_t now_ms, std::uint32_t transport, const std::string& text) {
  now_ms_ = now_ms;
  if (transport != live_) return;  // a frame for a connection the server already dropped
  frames_received.push_back(text);
  auto packet = eio::decode_packet(text);
  if (!packet) return;
  if (packet->type == eio::PacketType::kPong) {
    ++pongs_received;
    return;
  }
  if (packet->type != eio::PacketType::kMessage) return;
  auto decoded = sio::decode(packet->data);
  if (decoded) on_socket_packet(*decoded);
}

void FakeServer::on_socket_packet(const sio::Packet& packet) {
  switch (packet.type) {
    case sio::PacketType::kConnect: {
      const Json auth = packet.data ? *packet.data : Json();
      connect_auths.push_back(auth);
      const ConnectReply reply = script.on_connect(auth);
      if (reply.kind == ConnectReply::Kind::kAccept) {
        const std::string sid = "ns-" + std::to_string(++namespace_sessions_);
        Json answer{{"sid", sid}};
        if (const auto& pid = reply.pid ? reply.pid : script.recovery_pid) answer["pid"] = *pid;
        send_to_client("4" + sio::encode({sio::PacketType::kConnect, packet.nsp, std::nullopt, std::move(answer), {}, {}}));
      } else if (reply.kind == ConnectReply::Kind::kReject) {
        send_to_client("4" + sio::encode({sio::PacketType::kConnectError, packet.nsp, std::nullopt,
                                          Json{{"message", reply.message}}, {}, {}}));
      }
      return;
    }
    case sio::PacketType::kEvent: {
      events_received.push_back(packet);
      std::optional<Json> answer;
      if (script.on_event && packet.data && packet.data->is_array() && !packet.data->empty() &&
          (*packet.data)[0].is_string()) {
        const Json args(packet.data->begin() + 1, packet.data->end());
        answer = script.on_event(*this, (*packet.data)[0].get<std::string>(), args);
      }
      if (answer && packet.ack_id) {
        send_to_client("4" + sio::encode({sio::PacketType::kAck, packet.nsp, packet.ack_id, *answer, {}, {}}));
      } else if (script.auto_ack && packet.ack_id) {
        send_to_client("4" +
                       sio::encode({sio::PacketType::kAck, packet.nsp, packet.ack_id, Json::array({"ok"}), {}, {}}));
      }
      return;
    }
    case sio::PacketType::kDisconnect:
      ++client_disconnects;
      return;
    default:
      return;
  }
}

void FakeServer::on_client_close(std::uint32_t transport) {
  if (transport != live_) return;
  ++client_closes;
  live_ = 0;
  next_ping_.reset();
}

void FakeServer::handle_timeout(std::int64_t now_ms) {
  now_ms_ = now_ms;
  if (!next_ping_ || now_ms < *next_ping_) return;
  send_to_client(eio::encode_packet({eio::PacketType::kPing, "", false}));
  next_ping_ = *next_ping_ + script.handshake.ping_interval_ms;
}

std::optional<ServerOutput> FakeServer::poll_output() {
  if (outputs_.empty()) return std::nullopt;
  ServerOutput output = std::move(outputs_.front());
  outputs_.pop_front();
  return output;
}

void FakeServer::send_raw(std::string frame) { send_to_client(std::move(frame)); }

void FakeServer::send_event(const std::string& name, Json args, std::optional<std::uint32_t> ack_id) {
  if (script.recovery_pid && !ack_id) {
    if (!args.is_array()) args = args.is_null() ? Json::array() : Json::array({std::move(args)});
    args.push_back("offset-" + std::to_string(++offsets_));
  }
  send_to_client("4" + sio::encode(sio::make_event("/", name, std::move(args), ack_id)));
}

void FakeServer::drop_connection(const std::string& detail) {
  if (live_ == 0) return;
  outputs_.push_back({ServerOutput::Kind::kClosed, live_, detail});
  live_ = 0;
  next_ping_.reset();
}

void FakeServer::lose_in_flight() {
  std::erase_if(outputs_,
                [](const ServerOutput& output) { return output.kind == ServerOutput::Kind::kFrame; });
}

void FakeServer::send_to_client(std::string frame) {
  if (live_ == 0 || silent_) return;
  frames_sent.push_back(frame);
  outputs_.push_back({ServerOutput::Kind::kFrame, live_, std::move(frame)});
}

}  // namespace chatwire::testing
