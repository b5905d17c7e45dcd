// One room's messages: ordered, deduplicated, bounded, with the user's read
// cursor and an unread count derived from it.
//
// Layout: confirmed messages (received from the server, or own messages the
// server confirmed) in key order, then the user's unconfirmed own messages
// (pending or failed) in the order they were sent. Confirmed messages live in
// a deque sorted by OrderKey: an add is a binary search plus an insert, and
// the common case (the newest message so far) is a push_back. A message
// arriving late goes in place; that insert moves at most the messages after
// it, and the store is bounded (max_messages + max_loaded_history), so the
// worst case stays small while the usual one is O(log n).
//
// Bounds: live traffic keeps the newest `max_messages`; older history paged
// in by the user extends that window by up to `max_loaded_history` until
// shrink(). Evicted messages can be loaded again (has_more_older()).
// Unconfirmed own messages are never evicted; at most `max_unconfirmed`
// exist at a time.
//
// Cached messages (Message::cached: painted from the device's cache before
// the server answered) are never unread; drop_cached() removes them.
//
// Unread: confirmed messages after the read cursor and not by the user,
// plus the "evicted unread" ones (unread messages the store dropped for
// space, which still count until the cursor moves past them). The count is
// kept exact on every change of the stored set or the cursor, never bumped
// by events, so a duplicate delivery cannot move it.
#pragma once

#include <compare>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "chat/vocabulary.h"

namespace chatwire::chat {

/// Position of a message in a room. Confirmed messages order by `primary`
/// (their seq where the dialect has seqs, else created_at_ms), ties by
/// arrival (`tiebreak`, a counter the store assigns): a live message goes
/// after the stored ones with the same primary, a message from an older
/// history page before them (it is older history; this also keeps a
/// paged-back message at or before a read cursor that was set on it).
/// Messages not yet confirmed (pending / failed own messages) sort after
/// every confirmed one, in the order they were sent; their key is
/// {INT64_MAX, send counter}.
struct OrderKey {
  std::int64_t primary = 0;
  std::uint64_t tiebreak = 0;
  auto operator<=>(const OrderKey&) const = default;
};

struct StoreConfig {
  /// Newest N confirmed messages kept from live traffic (at least 1).
  std::size_t max_messages = 500;
  /// Extra older messages the user may page in on top of max_messages.
  std::size_t max_loaded_history = 5000;
  /// At most this many unconfirmed own messages (pending or failed) at once.
  std::size_t max_unconfirmed = 200;
  /// The dialect has per-room seq numbers: order by seq, and refuse
  /// messages without one.
  bool order_by_seq = false;
  /// The user's own messages never count as unread. Messages the user sent
  /// through this store (add_pending) are own whatever this says; may be
  /// empty (then only those are own).
  std::function<bool(const User&)> is_own;
};

/// The key that names a message for a reader of the store's changes, for as
/// long as it is stored: "c:" + client id for the user's own messages (it
/// outlives confirmation), "s:" + server id for others', and "o:" + its order
/// key for a message with neither (only dialects without message ids). Unique
/// within a room: the store keeps ids, client ids and order keys unique.
std::string message_key(const Message& message, OrderKey order);

/// The edits of a store since its last take_changes() (see there).
struct ListChanges {
  bool reset = false;
  std::vector<std::string> removed;
  std::vector<std::size_t> upserts;
  [[nodiscard]] bool empty() const { return !reset && removed.empty() && upserts.empty(); }
};

/// Edits noted between two take_changes() calls before the store gives up
/// listing them and reports a reset (a store nobody reads stays bounded).
inline constexpr std::size_t kMaxNotedChanges = 4096;

enum class AddResult : std::uint8_t {
  kAdded,
  kDuplicate,    // a message with this id (or this client id, confirmed) is stored already
  kUpdated,      // stored already, at an older version: the new one's content replaced it
  kOutOfWindow,  // older than everything kept while the store is full; not kept (has_more_older() is true)
  kInvalid,      // a seq store got a message without seq: it has no place in the order
};
const char* to_string(AddResult result);

/// What merge() did with a server's copy of a stored message.
/// In order of precedence: of a message's results in several stores the
/// first counts (std::min).
enum class MergeResult : std::uint8_t {
  kUpdated,  // newer than the copy held: its content replaced it
  kSame,     // the version held (a duplicate delivery): nothing changed
  kStale,    // older than the copy held: ignored
  kUnknown,  // no confirmed message has its id
};

/// The messages of one room. Every call is safe with any input: unknown ids
/// are reported by the return value, never by a crash.
///
/// Messages without a server id (dialects whose backend assigns none)
/// cannot be deduplicated by id: they are accepted every time, except when
/// their client id names a confirmed message already stored (then they are
/// an echo of it: kDuplicate).
///
/// Pointers and references it returns stay valid until the next call that
/// changes the store (an insert in the middle of a deque moves messages).
class MessageStore {
 public:
  explicit MessageStore(StoreConfig config);

