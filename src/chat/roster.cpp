#include "chat/roster.h"

#include <algorithm>
#include <unordered_map>
#include <utility>

namespace chatwire::chat {

const std::string& user_key(const User& user, UserKeyField field) {
  return field == UserKeyField::kName ? user.name : user.id;
}

bool merge_user(User& into, const User& from) {
  bool changed = false;
  if (!from.id.empty() && from.id != into.id) {
    into.id = from.id;
    changed = true;
  }
  if (!from.name.empty() && from.name != into.name) {
    into.name = from.name;
    changed = true;
  }
  return changed;
}

Roster::Roster(std::size_t max_members, UserKeyField key_field)
    : max_members_(std::max<std::size_t>(max_members, 1)), key_field_(key_field) {}

bool Roster::upsert(const Member& member) {
  const std::string& key = key_of(member);
  if (key.empty()) return false;
  if (const auto index = index_of(key)) {
    Member& known = members_[*index];
    bool changed = merge_user(known.user, member.user);
    const bool online = is_self(key) || member.online;
    changed = changed || known.online != online;
    known.online = online;
    return changed;
  }
  if (members_.size() >= max_members_) return false;
  members_.push_back(member);
  if (is_self(key)) members_.back().online = true;
  return true;
}

bool Roster::remove(const std::string& user_key) {
  if (is_self(user_key)) return false;
  const auto index = index_of(user_key);
  if (!index) return false;
  members_.erase(members_.begin() + static_cast<std::ptrdiff_t>(*index));
  return true;
}

bool Roster::replace(const std::vector<Member>& members) {
  // Key -> index of its first occurrence in the server's list.
  std::unordered_map<std::string, std::size_t> listed;
  listed.reserve(members.size());
  for (std::size_t i = 0; i < members.size(); ++i) {
    const std::string& key = key_of(members[i]);
    if (!key.empty()) listed.emplace(key, i);
  }

  std::vector<Member> next;
  next.reserve(std::min(members.size() + 1, max_members_));
  std::vector<bool> placed(members.size(), false);
  // Known members still listed (and the user's own entry) keep their order.
  for (const Member& known : members_) {
    const std::string& key = key_of(known);
    const auto it = listed.find(key);
    if (it != listed.end()) {
      Member updated = known;
      merge_user(updated.user, members[it->second].user);
      updated.online = is_self(key) || members[it->second].online;
      next.push_back(std::move(updated));
      placed[it->second] = true;
    } else if (is_self(key)) {
      next.push_back(known);
    }
  }
  // Newcomers, in the server's order, while there is room.
  for (std::size_t i = 0; i < members.size() && next.size() < max_members_; ++i) {
    if (placed[i]) continue;
    const std::string& key = key_of(members[i]);
    const auto it = listed.find(key);
    if (it == listed.end() || it->second != i) continue;  // empty key, or a duplicate
    next.push_back(members[i]);
    if (is_self(key)) next.back().online = true;
  }

  if (next == members_) return false;
  members_ = std::move(next);
  return true;
}

bool Roster::set_online(const std::string& user_key, bool online) {
  const auto index = index_of(user_key);
  if (!index) return false;
  if (is_self(user_key)) return false;  // always online while in the room
  Member& member = members_[*index];
  if (member.online == online) return false;
  member.online = online;
  return true;
}

bool Roster::ensure_self(const User& self) {
  const std::string& key = user_key(self, key_field_);
  if (key.empty()) return false;
  self_key_ = key;
  if (const auto index = index_of(key)) {
    Member& member = members_[*index];
    bool changed = merge_user(member.user, self);
    changed = changed || !member.online;
    member.online = true;
    return changed;
  }
  // Full of others: the newest of them gives way.
  if (members_.size() >= max_members_) members_.pop_back();
  members_.push_back(Member{self, true});
  return true;
}

bool Roster::contains(const std::string& user_key) const { return index_of(user_key).has_value(); }

std::optional<User> Roster::find(const std::string& user_key) const {
  const auto index = index_of(user_key);
  if (!index) return std::nullopt;
  return members_[*index].user;
}

const std::string& Roster::key_of(const Member& member) const { return user_key(member.user, key_field_); }

bool Roster::is_self(const std::string& key) const { return self_key_ && *self_key_ == key; }

std::optional<std::size_t> Roster::index_of(const std::string& key) const {
  if (key.empty()) return std::nullopt;
  for (std::size_t i = 0; i < members_.size(); ++i) {
    if (key_of(members_[i]) == key) return i;
  }
  return std::nullopt;
}

}  // namespace chatwire::chat
