// MessageStore::take_changes(): every edit of the list notes itself, and a
// reader that applies the changes by the rule (drop the removed keys, then
// each upsert in ascending index order: replace the message held under that
// key, or insert at that index) holds the store's list, message for message.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "chat/message_store.h"
#include "util/seeded_random.h"

// Its own namespace: the unity build puts every file of tests/chat in one
// translation unit, beside message_store_test.cpp's helpers of the same names.
namespace chatwire::chat::store_changes {
namespace {

const User kMe{"u-me", "me"};
const User kBob{"u-bob", "bob"};

StoreConfig seq_config(std::size_t max_messages = 500, std::size_t max_loaded_history = 5000) {
  StoreConfig config;
  config.max_messages = max_messages;
  config.max_loaded_history = max_loaded_history;
  config.order_by_seq = true;
  config.is_own = [](const User& user) { return user.id == kMe.id; };
  return config;
}

Message seq_msg(std::int64_t seq, const User& author = kBob) {
  Message m;
  m.id = "m" + std::to_string(seq);
  m.room = "r";
  m.author = author;
  m.text = "text " + std::to_string(seq);
  m.created_at_ms = 1000 * seq;
  m.seq = seq;
  return m;
}

Message pending_msg(const std::string& client_id) {
  Message m;
  m.client_id = client_id;
  m.room = "r";
  m.author = kMe;
  m.text = "mine " + client_id;
  m.created_at_ms = 5;
  m.status = MessageStatus::kPending;
  return m;
}

/// The server's copy of own message `client_id`, stored as seq `seq`.
Message server_copy(const std::string& client_id, std::int64_t seq) {
  Message m = seq_msg(seq, kMe);
  m.text = "mine " + client_id;
  return m;
}

std::vector<Message> seq_page(std::int64_t first, std::int64_t last) {
  std::vector<Message> page;
  for (std::int64_t seq = first; seq <= last; ++seq) page.push_back(seq_msg(seq));
  return page;
}

/// What a reader of the changes holds: (key, message) in order.
using Mirror = std::vector<std::pair<std::string, Message>>;

/// Takes the store's changes and applies them to `mirror` by the rule,
/// failing on anything the rule does not allow. Returns the changes.
ListChanges take_into(MessageStore& store, Mirror& mirror) {
  ListChanges changes = store.take_changes();
  if (changes.reset) mirror.clear();
  const std::set<std::string> removed(changes.removed.begin(), changes.removed.end());
  std::erase_if(mirror, [&](const auto& held) { return removed.count(held.first) != 0; });
  std::optional<std::size_t> previous;
  for (const std::size_t index : changes.upserts) {
    EXPECT_TRUE(!previous || *previous < index) << "upserts ascend: " << index;
    previous = index;
    EXPECT_LT(index, store.size());
    const std::string key = message_key(store.at(index), store.key_at(index));
    const auto held =
        std::find_if(mirror.begin(), mirror.end(), [&](const auto& m) { return m.first == key; });
    if (held != mirror.end()) {
      EXPECT_EQ(static_cast<std::size_t>(held - mirror.begin()), index) << key << " is held elsewhere";
      mirror.erase(held);
    }
    EXPECT_LE(index, mirror.size()) << "an insert past the end";
    mirror.insert(mirror.begin() + static_cast<std::ptrdiff_t>(std::min(index, mirror.size())),
                  {key, store.at(index)});
  }
  return changes;
}

/// Empty when `mirror` holds exactly the store's list; else the first difference.
std::string differences(const MessageStore& store, const Mirror& mirror) {
  if (mirror.size() != store.size()) {
    return std::to_string(mirror.size()) + " mirrored, " + std::to_string(store.size()) + " stored";
  }
  for (std::size_t i = 0; i < store.size(); ++i) {
    const std::string key = message_key(store.at(i), store.key_at(i));
    if (mirror[i].first != key) return "at " + std::to_string(i) + ": key " + mirror[i].first + " vs " + key;
    if (!(mirror[i].second == store.at(i)))
      return "at " + std::to_string(i) + ": message " + key + " differs";
  }
  return {};
}

std::vector<std::string> keys_of(const MessageStore& store) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < store.size(); ++i) out.push_back(message_key(store.at(i), store.key_at(i)));
  return out;
}

using Indexes = std::vector<std::size_t>;
using Keys = std::vector<std::string>;

