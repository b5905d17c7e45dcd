#include "chat/message_store.h"

#include <algorithm>
#include <limits>
#include <utility>

#include "chat/text_rules.h"

namespace chatwire::chat {
namespace {

constexpr std::int64_t kUnconfirmedPrimary = std::numeric_limits<std::int64_t>::max();

template <class It>
It lower_bound_key(It first, It last, const OrderKey& key) {
  return std::lower_bound(first, last, key,
                          [](const auto& entry, const OrderKey& k) { return entry.key < k; });
}

template <class It>
It upper_bound_key(It first, It last, const OrderKey& key) {
  return std::upper_bound(first, last, key,
                          [](const OrderKey& k, const auto& entry) { return k < entry.key; });
}

bool has_author(const User& user) { return !user.id.empty() || !user.name.empty(); }

}  // namespace

std::string message_key(const Message& message, OrderKey order) {
  if (!message.client_id.empty()) return "c:" + message.client_id;
  if (!message.id.empty()) return "s:" + message.id;
  return "o:" + std::to_string(order.primary) + "." + std::to_string(order.tiebreak);
}

const char* to_string(AddResult result) {
  switch (result) {
    case AddResult::kAdded:
      return "added";
    case AddResult::kDuplicate:
      return "duplicate";
    case AddResult::kUpdated:
      return "updated";
    case AddResult::kOutOfWindow:
      return "out of window";
    case AddResult::kInvalid:
      return "invalid";
  }
  return "unknown";
}

MessageStore::MessageStore(StoreConfig config) : config_(std::move(config)) {
  // A store that keeps nothing could not even hold the message it confirms.
  config_.max_messages = std::max<std::size_t>(config_.max_messages, 1);
}

// ---- adding -----------------------------------------------------------------

AddResult MessageStore::add(Message message) {
  return add_with_limit(std::move(message), live_limit(), false);
}

AddResult MessageStore::add_with_limit(Message&& message, std::size_t limit, bool older_history) {
  message.status = MessageStatus::kSent;
  message.failure.clear();
  if (config_.order_by_seq && !message.seq) return AddResult::kInvalid;
  if (!message.id.empty()) {
    if (const auto found = by_id_.find(message.id); found != by_id_.end()) {
      const OrderKey key = found->second;
      settle_cached(key, message.cached);
      return merge(message) == MergeResult::kUpdated ? AddResult::kUpdated : AddResult::kDuplicate;
    }
  }
  bool own = is_own_author(message.author);
  bool sent_here = false;
  if (!message.client_id.empty()) {
    const auto it = by_client_id_.find(message.client_id);
    if (it != by_client_id_.end()) {
      // Confirmed already: this is another echo of it. Pending: the echo of
      // our own send; kept apart until confirm() folds the pending copy in.
      if (find_confirmed(it->second) != confirmed_.end()) {
        settle_cached(it->second, message.cached);
        return AddResult::kDuplicate;
      }
      own = true;
      sent_here = true;
    }
  }
  const std::int64_t primary = config_.order_by_seq ? *message.seq : message.created_at_ms;
  return insert_confirmed(std::move(message), primary, own, sent_here, limit, older_history, nullptr);
}

AddResult MessageStore::insert_confirmed(Message&& message, std::int64_t primary, bool own, bool sent_here,
                                         std::size_t limit, bool older_history, const Entry** stored) {
  const OrderKey key{primary, older_history ? next_older_tiebreak_-- : next_tiebreak_++};
  if (confirmed_.size() >= limit && !confirmed_.empty() && key < confirmed_.front().key) {
    // Most likely a redelivery of something evicted; counting it as unread
    // could count it twice, so it changes nothing but has_more_older().
    has_more_older_ = true;
    ++drops_;
    return AddResult::kOutOfWindow;
  }
  follow_parent(message);
  Entry entry{key, own, sent_here, std::move(message)};
  if (entry.message.cached) ++cached_;
  if (counts_unread(entry)) {
    ++unread_kept_;
    // Paged back in (older pages arrive newest first, each becoming the
    // oldest kept): it was counted among the evicted unread already.
    const bool older_than_all = confirmed_.empty() || key < confirmed_.front().key;
    const bool in_dropped_range =
        dropped_min_primary_ && *dropped_min_primary_ <= primary && primary <= dropped_max_key_->primary;
    if (older_than_all && in_dropped_range && evicted_unread_ > 0) --evicted_unread_;
  }
  if (!entry.message.id.empty()) by_id_.emplace(entry.message.id, key);
  // emplace: a client id indexed for a pending copy keeps pointing at it.
  if (!entry.message.client_id.empty()) by_client_id_.emplace(entry.message.client_id, key);
  if (confirmed_.empty() || confirmed_.back().key < key) {
    confirmed_.push_back(std::move(entry));  // the common case: the newest so far
  } else {
    // Older than some stored message: maybe the parent of a reply held.
    const auto placed =
        confirmed_.insert(upper_bound_key(confirmed_.begin(), confirmed_.end(), key), std::move(entry));
    lead_replies(placed->message);
  }
  note_edited(key);
  while (confirmed_.size() > limit) evict_oldest();
  const auto it = find_confirmed(key);
  if (it == confirmed_.end()) return AddResult::kOutOfWindow;
  if (stored != nullptr) *stored = &*it;
  return AddResult::kAdded;
}

MessageStore::PageResult MessageStore::add_page(std::vector<Message> messages, PageKind kind,
                                                std::optional<bool> has_more) {
  PageResult result;
  const auto tally = [&result](AddResult added) {
    switch (added) {
      case AddResult::kAdded:
        ++result.added;
        break;
      case AddResult::kUpdated:
        ++result.updated;
        [[fallthrough]];  // it was held already: it overlaps what was shown
      case AddResult::kDuplicate:
        ++result.duplicates;
        break;
      case AddResult::kOutOfWindow:
        ++result.out_of_window;
        break;
      case AddResult::kInvalid:
        ++result.invalid;
        break;
    }
  };
  const std::size_t drops_before = drops_;
  if (kind == PageKind::kOlder) {
    // Newest first, so that when the extension runs out the messages not
    // kept are the page's oldest, and what is kept stays contiguous.
    const std::size_t limit = config_.max_messages + config_.max_loaded_history;
    for (auto it = messages.rbegin(); it != messages.rend(); ++it) {
      tally(add_with_limit(std::move(*it), limit, true));
    }
    if (confirmed_.size() > config_.max_messages) {
      loaded_extra_ = std::max(
          loaded_extra_, std::min(config_.max_loaded_history, confirmed_.size() - config_.max_messages));
    }
  } else {
    const std::size_t limit = live_limit();
    for (auto& message : messages) tally(add_with_limit(std::move(message), limit, false));
  }
  if (has_more && kind != PageKind::kNewer) {
    // The server knows its history (messages may have been deleted there),
    // except that what this page itself could not keep is certainly there.
    has_more_older_ = *has_more || drops_ != drops_before;
  }
  return result;
}

std::size_t MessageStore::drop_cached() {
  if (cached_ == 0) return 0;
  const std::size_t dropped = cached_;
  std::erase_if(confirmed_, [this](const Entry& entry) {
    if (!entry.message.cached) return false;
    note_removed(entry);
    unindex(entry);
    return true;
  });
  cached_ = 0;
  return dropped;
}

void MessageStore::settle_cached(const OrderKey& key, bool incoming_cached) {
  if (incoming_cached) return;
  const auto it = find_confirmed(key);
  if (it == confirmed_.end() || !it->message.cached) return;
  it->message.cached = false;
  --cached_;
  if (counts_unread(*it)) ++unread_kept_;
  note_edited(key);
}

bool MessageStore::add_pending(Message message) {
  if (message.client_id.empty() || !message.id.empty()) return false;
  if (by_client_id_.contains(message.client_id)) return false;
  if (unconfirmed_.size() >= config_.max_unconfirmed) return false;
  if (message.status == MessageStatus::kSent) message.status = MessageStatus::kPending;
  if (message.status != MessageStatus::kFailed) message.failure.clear();
  follow_parent(message);
  const OrderKey key{kUnconfirmedPrimary, next_tiebreak_++};
  by_client_id_.emplace(message.client_id, key);
  unconfirmed_.push_back(Entry{key, true, true, std::move(message)});
  note_edited(key);
  return true;
}

const Message* MessageStore::confirm(const ClientId& client_id, const Message& server_copy) {
  const auto indexed = by_client_id_.find(client_id);
  if (indexed == by_client_id_.end()) return nullptr;
  if (const auto done = find_confirmed(indexed->second); done != confirmed_.end()) return &done->message;
  const auto pending = find_unconfirmed(client_id);
  if (pending == unconfirmed_.end()) return nullptr;

  if (!server_copy.id.empty()) {
    if (const auto echo_key = by_id_.find(server_copy.id); echo_key != by_id_.end()) {
      // The echo arrived before the ack: keep the server's copy, drop ours.
      // Only if it is that echo: servers whose ids are not unique (Date.now()
      // in express-conversations) can give someone else's message the same id.
      const auto echo = find_confirmed(echo_key->second);
      if (echo != confirmed_.end() &&
          (echo->message.client_id == client_id || echo->message.text == server_copy.text)) {
        // The echo's key becomes the pending copy's ("c:" + client id): the
        // reader loses both under their old keys and gets the echo anew.
        note_removed(*pending);
        note_removed(*echo);
        note_edited(echo->key);
        unconfirmed_.erase(pending);
        by_client_id_.erase(client_id);
        const ClientId& previous = echo->message.client_id;
        if (!previous.empty() && previous != client_id) {
          const auto old = by_client_id_.find(previous);
          if (old != by_client_id_.end() && old->second == echo->key) by_client_id_.erase(old);
        }
        echo->message.client_id = client_id;
        by_client_id_.insert_or_assign(client_id, echo->key);
        if (counts_unread(*echo)) --unread_kept_;
        echo->own = true;
        echo->sent_here = true;
        return &echo->message;
      }
    }
  }

  note_removed(*pending);
  Message message = std::move(pending->message);
  unconfirmed_.erase(pending);
  by_client_id_.erase(client_id);
  if (!server_copy.id.empty()) message.id = server_copy.id;
  if (server_copy.seq) message.seq = server_copy.seq;
  if (server_copy.created_at_ms != 0) message.created_at_ms = server_copy.created_at_ms;
  if (has_author(server_copy.author)) message.author = server_copy.author;
  message.status = MessageStatus::kSent;
  message.failure.clear();

  std::int64_t primary = 0;
  if (config_.order_by_seq ? server_copy.seq.has_value() : server_copy.created_at_ms != 0) {
    primary = config_.order_by_seq ? *server_copy.seq : server_copy.created_at_ms;
  } else {
    // No position from the server: it has just stored it, so it is the newest.
    primary = config_.order_by_seq ? message.seq.value_or(0) : message.created_at_ms;
    if (!confirmed_.empty()) primary = std::max(primary, confirmed_.back().key.primary);
  }
  const Entry* stored = nullptr;
  if (insert_confirmed(std::move(message), primary, true, true, live_limit(), false, &stored) !=
      AddResult::kAdded) {
    return nullptr;
  }
  return &stored->message;
}

MergeResult MessageStore::merge(const Message& server_copy) {
  if (server_copy.id.empty()) return MergeResult::kUnknown;
  const auto indexed = by_id_.find(server_copy.id);
  if (indexed == by_id_.end()) return MergeResult::kUnknown;
  const auto it = find_confirmed(indexed->second);
  if (it == confirmed_.end()) return MergeResult::kUnknown;
  if (server_copy.version < it->message.version) return MergeResult::kStale;
  if (server_copy.version == it->message.version) return MergeResult::kSame;
  copy_content(it->message, server_copy);
  follow_parent(it->message);
  note_edited(it->key);
  lead_replies(it->message);
  return MergeResult::kUpdated;
}

bool MessageStore::set_content(const Message& content) {
  // By client id first: the user's own message, whatever a server whose
  // ids are not unique (express-conversations) gave someone else's.
  std::optional<OrderKey> key;
  if (!content.client_id.empty()) {
    if (const auto indexed = by_client_id_.find(content.client_id); indexed != by_client_id_.end()) {
      key = indexed->second;
    }
  }
  if (!key && !content.id.empty()) {
    if (const auto indexed = by_id_.find(content.id); indexed != by_id_.end()) key = indexed->second;
  }
  if (!key) return false;
  Entry* entry = nullptr;
  if (key->primary == kUnconfirmedPrimary) {
    const auto it = lower_bound_key(unconfirmed_.begin(), unconfirmed_.end(), *key);
    if (it != unconfirmed_.end() && it->key == *key) entry = &*it;
  } else if (const auto it = find_confirmed(*key); it != confirmed_.end()) {
    entry = &*it;
  }
  if (entry == nullptr || !copy_content(entry->message, content)) return false;
  follow_parent(entry->message);
  note_edited(entry->key);
  lead_replies(entry->message);
  return true;
}

bool MessageStore::set_status(const ClientId& client_id, MessageStatus status, std::string failure) {
  if (status == MessageStatus::kSent) return false;
  const auto it = find_unconfirmed(client_id);
  if (it == unconfirmed_.end()) return false;
  it->message.status = status;
  it->message.failure = status == MessageStatus::kFailed ? std::move(failure) : std::string{};
  note_edited(it->key);
  return true;
}

bool MessageStore::remove(const ClientId& client_id) {
  const auto it = find_unconfirmed(client_id);
  if (it == unconfirmed_.end()) return false;
  note_removed(*it);
  unconfirmed_.erase(it);
  by_client_id_.erase(client_id);
  return true;
}

// ---- replies ----------------------------------------------------------------

void MessageStore::follow_parent(Message& reply) const {
  if (!reply.reply_to) return;
  const Message* parent = find_by_id(reply.reply_to->id);
  if (parent == nullptr || parent == &reply) return;
  ReplyRef preview = reply_preview(*parent);
  if (!(reply.reply_to == preview)) reply.reply_to = std::move(preview);
}

void MessageStore::lead_replies(const Message& parent) {
  if (parent.id.empty()) return;
  const ReplyRef preview = reply_preview(parent);
  for (Deque* list : {&confirmed_, &unconfirmed_}) {
    for (Entry& entry : *list) {
      const ReplyRef& shown = entry.message.reply_to;
      if (!shown || shown->id != parent.id || shown == preview || &entry.message == &parent) continue;
      entry.message.reply_to = preview;
      note_edited(entry.key);
    }
  }
}

// ---- reading ----------------------------------------------------------------

const Message* MessageStore::find_by_client_id(const ClientId& client_id) const {
  const auto indexed = by_client_id_.find(client_id);
  if (indexed == by_client_id_.end()) return nullptr;
  if (const auto it = find_confirmed(indexed->second); it != confirmed_.end()) return &it->message;
  const auto it = lower_bound_key(unconfirmed_.begin(), unconfirmed_.end(), indexed->second);
  if (it != unconfirmed_.end() && it->key == indexed->second) return &it->message;
  return nullptr;
}

const Message* MessageStore::find_by_id(const std::string& id) const {
  if (id.empty()) return nullptr;
  const auto indexed = by_id_.find(id);
  if (indexed == by_id_.end()) return nullptr;
  const auto it = find_confirmed(indexed->second);
  return it == confirmed_.end() ? nullptr : &it->message;
}

const Message& MessageStore::at(std::size_t index) const {
  static const Message kNone;
  if (index < confirmed_.size()) return confirmed_[index].message;
  index -= confirmed_.size();
  return index < unconfirmed_.size() ? unconfirmed_[index].message : kNone;
}

OrderKey MessageStore::key_at(std::size_t index) const {
  if (index < confirmed_.size()) return confirmed_[index].key;
  index -= confirmed_.size();
  return index < unconfirmed_.size() ? unconfirmed_[index].key : OrderKey{};
}

const Message* MessageStore::newest_confirmed() const {
  return confirmed_.empty() ? nullptr : &confirmed_.back().message;
}

const Message* MessageStore::oldest_confirmed() const {
  return confirmed_.empty() ? nullptr : &confirmed_.front().message;
}

std::optional<std::int64_t> MessageStore::newest_seq() const {
  if (!config_.order_by_seq) return confirmed_.empty() ? std::nullopt : confirmed_.back().message.seq;
  // Only an own message confirmed without a seq lacks one; it sorts at the
  // end, so this loop stops after a step or two.
  for (auto it = confirmed_.rbegin(); it != confirmed_.rend(); ++it) {
    if (it->message.seq) return it->message.seq;
  }
  return std::nullopt;
}

std::optional<std::int64_t> MessageStore::oldest_seq() const {
  if (!config_.order_by_seq) return confirmed_.empty() ? std::nullopt : confirmed_.front().message.seq;
  for (const auto& entry : confirmed_) {
    if (entry.message.seq) return entry.message.seq;
  }
  return std::nullopt;
}

// ---- read cursor --------------------------------------------------------------

void MessageStore::mark_read_through_newest() {
  if (!confirmed_.empty()) move_cursor(confirmed_.back().key);
}

void MessageStore::set_read_cursor_seq(std::int64_t seq) {
  if (config_.order_by_seq) {
    move_cursor(OrderKey{seq, std::numeric_limits<std::uint64_t>::max()});
    return;
  }
  for (auto it = confirmed_.rbegin(); it != confirmed_.rend(); ++it) {
    if (it->message.seq == seq) {
      move_cursor(it->key);
      return;
    }
  }
}

bool MessageStore::mark_read_through_id(const std::string& id) {
  if (id.empty()) return false;
  const auto indexed = by_id_.find(id);
  if (indexed == by_id_.end()) return false;
  const auto before = cursor_;
  move_cursor(indexed->second);
  return cursor_ != before;
}

void MessageStore::move_cursor(const OrderKey& key) {
  if (cursor_ && key <= *cursor_) return;
  cursor_ = key;
  // Messages still evicted are older than the oldest kept one (history is
  // paged back contiguously, newest first), and all are older than the
  // newest ever dropped: past either, every one of them is read.
  const bool past_dropped = dropped_max_key_ && (key >= *dropped_max_key_ ||
                                                 (!confirmed_.empty() && key >= confirmed_.front().key));
  if (past_dropped) evicted_unread_ = 0;
  recount_unread();
}

const Message* MessageStore::first_unread() const {
  if (unread_kept_ == 0) return nullptr;
  auto it = cursor_ ? upper_bound_key(confirmed_.begin(), confirmed_.end(), *cursor_) : confirmed_.begin();
  it = std::find_if(it, confirmed_.end(), [this](const Entry& entry) { return counts_unread(entry); });
  return it == confirmed_.end() ? nullptr : &it->message;
}

void MessageStore::recount_unread() {
  const auto first =
      cursor_ ? upper_bound_key(confirmed_.begin(), confirmed_.end(), *cursor_) : confirmed_.begin();
  unread_kept_ = static_cast<std::size_t>(
      std::count_if(first, confirmed_.end(), [](const Entry& entry) { return !entry.own && !entry.message.cached; }));
}

// ---- housekeeping ---------------------------------------------------------------

void MessageStore::shrink() {
  while (confirmed_.size() > config_.max_messages) evict_oldest();
  loaded_extra_ = 0;
}

void MessageStore::reclassify_own() {
  for (auto& entry : confirmed_) entry.own = entry.sent_here || is_own_author(entry.message.author);
  recount_unread();
}

// ---- changes ----------------------------------------------------------------------

void MessageStore::touch_range(std::optional<OrderKey> after, OrderKey through) {
  auto first = after ? upper_bound_key(confirmed_.begin(), confirmed_.end(), *after) : confirmed_.begin();
  const auto last = upper_bound_key(first, confirmed_.end(), through);
  for (; first != last; ++first) note_edited(first->key);
}

ListChanges MessageStore::take_changes() {
  ListChanges changes;
  if (changes_overflowed_) {
    changes.reset = true;
    changes.upserts.resize(size());
    for (std::size_t i = 0; i < changes.upserts.size(); ++i) changes.upserts[i] = i;
  } else {
    changes.removed = std::move(removed_keys_);
    changes.upserts.reserve(edited_.size());
    for (const OrderKey& key : edited_) {
      // Gone again since (evicted, cancelled): its removal is noted already.
      if (const std::optional<std::size_t> index = index_of(key)) changes.upserts.push_back(*index);
    }
    if (changes.upserts.size() > 1) {
      std::sort(changes.upserts.begin(), changes.upserts.end());
      changes.upserts.erase(std::unique(changes.upserts.begin(), changes.upserts.end()), changes.upserts.end());
    }
  }
  removed_keys_.clear();
  edited_.clear();
  changes_overflowed_ = false;
  return changes;
}

void MessageStore::note_removed(const Entry& entry) {
  if (changes_overflowed_) return;
  if (removed_keys_.size() + edited_.size() >= kMaxNotedChanges) return note_overflow();
  removed_keys_.push_back(message_key(entry.message, entry.key));
}

void MessageStore::note_edited(const OrderKey& key) {
  if (changes_overflowed_) return;
  if (removed_keys_.size() + edited_.size() >= kMaxNotedChanges) return note_overflow();
  edited_.push_back(key);
}

void MessageStore::note_overflow() {
  changes_overflowed_ = true;
  removed_keys_.clear();
  removed_keys_.shrink_to_fit();
  edited_.clear();
  edited_.shrink_to_fit();
}

std::optional<std::size_t> MessageStore::index_of(const OrderKey& key) const {
  if (key.primary == kUnconfirmedPrimary) {
    const auto it = lower_bound_key(unconfirmed_.begin(), unconfirmed_.end(), key);
    if (it == unconfirmed_.end() || !(it->key == key)) return std::nullopt;
    return confirmed_.size() + static_cast<std::size_t>(it - unconfirmed_.begin());
  }
  const auto it = find_confirmed(key);
  if (it == confirmed_.end()) return std::nullopt;
  return static_cast<std::size_t>(it - confirmed_.begin());
}

// ---- private ----------------------------------------------------------------------

bool MessageStore::is_own_author(const User& author) const {
  return config_.is_own && config_.is_own(author);
}

bool MessageStore::counts_unread(const Entry& entry) const {
  return !entry.own && !entry.message.cached && (!cursor_ || *cursor_ < entry.key);
}

void MessageStore::evict_oldest() {
  if (confirmed_.empty()) return;
  const Entry& oldest = confirmed_.front();
  if (counts_unread(oldest)) {
    --unread_kept_;
    ++evicted_unread_;
  }
  dropped_min_primary_ = std::min(dropped_min_primary_.value_or(oldest.key.primary), oldest.key.primary);
  dropped_max_key_ = std::max(dropped_max_key_.value_or(oldest.key), oldest.key);
  if (oldest.message.cached) --cached_;
  unindex(oldest);
  note_removed(oldest);
  confirmed_.pop_front();
  has_more_older_ = true;
  ++drops_;
}

void MessageStore::unindex(const Entry& entry) {
  if (!entry.message.id.empty()) by_id_.erase(entry.message.id);
  if (!entry.message.client_id.empty()) {
    // A pending copy may hold the client id while its echo is stored.
    const auto it = by_client_id_.find(entry.message.client_id);
    if (it != by_client_id_.end() && it->second == entry.key) by_client_id_.erase(it);
  }
}

MessageStore::Deque::iterator MessageStore::find_confirmed(const OrderKey& key) {
  const auto it = lower_bound_key(confirmed_.begin(), confirmed_.end(), key);
  return it != confirmed_.end() && it->key == key ? it : confirmed_.end();
}

MessageStore::Deque::const_iterator MessageStore::find_confirmed(const OrderKey& key) const {
  const auto it = lower_bound_key(confirmed_.begin(), confirmed_.end(), key);
  return it != confirmed_.end() && it->key == key ? it : confirmed_.end();
}

MessageStore::Deque::iterator MessageStore::find_unconfirmed(const ClientId& client_id) {
  const auto indexed = by_client_id_.find(client_id);
  if (indexed == by_client_id_.end()) return unconfirmed_.end();
  const auto it = lower_bound_key(unconfirmed_.begin(), unconfirmed_.end(), indexed->second);
  return it != unconfirmed_.end() && it->key == indexed->second ? it : unconfirmed_.end();
}

}  // namespace chatwire::chat
