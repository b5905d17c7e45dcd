// One room's members and whether each is online, as the UI lists them.
//
// Members are keyed by the field the backend identifies users by
// (Capabilities::identifies_users_by_name): the id, or the name for servers
// that only know names. Signals from some backends carry only one of the two
// (nest sends ids without names), so a later signal fills in fields an
// earlier one left empty and never erases a known one.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "chat/vocabulary.h"

namespace chatwire::chat {

/// Which field of User identifies a user to the backend.
enum class UserKeyField : std::uint8_t {
  kId,    // User::id
  kName,  // User::name (Capabilities::identifies_users_by_name)
};

/// The key of `user` under `field`; empty when the signal did not carry it
/// (such users are ignored by Roster and TypingTracker).
const std::string& user_key(const User& user, UserKeyField field);

/// Copies the non-empty fields of `from` into `into`; returns whether
/// anything changed. An id-only signal keeps a name learnt earlier.
bool merge_user(User& into, const User& from);

class Roster {
 public:
  /// At most `max_members` entries (at least 1), the user's own included.
  /// Beyond that, newcomers are ignored (upsert() and replace() keep the
  /// first ones known, in order), except the user's own entry, which always
  /// has a place: ensure_self() on a full roster drops the newest other
  /// member to make room.
  explicit Roster(std::size_t max_members = 1000, UserKeyField key_field = UserKeyField::kId);

  /// Someone joined, or a signal refreshed what is known of them. A new
  /// member goes last; a known one keeps its place, gains the non-empty
  /// fields of `member.user` and takes `member.online`. Returns whether
  /// members() changed. Ignored (false) when the key is empty or the roster
  /// is full.
  bool upsert(const Member& member);

  /// Someone left. The user's own entry is never removed (a "left" echo of
  /// another tab of the same name-identified user must not drop it); to
  /// forget the room, drop the Roster. Returns whether members() changed.
  bool remove(const std::string& user_key);

  /// The server's full list (members event, join ack). Members absent from
  /// it are dropped, except the user's own entry. Order: members already
  /// known keep their relative order (join order), newcomers follow in the
  /// server's order. That keeps the list still on screen when a server
  /// lists from an unordered set, as several backends do. Duplicate keys in
  /// `members` count once (the first). Returns whether members() changed.
  bool replace(const std::vector<Member>& members);

  /// Presence: applies only to known members (presence is global, a roster
  /// lists one room). The user's own entry stays online. Returns whether
  /// members() changed.
  bool set_online(const std::string& user_key, bool online);

  /// Makes `self` the user's own entry: present exactly once and online,
  /// whatever the server lists. Call on join (and again if the user's
  /// identity changes; the previous self then becomes an ordinary member).
  /// Returns whether members() changed.
  bool ensure_self(const User& self);

  /// Members in join order (see replace() for the server's full lists).
  [[nodiscard]] const std::vector<Member>& members() const { return members_; }
  [[nodiscard]] bool contains(const std::string& user_key) const;
  /// The member's user, e.g. to name a typer whose signal carried only an id.
  [[nodiscard]] std::optional<User> find(const std::string& user_key) const;
  [[nodiscard]] UserKeyField key_field() const { return key_field_; }

 private:
  [[nodiscard]] const std::string& key_of(const Member& member) const;
  [[nodiscard]] bool is_self(const std::string& key) const;
  [[nodiscard]] std::optional<std::size_t> index_of(const std::string& key) const;

  std::size_t max_members_;
  UserKeyField key_field_;
  std::optional<std::string> self_key_;
  std::vector<Member> members_;
};

}  // namespace chatwire::chat