TEST(MessageStoreChanges, AppendsAreUpsertsAndATakeAfterATakeIsEmpty) {
  MessageStore store(seq_config());
  EXPECT_TRUE(store.take_changes().empty()) << "a new store has nothing to say";
  for (std::int64_t seq = 1; seq <= 3; ++seq) store.add(seq_msg(seq));
  Mirror mirror;
  const ListChanges changes = take_into(store, mirror);
  EXPECT_FALSE(changes.reset);
  EXPECT_TRUE(changes.removed.empty());
  EXPECT_EQ(changes.upserts, (Indexes{0, 1, 2}));
  EXPECT_EQ(differences(store, mirror), "");
  EXPECT_EQ(keys_of(store), (Keys{"s:m1", "s:m2", "s:m3"}));
  EXPECT_TRUE(store.take_changes().empty());

  store.add(seq_msg(4));
  EXPECT_EQ(take_into(store, mirror).upserts, (Indexes{3}));
  EXPECT_EQ(differences(store, mirror), "");
  EXPECT_EQ(store.add(seq_msg(4)), AddResult::kDuplicate);
  EXPECT_TRUE(store.take_changes().empty()) << "a duplicate changes nothing";
}

TEST(MessageStoreChanges, EvictionAtTheFrontIsARemoval) {
  MessageStore store(seq_config(3));
  Mirror mirror;
  for (std::int64_t seq = 1; seq <= 3; ++seq) store.add(seq_msg(seq));
  take_into(store, mirror);
  store.add(seq_msg(4));
  const ListChanges changes = take_into(store, mirror);
  EXPECT_EQ(changes.removed, (Keys{"s:m1"}));
  EXPECT_EQ(changes.upserts, (Indexes{2}));
  EXPECT_EQ(differences(store, mirror), "");

  // Added and evicted between two takes: removed, never upserted.
  store.add_page(seq_page(5, 9), MessageStore::PageKind::kLatest, std::nullopt);
  const ListChanges burst = take_into(store, mirror);
  EXPECT_EQ(burst.upserts, (Indexes{0, 1, 2}));
  EXPECT_EQ(differences(store, mirror), "");
  EXPECT_EQ(keys_of(store), (Keys{"s:m7", "s:m8", "s:m9"}));
}

TEST(MessageStoreChanges, ALateMessageIsInsertedInTheMiddle) {
  MessageStore store(seq_config());
  Mirror mirror;
  store.add(seq_msg(1));
  store.add(seq_msg(3));
  store.add_pending(pending_msg("c1"));
  take_into(store, mirror);
  store.add(seq_msg(2));
  const ListChanges changes = take_into(store, mirror);
  EXPECT_TRUE(changes.removed.empty());
  EXPECT_EQ(changes.upserts, (Indexes{1}));
  EXPECT_EQ(differences(store, mirror), "");
  EXPECT_EQ(keys_of(store), (Keys{"s:m1", "s:m2", "s:m3", "c:c1"}));
}

TEST(MessageStoreChanges, APendingMessageIsConfirmedUnderTheSameKey) {
  MessageStore store(seq_config());
  Mirror mirror;
  store.add(seq_msg(1));
  ASSERT_TRUE(store.add_pending(pending_msg("c1")));
  EXPECT_EQ(take_into(store, mirror).upserts, (Indexes{0, 1}));
  EXPECT_EQ(mirror[1].second.status, MessageStatus::kPending);

  store.add(seq_msg(2));
  ASSERT_NE(store.confirm("c1", server_copy("c1", 3)), nullptr);
  const ListChanges changes = take_into(store, mirror);
  EXPECT_EQ(changes.removed, (Keys{"c:c1"})) << "the pending copy leaves the unconfirmed tail";
  EXPECT_EQ(changes.upserts, (Indexes{1, 2}));
  EXPECT_EQ(differences(store, mirror), "");
  EXPECT_EQ(keys_of(store), (Keys{"s:m1", "s:m2", "c:c1"})) << "the key outlives confirmation";
  EXPECT_EQ(mirror[2].second.status, MessageStatus::kSent);
  EXPECT_EQ(mirror[2].second.id, "m3");

  ASSERT_NE(store.confirm("c1", server_copy("c1", 3)), nullptr);
  EXPECT_TRUE(store.take_changes().empty()) << "confirming again is a no-op";
}

