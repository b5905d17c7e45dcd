#include "session/polling.h"

#include "protocol/engineio.h"

namespace chatwire::session {
namespace {

std::uint32_t take_id(std::uint32_t& next_request) {
  const std::uint32_t id = next_request;
  next_request = next_request == UINT32_MAX ? 1 : next_request + 1;
  return id;
}

std::string join_packets(const std::vector<std::string>& packets) {
  std::string body;
  for (const std::string& packet : packets) {
    if (!body.empty()) body.push_back(protocol::eio::kRecordSeparator);
    body += packet;
  }
  return body;
}

}  // namespace

Polling::Polling(std::uint32_t transport, std::vector<std::pair<std::string, std::string>> extra)
    : transport_(transport), extra_(std::move(extra)) {}

void Polling::set_sid(std::string_view sid) {
  if (sid_.empty()) sid_ = sid;
}

void Polling::issue(std::uint32_t& next_request, std::deque<Action>& out) {
  if (paused_) return;
  if (!handshake_sent_) {
    handshake_sent_ = true;
    get_ = take_id(next_request);
    out.emplace_back(HttpRequest{transport_, get_, false, transport_query(TransportKind::kPolling, extra_), {}});
    return;
  }
  // Until the handshake's answer names the session, nothing else can go.
  if (sid_.empty()) return;
  if (get_ == 0) {
    get_ = take_id(next_request);
    out.emplace_back(
        HttpRequest{transport_, get_, false, transport_query(TransportKind::kPolling, extra_, sid_), {}});
  }
  if (post_ == 0 && !queued_.empty()) {
    post_ = take_id(next_request);
    out.emplace_back(post_request(post_, join_packets(queued_)));
    queued_.clear();
  }
}

Polling::Request Polling::answered(std::uint32_t request) {
  if (request == 0) return Request::kNone;
  if (request == get_) {
    get_ = 0;
    return Request::kGet;
  }
  if (request == post_) {
    post_ = 0;
    return Request::kPost;
  }
  return Request::kNone;
}

std::vector<std::string> Polling::take_queued() { return std::exchange(queued_, {}); }

std::optional<HttpRequest> Polling::goodbye(std::uint32_t request) {
  if (sid_.empty()) return std::nullopt;
  queued_.push_back(protocol::eio::encode_packet({protocol::eio::PacketType::kClose, {}, false}));
  HttpRequest last = post_request(request, join_packets(queued_));
  queued_.clear();
  return last;
}

HttpRequest Polling::post_request(std::uint32_t request, std::string body) const {
  return HttpRequest{transport_, request, true, transport_query(TransportKind::kPolling, extra_, sid_),
                     std::move(body)};
}

}  // namespace chatwire::session