  // ---- adding ---------------------------------------------------------------

  /// A message from the server (live). Stored as kSent whatever its status
  /// says. Deduplicated by server id; with no id, see the class comment. A
  /// copy of a stored message at a higher version replaces its content
  /// (kUpdated; see merge()).
  /// A message whose client id names a pending own message is NOT merged
  /// with it (call confirm() for that); it is stored as a separate own
  /// message, and confirm() later folds the pending copy into it. Evicts
  /// the oldest confirmed messages beyond the window.
  AddResult add(Message message);

  enum class PageKind : std::uint8_t {
    kLatest,  // the newest page (on join): behaves like live adds
    kOlder,   // older history the user scrolled to: extends the window
    kNewer,   // catch-up after a gap: behaves like live adds
  };
  struct PageResult {
    std::size_t added = 0;
    std::size_t duplicates = 0;     // held already (the updated ones included)
    std::size_t updated = 0;        // held already at an older version: updated
    std::size_t out_of_window = 0;  // not kept: the extended window is full (kOlder), or older than all
    std::size_t invalid = 0;        // see AddResult::kInvalid
  };
  /// A page of history, oldest first. kOlder pages extend the window (up to
  /// max_loaded_history beyond max_messages; what they add is never evicted
  /// by that same page: when the extension is used up, the page's oldest
  /// messages are the ones not kept). kNewer and kLatest pages behave like
  /// live adds. `has_more` (if given) sets has_more_older() for kOlder and
  /// kLatest pages; it is ignored for kNewer (it speaks of newer messages).
  PageResult add_page(std::vector<Message> messages, PageKind kind, std::optional<bool> has_more);

  /// Drops every message still marked cached (Message::cached): the room's
  /// history from the server is about to replace them. Returns how many.
  std::size_t drop_cached();

  /// The user's own unconfirmed message: status kPending, kFailed or
  /// kUnconfirmed (kSent becomes kPending), client_id set, id empty. It sorts after every
  /// confirmed message. False (and not stored) if the client id is empty or
  /// already present, the id is set, or max_unconfirmed are waiting.
  bool add_pending(Message message);

  /// The server confirmed own message `client_id`: takes id, seq,
  /// created_at_ms and author from `server_copy` (each only where
  /// server_copy has one), status kSent, and moves it to its ordered place.
  /// If the server copy has no position (no seq in a seq store, created_at
  /// 0 in a time store), the message is placed as the newest confirmed one.
  /// If a message with server_copy.id is already stored (the echo arrived
  /// first), the pending copy is removed and that message, now carrying the
  /// client id, is the one copy left. Calling it again for a message already
  /// confirmed returns it unchanged (a harmless no-op).
  /// Returns the stored message; nullptr if the client id is unknown, or if
  /// the server placed it older than everything a full store keeps (then it
  /// is dropped like any message outside the window).
  const Message* confirm(const ClientId& client_id, const Message& server_copy);

  /// A server's copy of a confirmed message it already holds (by id), as a
  /// change pushes it: of two copies the one with the higher version wins,
  /// whatever order they arrive in. Only the content changes (copy_content):
  /// the message keeps its place, status and client id.
  MergeResult merge(const Message& server_copy);

  /// Shows `content` (copy_content) on the message it names: by client id
  /// when it has one (an own message, pending or not), else by server id,
  /// whatever its version. For what the user's pending operations make of
  /// a message. Returns whether the store changed (false too when no such
  /// message is stored).
  bool set_content(const Message& content);

  /// Sets kPending or kFailed (with `failure`, kept only for kFailed) on an
  /// unconfirmed own message, e.g. on a timeout or before a retry. It keeps
  /// its place. False if the client id is unknown, the message is already
  /// confirmed, or `status` is kSent (use confirm()).
  bool set_status(const ClientId& client_id, MessageStatus status, std::string failure = {});

  /// Cancels an unconfirmed own message. False if unknown or already
  /// confirmed (a confirmed message is on the server; dropping it here would
  /// only bring it back with the next history page).
  bool remove(const ClientId& client_id);

  // ---- reading --------------------------------------------------------------

  /// Any stored message, confirmed or not, by the client id it carries.
  [[nodiscard]] const Message* find_by_client_id(const ClientId& client_id) const;
  /// A confirmed message by server id (empty ids are never found).
  [[nodiscard]] const Message* find_by_id(const std::string& id) const;