TEST(MessageStoreChanges, AConfirmationAfterItsEchoChangesTheEchosKey) {
  MessageStore store(seq_config());
  Mirror mirror;
  store.add(seq_msg(1));
  ASSERT_TRUE(store.add_pending(pending_msg("c1")));
  take_into(store, mirror);

  // The echo, without the client id (seed backends), arrives before the ack.
  EXPECT_EQ(store.add(server_copy("c1", 2)), AddResult::kAdded);
  take_into(store, mirror);
  EXPECT_EQ(keys_of(store), (Keys{"s:m1", "s:m2", "c:c1"})) << "two copies until the ack";
  EXPECT_EQ(differences(store, mirror), "");

  ASSERT_NE(store.confirm("c1", server_copy("c1", 2)), nullptr);
  const ListChanges changes = take_into(store, mirror);
  EXPECT_EQ(std::set<std::string>(changes.removed.begin(), changes.removed.end()),
            (std::set<std::string>{"c:c1", "s:m2"}));
  EXPECT_EQ(changes.upserts, (Indexes{1}));
  EXPECT_EQ(keys_of(store), (Keys{"s:m1", "c:c1"})) << "one copy, under the client id's key";
  EXPECT_EQ(differences(store, mirror), "");
}

// The store keeps an echo that carries the pending message's client id apart
// until confirm() (see MessageStore::add): the two copies share the key
// "c:" + client id meanwhile. The chat model never gets here (an own echo
// with a known client id is matched and confirmed at once, match_own), so
// this documents what a reader sees if anything ever does.
TEST(MessageStoreChanges, AnEchoCarryingThePendingClientIdSharesItsKeyUntilConfirmed) {
  MessageStore store(seq_config());
  Mirror mirror;
  ASSERT_TRUE(store.add_pending(pending_msg("c1")));
  take_into(store, mirror);
  Message echo = server_copy("c1", 1);
  echo.client_id = "c1";
  EXPECT_EQ(store.add(echo), AddResult::kAdded);
  EXPECT_EQ(keys_of(store), (Keys{"c:c1", "c:c1"})) << "not unique: a reader holds one of them";
  (void)store.take_changes();
  ASSERT_NE(store.confirm("c1", server_copy("c1", 1)), nullptr);
  mirror.clear();
  const ListChanges after = store.take_changes();
  EXPECT_EQ(after.upserts, (Indexes{0}));
  EXPECT_EQ(keys_of(store), (Keys{"c:c1"})) << "unique again once confirmed";
}

TEST(MessageStoreChanges, StatusChangesAndCancelsOfPendingMessages) {
  MessageStore store(seq_config());
  Mirror mirror;
  store.add(seq_msg(1));
  ASSERT_TRUE(store.add_pending(pending_msg("c1")));
  ASSERT_TRUE(store.add_pending(pending_msg("c2")));
  take_into(store, mirror);

  ASSERT_TRUE(store.set_status("c1", MessageStatus::kFailed, "refused"));
  ListChanges changes = take_into(store, mirror);
  EXPECT_TRUE(changes.removed.empty());
  EXPECT_EQ(changes.upserts, (Indexes{1}));
  EXPECT_EQ(mirror[1].second.status, MessageStatus::kFailed);
  EXPECT_EQ(mirror[1].second.failure, "refused");

  EXPECT_FALSE(store.set_status("nope", MessageStatus::kFailed, "x"));
  EXPECT_FALSE(store.set_status("c2", MessageStatus::kSent));
  EXPECT_TRUE(store.take_changes().empty()) << "refused edits note nothing";

  ASSERT_TRUE(store.remove("c1"));
  changes = take_into(store, mirror);
  EXPECT_EQ(changes.removed, (Keys{"c:c1"}));
  EXPECT_TRUE(changes.upserts.empty()) << "c2 moved up one place, which the reader's removal does by itself";
  EXPECT_EQ(differences(store, mirror), "");
  EXPECT_FALSE(store.remove("c1"));
  EXPECT_TRUE(store.take_changes().empty());

  // Added and cancelled between two takes: the reader may never have held it.
  ASSERT_TRUE(store.add_pending(pending_msg("c3")));
  ASSERT_TRUE(store.remove("c3"));
  changes = take_into(store, mirror);
  EXPECT_EQ(changes.removed, (Keys{"c:c3"}));
  EXPECT_TRUE(changes.upserts.empty());
  EXPECT_EQ(differences(store, mirror), "");
}

