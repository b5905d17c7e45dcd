#include "support/polling_bridge.h"

#include <algorithm>

#include "protocol/engineio.h"

namespace chatwire::testing {

namespace {

std::string sid_of(const std::string& query) {
  const std::size_t at = query.find("&sid=");
  if (at == std::string::npos) return {};
  const std::size_t start = at + 5;
  return query.substr(start, query.find('&', start) - start);
}

}  // namespace

bool PollingBridge::take(std::int64_t now_ms, const session::Action& action) {
  if (const auto* request = std::get_if<session::HttpRequest>(&action)) {
    on_request(now_ms, *request);
    return true;
  }
  if (const auto* open = std::get_if<session::OpenTransport>(&action)) {
    const std::string sid = sid_of(open->query);
    if (sid.empty()) {
      if (websocket == SocketReply::kAnswer) return false;  // the server's
      if (websocket == SocketReply::kRefuse) {
        outputs_.push_back({BridgeOutput::Kind::kClosed, open->transport, 0, "closed (code 1006)"});
      } else {
        silent_sockets_[open->transport] = true;
        outputs_.push_back({BridgeOutput::Kind::kOpened, open->transport, 0, {}});
      }
      return true;
    }
    const auto polling = std::find_if(connections_.begin(), connections_.end(),
                                      [&](const auto& entry) { return entry.second.sid == sid; });
    if (polling == connections_.end() || probe == SocketReply::kRefuse) {
      outputs_.push_back({BridgeOutput::Kind::kClosed, open->transport, 0, "upgrade refused"});
      return true;
    }
    probes_[open->transport] = polling->first;
    outputs_.push_back({BridgeOutput::Kind::kOpened, open->transport, 0, {}});
    return true;
  }
  if (const auto* send = std::get_if<session::SendFrame>(&action)) {
    if (silent_sockets_.contains(send->transport)) return true;
    const auto found = probes_.find(send->transport);
    if (found == probes_.end()) return false;
    const std::uint32_t polling = found->second;
    if (probe == SocketReply::kSilent) return true;
    if (send->text == "2probe") {
      outputs_.push_back({BridgeOutput::Kind::kFrame, send->transport, 0, "3probe"});
      // engine.io ends the waiting GET so that the client can pause.
      Connection& connection = connections_[polling];
      connection.buffered += connection.buffered.empty() ? "6" : "\x1e" "6";
      flush(connection);
    } else if (send->text == "5") {
      server_.move_connection(polling, send->transport);
      probes_.erase(found);
      upgraded = true;
    }
    return true;
  }
  if (const auto* close = std::get_if<session::CloseTransport>(&action)) {
    if (probes_.erase(close->transport) + silent_sockets_.erase(close->transport) > 0) return true;
    const auto found = connections_.find(close->transport);
    if (found == connections_.end()) return false;
    connections_.erase(found);
    server_.on_client_close(close->transport);
    return true;
  }
  return false;
}

bool PollingBridge::take(const ServerOutput& output) {
  const auto found = connections_.find(output.transport);
  if (found == connections_.end()) return false;
  Connection& connection = found->second;
  switch (output.kind) {
    case ServerOutput::Kind::kOpened:
      break;
    case ServerOutput::Kind::kFrame:
      if (connection.sid.empty() && output.text.starts_with("0")) {
        const auto handshake = protocol::eio::parse_handshake(output.text.substr(1));
        if (handshake) connection.sid = handshake->sid;
      }
      if (!connection.buffered.empty()) connection.buffered.push_back(protocol::eio::kRecordSeparator);
      connection.buffered += output.text;
      flush(connection);
      break;
    case ServerOutput::Kind::kClosed:
      connection.dead = true;
      if (connection.held_get) {
        const std::uint32_t get = *std::exchange(connection.held_get, std::nullopt);
        answer(connection, get, 0, output.text);
      }
      break;
  }
  return true;
}

std::optional<BridgeOutput> PollingBridge::poll_output() {
  if (outputs_.empty()) return std::nullopt;
  BridgeOutput output = std::move(outputs_.front());
  outputs_.pop_front();
  return output;
}

void PollingBridge::on_request(std::int64_t now_ms, const session::HttpRequest& request) {
  const bool handshake = sid_of(request.query).empty();
  if (handshake) connections_[request.transport] = Connection{};
  Connection& connection = connections_[request.transport];
  ++connection.out;
  most_requests_out = std::max(most_requests_out, connection.out);
  if (fail_next) {
    auto [status, body] = *std::exchange(fail_next, std::nullopt);
    answer(connection, request.request, status, std::move(body));
    return;
  }
  if (connection.dead) {
    answer(connection, request.request, 400, R"({"code":1,"message":"Session ID unknown"})");
    return;
  }
  if (request.post) {
    ++posts;
    post_bodies.push_back(request.body);
    answer(connection, request.request, 200, "ok");
    std::size_t start = 0;
    while (true) {
      const std::size_t end = std::min(request.body.find(protocol::eio::kRecordSeparator, start), request.body.size());
      server_.on_client_frame(now_ms, request.transport, request.body.substr(start, end - start));
      if (end == request.body.size()) break;
      start = end + 1;
    }
    return;
  }
  ++gets;
  connection.held_get = request.request;
  if (handshake) server_.on_open_request(now_ms, request.transport);
  flush(connection);
}

void PollingBridge::answer(Connection& connection, std::uint32_t request, int status, std::string body) {
  --connection.out;
  outputs_.push_back({BridgeOutput::Kind::kAnswer, request, status, std::move(body)});
}

void PollingBridge::flush(Connection& connection) {
  if (!connection.held_get || connection.buffered.empty()) return;
  const std::uint32_t get = *std::exchange(connection.held_get, std::nullopt);
  std::string body = std::exchange(connection.buffered, {});
  body += std::exchange(extra_payload, {});
  answer(connection, get, 200, std::move(body));
}

}  // namespace chatwire::testing
