// One Engine.IO v4 long-polling connection, as requests to make: the
// handshake GET, then one GET at a time waiting for the server's packets and
// at most one POST at a time carrying ours, every packet queued meanwhile
// batched into the next POST (as engine.io-client does). It decides which
// request is due; the Session allocates ids, reads the answers and owns the
// protocol. Sans-IO: it only writes HttpRequest actions.
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "session/events.h"

namespace chatwire::session {

class Polling {
 public:
  /// Which of this connection's requests an answer was for.
  enum class Request : std::uint8_t { kNone, kGet, kPost };

  /// `extra`: the app's query parameters, added to every request.
  Polling(std::uint32_t transport, std::vector<std::pair<std::string, std::string>> extra);

  [[nodiscard]] std::uint32_t transport() const { return transport_; }

  /// The handshake named the Engine.IO session: every later request carries
  /// its sid, and polling starts. A second call is a no-op.
  void set_sid(std::string_view sid);

  /// Queues one encoded Engine.IO packet ("40", "3", "42[...]") for the next
  /// POST.
  void queue(std::string packet) { queued_.push_back(std::move(packet)); }

  /// Stops issuing requests (the upgrade is taking over); idle() says when
  /// the ones out have come back.
  void pause() { paused_ = true; }
  /// Polls again after a failed upgrade.
  void resume() { paused_ = false; }
  [[nodiscard]] bool paused() const { return paused_; }
  [[nodiscard]] bool idle() const { return get_ == 0 && post_ == 0; }

  /// Appends the requests now due to `out`, ids from `next_request`: the
  /// handshake GET first; after it a GET whenever none is out, and a POST of
  /// every queued packet whenever none is out; nothing while paused.
  void issue(std::uint32_t& next_request, std::deque<Action>& out);

  /// Which request `request` was, and marks it answered. kNone for an id
  /// this connection is not waiting for (a stale or repeated answer).
  Request answered(std::uint32_t request);

  /// The packets queued and not sent: the upgraded transport sends them.
  std::vector<std::string> take_queued();

  /// Closing: a last POST with what is queued (a Socket.IO DISCONNECT) and an
  /// Engine.IO close packet, so the server frees the session at once instead
  /// of after its heartbeat timeout; nothing before the handshake. Made even
  /// while another POST is out: engine.io answers an overlapping POST by
  /// closing the session, which is what this asks for anyway.
  std::optional<HttpRequest> goodbye(std::uint32_t request);

 private:
  HttpRequest post_request(std::uint32_t request, std::string body) const;

  std::uint32_t transport_;
  std::vector<std::pair<std::string, std::string>> extra_;
  std::string sid_;
  std::uint32_t get_ = 0;   // id of the GET out; 0 = none
  std::uint32_t post_ = 0;  // id of the POST out; 0 = none
  bool handshake_sent_ = false;
  bool paused_ = false;
  std::vector<std::string> queued_;
};

}  // namespace chatwire::session