TEST(MessageStoreChanges, AnOlderPageIsUpsertedAtTheFront) {
  MessageStore store(seq_config(3, 10));
  Mirror mirror;
  store.add_page(seq_page(10, 12), MessageStore::PageKind::kLatest, true);
  take_into(store, mirror);
  const MessageStore::PageResult result =
      store.add_page(seq_page(7, 9), MessageStore::PageKind::kOlder, true);
  EXPECT_EQ(result.added, 3u);
  ListChanges changes = take_into(store, mirror);
  EXPECT_TRUE(changes.removed.empty()) << "an older page extends the window: nothing evicted";
  EXPECT_EQ(changes.upserts, (Indexes{0, 1, 2}));
  EXPECT_EQ(differences(store, mirror), "");

  store.shrink();
  changes = take_into(store, mirror);
  EXPECT_EQ(changes.removed, (Keys{"s:m7", "s:m8", "s:m9"})) << "shrinking evicts the paged-in history";
  EXPECT_EQ(differences(store, mirror), "");
}

TEST(MessageStoreChanges, TouchRangeUpsertsTheConfirmedMessagesInTheRange) {
  MessageStore store(seq_config());
  Mirror mirror;
  for (std::int64_t seq = 1; seq <= 5; ++seq) store.add(seq_msg(seq));
  ASSERT_TRUE(store.add_pending(pending_msg("c1")));
  take_into(store, mirror);

  store.touch_range(store.key_at(1), store.key_at(3));
  EXPECT_EQ(take_into(store, mirror).upserts, (Indexes{2, 3})) << "after `after`, through `through`";
  store.touch_range(std::nullopt, store.key_at(1));
  EXPECT_EQ(take_into(store, mirror).upserts, (Indexes{0, 1})) << "from the first";
  store.touch_range(store.key_at(3), OrderKey{1'000'000, 0});
  EXPECT_EQ(take_into(store, mirror).upserts, (Indexes{4})) << "confirmed messages only";
  store.touch_range(store.key_at(4), store.key_at(2));
  EXPECT_TRUE(store.take_changes().empty()) << "an empty range";
  EXPECT_EQ(differences(store, mirror), "");
}