  /// All messages in order: oldest first, unconfirmed own messages last.
  [[nodiscard]] std::size_t size() const { return confirmed_.size() + unconfirmed_.size(); }
  [[nodiscard]] std::size_t confirmed_size() const { return confirmed_.size(); }
  [[nodiscard]] std::size_t unconfirmed_size() const { return unconfirmed_.size(); }
  /// The message at `index`; an index >= size() gets an empty message
  /// rather than undefined behaviour (indices may come from JavaScript).
  [[nodiscard]] const Message& at(std::size_t index) const;
  /// Its key; {0, 0} for an index >= size().
  [[nodiscard]] OrderKey key_at(std::size_t index) const;

  [[nodiscard]] const Message* newest_confirmed() const;
  /// Confirmed messages still marked cached (see drop_cached()).
  [[nodiscard]] std::size_t cached_size() const { return cached_; }
  [[nodiscard]] const Message* oldest_confirmed() const;
  /// The highest / lowest seq among confirmed messages (in a time store:
  /// the seq of the newest / oldest confirmed message, if it has one). Use
  /// newest_seq() to resume after a reconnect, oldest_seq() to page back.
  [[nodiscard]] std::optional<std::int64_t> newest_seq() const;
  [[nodiscard]] std::optional<std::int64_t> oldest_seq() const;

  /// True when older messages exist on the server: the last kOlder/kLatest
  /// page said so, or the store dropped some (eviction, or a message older
  /// than everything in a full store).
  [[nodiscard]] bool has_more_older() const { return has_more_older_; }

  /// How many confirmed messages the store keeps now: max_messages plus the
  /// history paged in (at most max_loaded_history) since the last shrink().
  [[nodiscard]] std::size_t window() const { return config_.max_messages + loaded_extra_; }

  // ---- read cursor and unread -----------------------------------------------
  // Everything at or before the cursor is read. The cursor never moves
  // backwards: a call that would move it back is a no-op.

  /// Cursor = the newest confirmed message; unread becomes 0. No-op when no
  /// confirmed message is stored.
  void mark_read_through_newest();
  /// From the server (the native join's readSeq). In a seq store every
  /// message with seq <= `seq` is read, stored or not; in a time store the
  /// cursor moves to the stored message with that seq, if any.
  void set_read_cursor_seq(std::int64_t seq);
  /// Cursor = the confirmed message with server id `id`. True if the cursor
  /// moved; false if the id is unknown or the cursor is already past it.
  bool mark_read_through_id(const std::string& id);
  [[nodiscard]] std::optional<OrderKey> read_cursor() const { return cursor_; }
  /// The oldest stored message that counts as unread; nullptr when none does.
  [[nodiscard]] const Message* first_unread() const;

  /// Confirmed messages after the cursor and not by the user (all of them
  /// while no cursor is set), plus evicted_unread().
  [[nodiscard]] std::size_t unread_count() const { return unread_kept_ + evicted_unread_; }
  /// Unread messages the store dropped for space ("evicted unread"). They
  /// stay counted until the cursor reaches a kept message (or passes the
  /// newest dropped one); a cursor set among the dropped messages (a server
  /// readSeq older than everything kept) cannot tell which of them it
  /// covers, and leaves this unchanged. When a message older than the
  /// oldest kept is paged back in, unread and inside the range of dropped
  /// messages, it was counted already: this decreases by one (not below 0)
  /// as it joins the kept ones. Exact when history is paged back
  /// contiguously (each kOlder page ends just before the oldest kept
  /// message); in a time store a message never seen before could fall in
  /// the dropped range and be taken for a dropped one. Messages refused as
  /// kOutOfWindow never count (most are redeliveries of evicted ones).
  [[nodiscard]] std::size_t evicted_unread() const { return evicted_unread_; }

  // ---- housekeeping ---------------------------------------------------------

  /// Drops paged-in history beyond max_messages (the user scrolled back
  /// down) and ends the extension: window() is max_messages again.
  void shrink();

  /// What the store was made with (for a store of the same kind).
  [[nodiscard]] const StoreConfig& config() const { return config_; }

  /// Asks is_own again for every confirmed message (e.g. once the user's
  /// identity is known after messages arrived) and recounts unread.
  void reclassify_own();

  // ---- changes, for one reader that mirrors the list --------------------------
  // The store is the one owner of "what changed": every edit notes itself as
  // it happens, so a reader that holds a copy of the list (the JavaScript
  // side) is told only the edits, never the whole list again, and nothing
  // has to diff the list to find them.

