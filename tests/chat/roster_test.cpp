// Roster: one room's members in join order, their presence, and the user's
// own entry, which nothing the server says can drop or duplicate.
#include "chat/roster.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace chatwire::chat {
namespace {

Member member(const std::string& id, const std::string& name = "", bool online = true) {
  return Member{User{id, name}, online};
}

std::vector<std::string> ids(const Roster& roster) {
  std::vector<std::string> result;
  for (const Member& m : roster.members()) result.push_back(m.user.id);
  return result;
}

TEST(RosterTest, UserKeyAndMerge) {
  const User ann{"u1", "Ann"};
  EXPECT_EQ(user_key(ann, UserKeyField::kId), "u1");
  EXPECT_EQ(user_key(ann, UserKeyField::kName), "Ann");

  User known{"u1", "Ann"};
  EXPECT_FALSE(merge_user(known, User{"u1", ""}));
  EXPECT_EQ(known, ann) << "an id-only signal keeps the name";
  EXPECT_TRUE(merge_user(known, User{"u1", "Annie"}));
  EXPECT_EQ(known, (User{"u1", "Annie"}));
}

TEST(RosterTest, UpsertAppendsInJoinOrderAndRefreshesInPlace) {
  Roster roster;
  EXPECT_TRUE(roster.upsert(member("b", "Bea")));
  EXPECT_TRUE(roster.upsert(member("a", "Al")));
  EXPECT_FALSE(roster.upsert(member("b", "Bea"))) << "nothing new";
  EXPECT_TRUE(roster.upsert(member("b", "", false))) << "online changed";
  EXPECT_EQ(ids(roster), (std::vector<std::string>{"b", "a"}));
  EXPECT_EQ(roster.members()[0], member("b", "Bea", false)) << "the name survives an id-only refresh";
  EXPECT_FALSE(roster.upsert(member("", "Nameless"))) << "no key";
  EXPECT_EQ(roster.members().size(), 2u);
}

TEST(RosterTest, RemoveDropsAMember) {
  Roster roster;
  roster.upsert(member("a"));
  roster.upsert(member("b"));
  roster.upsert(member("c"));
  EXPECT_TRUE(roster.remove("b"));
  EXPECT_FALSE(roster.remove("b"));
  EXPECT_FALSE(roster.remove("zz"));
  EXPECT_EQ(ids(roster), (std::vector<std::string>{"a", "c"}));
  EXPECT_FALSE(roster.contains("b"));
  EXPECT_TRUE(roster.contains("c"));
}

TEST(RosterTest, ReplaceKeepsKnownOrderAppendsNewcomersDropsTheAbsent) {
  Roster roster;
  roster.upsert(member("a", "Al"));
  roster.upsert(member("b", "Bea"));
  roster.upsert(member("c", "Cy"));
  // The server lists from a set: any order, and b has gone.
  EXPECT_TRUE(
      roster.replace({member("e", "Eve"), member("c", "", false), member("a", "Al"), member("d", "Dan")}));
  EXPECT_EQ(ids(roster), (std::vector<std::string>{"a", "c", "e", "d"}));
  EXPECT_EQ(roster.members()[1], member("c", "Cy", false)) << "online from the list, name kept";
  EXPECT_FALSE(
      roster.replace({member("d", "Dan"), member("a", "Al"), member("e", "Eve"), member("c", "Cy", false)}))
      << "same members, other order: no change";
}

TEST(RosterTest, ReplaceCountsDuplicatesOnceAndSkipsKeylessEntries) {
  Roster roster;
  EXPECT_TRUE(roster.replace({member("a", "Al"), member("", "Ghost"), member("a", "Other"), member("b")}));
  EXPECT_EQ(ids(roster), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(roster.members()[0].user.name, "Al") << "the first occurrence wins";
}

TEST(RosterTest, ReplaceWithAnEmptyListEmpties) {
  Roster roster;
  roster.upsert(member("a"));
  EXPECT_TRUE(roster.replace({}));
  EXPECT_TRUE(roster.members().empty());
  EXPECT_FALSE(roster.replace({}));
}

TEST(RosterTest, SelfSurvivesAReplaceThatOmitsIt) {
  Roster roster;
  EXPECT_TRUE(roster.ensure_self(User{"me", "Me"}));
  EXPECT_TRUE(roster.replace({member("a"), member("b")}));
  EXPECT_EQ(ids(roster), (std::vector<std::string>{"me", "a", "b"}));
  EXPECT_EQ(roster.members()[0], member("me", "Me", true));
}

TEST(RosterTest, SelfIsNeverDuplicatedAndStaysOnline) {
  Roster roster;
  roster.ensure_self(User{"me", "Me"});
  EXPECT_TRUE(roster.replace({member("a"), member("me", "", false), member("b")}));
  EXPECT_EQ(ids(roster), (std::vector<std::string>{"me", "a", "b"}));
  EXPECT_TRUE(roster.members()[0].online);
  EXPECT_FALSE(roster.upsert(member("me", "", false))) << "already there, still online";
  EXPECT_FALSE(roster.set_online("me", false));
  EXPECT_FALSE(roster.remove("me"));
  EXPECT_FALSE(roster.ensure_self(User{"me", "Me"}));
  EXPECT_EQ(ids(roster), (std::vector<std::string>{"me", "a", "b"}));
  EXPECT_TRUE(roster.members()[0].online);
}

TEST(RosterTest, EnsureSelfAfterTheServerListedItKeepsItsPlace) {
  Roster roster;
  roster.replace({member("a"), member("me", "", false)});
  EXPECT_TRUE(roster.ensure_self(User{"me", "Me"}));
  EXPECT_EQ(ids(roster), (std::vector<std::string>{"a", "me"}));
  EXPECT_EQ(roster.members()[1], member("me", "Me", true));
}

TEST(RosterTest, SelfUpsertedOfflineBeforeEnsureSelfComesOnline) {
  Roster roster;
  roster.upsert(member("me", "", false));
  EXPECT_TRUE(roster.ensure_self(User{"me", "Me"}));
  EXPECT_EQ(roster.members(), std::vector<Member>{member("me", "Me", true)});
}

TEST(RosterTest, ANewIdentityMakesTheOldSelfAnOrdinaryMember) {
  Roster roster;
  roster.ensure_self(User{"me", "Me"});
  EXPECT_TRUE(roster.ensure_self(User{"me2", "Me2"}));  // re-login as someone else
  EXPECT_EQ(ids(roster), (std::vector<std::string>{"me", "me2"}));
  EXPECT_TRUE(roster.remove("me"));
  EXPECT_FALSE(roster.remove("me2"));
  EXPECT_EQ(ids(roster), std::vector<std::string>{"me2"});
}

TEST(RosterTest, PresenceOnlyForKnownMembers) {
  Roster roster;
  roster.upsert(member("a"));
  EXPECT_TRUE(roster.set_online("a", false));
  EXPECT_FALSE(roster.set_online("a", false));
  EXPECT_FALSE(roster.members()[0].online);
  EXPECT_TRUE(roster.set_online("a", true));
  EXPECT_FALSE(roster.set_online("stranger", true)) << "presence is global; the roster is one room";
  EXPECT_EQ(ids(roster), std::vector<std::string>{"a"});
}

TEST(RosterTest, FindGivesTheKnownUser) {
  Roster roster;
  roster.upsert(member("u1", "Ann"));
  EXPECT_EQ(roster.find("u1"), (User{"u1", "Ann"}));
  EXPECT_EQ(roster.find("u2"), std::nullopt);
  EXPECT_EQ(roster.find(""), std::nullopt);
}

TEST(RosterTest, KeyedByNameForNameIdentifiedBackends) {
  Roster roster(1000, UserKeyField::kName);
  roster.ensure_self(User{"me", "me"});
  EXPECT_TRUE(roster.upsert(member("ann", "ann")));
  EXPECT_FALSE(roster.upsert(member("", "ann"))) << "same name, same member";
  EXPECT_FALSE(roster.upsert(member("x", ""))) << "no name: no key";
  EXPECT_TRUE(roster.contains("ann"));
  EXPECT_TRUE(roster.replace({member("bob", "bob")}));
  EXPECT_EQ(ids(roster), (std::vector<std::string>{"me", "bob"}));
}

TEST(RosterTest, BoundedNewcomersIgnoredWhenFull) {
  Roster roster(3);
  EXPECT_TRUE(roster.upsert(member("a")));
  EXPECT_TRUE(roster.upsert(member("b")));
  EXPECT_TRUE(roster.upsert(member("c")));
  EXPECT_FALSE(roster.upsert(member("d")));
  EXPECT_EQ(ids(roster), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_TRUE(roster.upsert(member("c", "Cy"))) << "known members still update";

  EXPECT_TRUE(roster.replace({member("x"), member("y"), member("b"), member("z")}));
  EXPECT_EQ(ids(roster), (std::vector<std::string>{"b", "x", "y"})) << "the first ones known";
}

TEST(RosterTest, SelfAlwaysHasAPlace) {
  Roster roster(2);
  roster.upsert(member("a"));
  roster.upsert(member("b"));
  EXPECT_TRUE(roster.ensure_self(User{"me", "Me"}));
  EXPECT_EQ(ids(roster), (std::vector<std::string>{"a", "me"})) << "the newest other member gave way";
  EXPECT_TRUE(roster.replace({member("x"), member("y"), member("z")}));
  EXPECT_EQ(ids(roster), (std::vector<std::string>{"me", "x"}));
}

}  // namespace
}  // namespace chatwire::chat