TEST(MessageStoreChanges, TooManyEditsWithoutATakeBecomeAReset) {
  MessageStore store(seq_config(10));
  Mirror mirror;
  store.add(seq_msg(1));
  take_into(store, mirror);
  // Each add notes an edit and, past the window, a removal.
  for (std::int64_t seq = 2; seq <= static_cast<std::int64_t>(kMaxNotedChanges); ++seq)
    store.add(seq_msg(seq));
  ASSERT_TRUE(store.add_pending(pending_msg("c1")));
  const ListChanges changes = take_into(store, mirror);
  EXPECT_TRUE(changes.reset);
  EXPECT_TRUE(changes.removed.empty());
  EXPECT_EQ(changes.upserts.size(), store.size()) << "the whole list";
  EXPECT_EQ(store.size(), 11u);
  EXPECT_EQ(differences(store, mirror), "");
  EXPECT_TRUE(store.take_changes().empty()) << "the journal starts over";

  store.add(seq_msg(100'000));
  const ListChanges next = take_into(store, mirror);
  EXPECT_FALSE(next.reset);
  EXPECT_EQ(next.removed.size(), 1u);
  EXPECT_EQ(next.upserts, (Indexes{9}));
  EXPECT_EQ(differences(store, mirror), "");
}

TEST(MessageStoreChanges, JustUnderTheBoundIsNoReset) {
  MessageStore store(seq_config(100'000));
  for (std::int64_t seq = 1; seq <= static_cast<std::int64_t>(kMaxNotedChanges); ++seq)
    store.add(seq_msg(seq));
  Mirror mirror;
  const ListChanges changes = take_into(store, mirror);
  EXPECT_FALSE(changes.reset);
  EXPECT_EQ(changes.upserts.size(), kMaxNotedChanges);
  EXPECT_EQ(differences(store, mirror), "");
}

/// Random edits of every kind, taken at random moments (sometimes after
/// enough edits to overflow the journal): after every take the mirror
/// equals the store.
/// Returns how many takes were resets.
std::size_t run_random_edits(std::uint64_t seed, bool by_seq) {
  SeededRandom random(seed);
  StoreConfig config = seq_config(20, 30);
  config.order_by_seq = by_seq;
  MessageStore store(config);
  Mirror mirror;
  std::int64_t newest = 1000;
  std::uint64_t next_client = 0;
  std::vector<std::string> pending;
  std::int64_t echo_seq = 100'000;
  std::size_t takes = 0;
  std::size_t resets = 0;
  for (int step = 0; step < 3000; ++step) {
    switch (random.up_to(11)) {
      case 0:
      case 1:
        store.add(seq_msg(++newest));
        break;
      case 2:  // late, duplicate or out of window
        store.add(seq_msg(newest - static_cast<std::int64_t>(random.up_to(40))));
        break;
      case 3: {
        const std::string client_id = "c" + std::to_string(++next_client);
        if (store.add_pending(pending_msg(client_id))) pending.push_back(client_id);
        break;
      }
      case 4:
      case 5: {
        if (pending.empty()) break;
        const std::size_t which = random.up_to(pending.size() - 1);
        const std::string client_id = pending[which];
        const std::int64_t seq = by_seq ? ++newest : newest + 1;
        if (random.up_to(1) == 0) {
          // The echo first (without the client id), then the ack.
          Message echo = server_copy(client_id, seq);
          echo.id = "e" + std::to_string(++echo_seq);
          store.add(echo);
          if (random.up_to(1) == 0) {
            take_into(store, mirror);
            ++takes;
          }
          Message ack = echo;
          store.confirm(client_id, ack);
        } else {
          store.confirm(client_id, server_copy(client_id, seq));
        }
        pending.erase(pending.begin() + static_cast<std::ptrdiff_t>(which));
        break;
      }
      case 6: {
        if (pending.empty()) break;
        const std::string& client_id = pending[random.up_to(pending.size() - 1)];
        store.set_status(client_id, random.up_to(1) == 0 ? MessageStatus::kFailed : MessageStatus::kPending,
                         "why " + std::to_string(step));
        break;
      }
      case 7: {
        if (pending.empty()) break;
        const std::size_t which = random.up_to(pending.size() - 1);
        store.remove(pending[which]);
        pending.erase(pending.begin() + static_cast<std::ptrdiff_t>(which));
        break;
      }
      case 8: {
        const std::optional<std::int64_t> oldest = store.oldest_seq();
        if (!oldest || *oldest <= 1) break;
        const std::int64_t last = *oldest - 1;
        const std::int64_t first =
            std::max<std::int64_t>(1, last - static_cast<std::int64_t>(random.up_to(9)));
        store.add_page(seq_page(first, last), MessageStore::PageKind::kOlder, first > 1);
        break;
      }
      case 9:
        if (store.confirmed_size() > 0) {
          const std::size_t a = random.up_to(store.confirmed_size() - 1);
          const std::size_t b = random.up_to(store.confirmed_size() - 1);
          const std::size_t low = std::min(a, b);
          store.touch_range(low == 0 ? std::nullopt : std::optional<OrderKey>(store.key_at(low - 1)),
                            store.key_at(std::max(a, b)));
        }
        break;
      case 10:
        if (random.up_to(5) == 0) {
          store.shrink();
        } else if (random.up_to(60) == 0) {
          // A reader that stays away long enough to overflow the journal.
          for (std::size_t n = 0; n < kMaxNotedChanges; ++n) store.add(seq_msg(++newest));
        }
        break;
      default: {
        const ListChanges changes = take_into(store, mirror);
        ++takes;
        resets += changes.reset ? 1 : 0;
        const std::string diff = differences(store, mirror);
        EXPECT_EQ(diff, "") << "seed " << seed << ", step " << step;
        if (!diff.empty()) return resets;
        std::set<std::string> unique;
        for (const std::string& key : keys_of(store)) EXPECT_TRUE(unique.insert(key).second) << key;
      }
    }
  }
  take_into(store, mirror);
  EXPECT_EQ(differences(store, mirror), "") << "seed " << seed;
  EXPECT_GT(takes, 100u);
  return resets;
}

TEST(MessageStoreChanges, RandomEditsAlwaysMirrorTheStore) {
  std::size_t resets = 0;
  for (std::uint64_t seed = 1; seed <= 5; ++seed) resets += run_random_edits(seed, true);
  EXPECT_GT(resets, 0u) << "the journal overflowed at times";
}

TEST(MessageStoreChanges, RandomEditsAlwaysMirrorATimeOrderedStore) {
  std::size_t resets = 0;
  for (std::uint64_t seed = 100; seed <= 103; ++seed) resets += run_random_edits(seed, false);
  EXPECT_GT(resets, 0u) << "the journal overflowed at times";
}

}  // namespace
}  // namespace chatwire::chat::store_changes