  /// Another part of the room changed what `message` shows (its read-by
  /// list): reported with the next changes as if edited.
  void touch_range(std::optional<OrderKey> after, OrderKey through);

  /// The reader's list is another's (the room now shows this store in
  /// place of another): the next take is a reset, whatever was noted.
  void note_reset() { note_overflow(); }

  /// Takes the edits since the last call: the reader removes the messages
  /// named by `removed` (keys it does not hold are ignored), then, in
  /// ascending order, puts the message at each of `upserts` (an index into
  /// the list as it is now) at that index: over the one it holds under the
  /// same key, or inserted there. With `reset`, the reader drops everything
  /// first and `upserts` is the whole list. Bounded: past kMaxNotedChanges
  /// edits without a take, the next take is a reset.
  ListChanges take_changes();

 private:
  struct Entry {
    OrderKey key;
    bool own = false;        // never unread
    bool sent_here = false;  // came through add_pending: own whatever is_own says
    Message message;
  };
  using Deque = std::deque<Entry>;

  [[nodiscard]] bool is_own_author(const User& author) const;
  [[nodiscard]] bool counts_unread(const Entry& entry) const;
  [[nodiscard]] std::size_t live_limit() const { return window(); }
  /// Inserts a confirmed message in order, evicting down to `limit`.
  /// `older_history`: placed before stored messages with the same primary.
  AddResult insert_confirmed(Message&& message, std::int64_t primary, bool own, bool sent_here,
                             std::size_t limit, bool older_history, const Entry** stored);
  AddResult add_with_limit(Message&& message, std::size_t limit, bool older_history);
  void evict_oldest();
  // Replies show their parent as the store holds it, not as the server
  // described it when it sent the reply: the server pushes no change of a
  // reply when its parent changes (docs/protocol.md, "Replies"), so a
  // preview kept as first sent would differ from the one a client that
  // loaded the reply later shows.
  /// Makes `reply`'s preview from its parent, if the store holds that.
  void follow_parent(Message& reply) const;
  /// `parent` arrived or changed: the replies to it follow (noted as edited).
  void lead_replies(const Message& parent);
  /// A message arrived again from the server: if the stored copy at `key`
  /// was only cached, the server has now confirmed it.
  void settle_cached(const OrderKey& key, bool incoming_cached);
  /// Forgets `entry`'s ids (it is being erased from confirmed_).
  void unindex(const Entry& entry);
  void move_cursor(const OrderKey& key);
  void recount_unread();
  [[nodiscard]] Deque::iterator find_confirmed(const OrderKey& key);
  [[nodiscard]] Deque::const_iterator find_confirmed(const OrderKey& key) const;
  [[nodiscard]] Deque::iterator find_unconfirmed(const ClientId& client_id);
  /// Change notes (see take_changes()).
  void note_removed(const Entry& entry);
  void note_edited(const OrderKey& key);
  void note_overflow();
  /// The index of the message with `key` in the list, if it is stored.
  [[nodiscard]] std::optional<std::size_t> index_of(const OrderKey& key) const;

  StoreConfig config_;
  Deque confirmed_;                                      // sorted by key
  Deque unconfirmed_;                                    // in send order (increasing tiebreak)
  std::unordered_map<std::string, OrderKey> by_id_;      // confirmed messages with a server id
  std::unordered_map<ClientId, OrderKey> by_client_id_;  // confirmed and unconfirmed
  // Tiebreaks grow from the middle for live arrivals and shrink from it for
  // older history, so each kind orders by arrival on its own side.
  std::uint64_t next_tiebreak_ = std::uint64_t{1} << 63;
  std::uint64_t next_older_tiebreak_ = (std::uint64_t{1} << 63) - 1;
  std::size_t loaded_extra_ = 0;
  bool has_more_older_ = false;
  std::optional<OrderKey> cursor_;
  std::size_t unread_kept_ = 0;
  std::size_t evicted_unread_ = 0;
  std::size_t drops_ = 0;
  std::size_t cached_ = 0;  // confirmed messages with Message::cached  // messages dropped for space so far (evicted or refused)
  // Range of primaries of messages dropped for space, and the newest key
  // dropped: a cursor at or past it has read every dropped message.
  std::optional<std::int64_t> dropped_min_primary_;
  std::optional<OrderKey> dropped_max_key_;
  // Edits since the last take_changes(): keys of removed messages, order keys
  // of added or edited ones (duplicates allowed), or a reset.
  std::vector<std::string> removed_keys_;
  std::vector<OrderKey> edited_;
  bool changes_overflowed_ = false;
};

}  // namespace chatwire::chat
