// The client's half of Socket.IO connection state recovery, alone: finding
// the offset at the end of an event's arguments, and the CONNECT auth.
#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "session/recovery.h"

namespace chatwire::session {
namespace {

using json_util::Json;

/// take_last_string_argument() on a copy: what is left, and what was taken.
std::pair<std::string, std::optional<std::string>> take(std::string args) {
  std::optional<std::string> taken = take_last_string_argument(args);
  return {args, taken};
}

TEST(TakeLastStringArgumentTest, TakesTheTrailingStringAndKeepsTheRest) {
  EXPECT_EQ(take(R"([{"a":1},"1700000000000-0"])"), std::make_pair(std::string(R"([{"a":1}])"),
                                                                    std::optional<std::string>("1700000000000-0")));
  EXPECT_EQ(take(R"([1,{"b":[2]},"x"])"), std::make_pair(std::string(R"([1,{"b":[2]}])"),
                                                         std::optional<std::string>("x")));
}

TEST(TakeLastStringArgumentTest, AnOffsetThatIsTheOnlyArgumentLeavesAnEmptyArray) {
  EXPECT_EQ(take(R"(["abc"])"), std::make_pair(std::string("[]"), std::optional<std::string>("abc")));
  EXPECT_EQ(take(" [ \"abc\" ] \n"), std::make_pair(std::string(" []"), std::optional<std::string>("abc")));
}

TEST(TakeLastStringArgumentTest, SpacesAroundTheOffsetAreAllowed) {
  EXPECT_EQ(take("[{\"a\":1} ,\t\"off\" ]"), std::make_pair(std::string("[{\"a\":1} ]"),
                                                            std::optional<std::string>("off")));
}

TEST(TakeLastStringArgumentTest, EscapesInsideTheOffsetAreDecoded) {
  // "a\"b" then "c\\": an escaped quote is not the opening one; an escaped
  // backslash before the closing quote does not escape it.
  EXPECT_EQ(take(R"([1,"a\"b"])"), std::make_pair(std::string("[1]"), std::optional<std::string>("a\"b")));
  EXPECT_EQ(take(R"([1,"c\\"])"), std::make_pair(std::string("[1]"), std::optional<std::string>("c\\")));
  EXPECT_EQ(take(R"([1,"\u00e9"])"), std::make_pair(std::string("[1]"), std::optional<std::string>("\xC3\xA9")));
}

TEST(TakeLastStringArgumentTest, ALastArgumentThatIsNoStringIsLeftAlone) {
  for (const std::string args : {R"([{"a":"b"}])", R"([1,2])", R"([["x","y"]])", "[]", R"([null])", R"([true])"}) {
    EXPECT_EQ(take(args), std::make_pair(args, std::optional<std::string>())) << args;
  }
}

TEST(TakeLastStringArgumentTest, TextThatIsNoArrayOrNoValidStringIsLeftAlone) {
  for (const std::string args : {"", "]", "\"]", R"(["a)", "\"abc\"", "[1 \"x\"]", "[1,\"a\x01\"]",
                                 "[1,\"\\x\"]", "[1,\"\xFF\"]"}) {
    EXPECT_EQ(take(args), std::make_pair(args, std::optional<std::string>())) << args;
  }
}

TEST(TakeLastStringArgumentTest, AStringLongerThanAnyOffsetIsLeftAlone) {
  const std::string longest(kMaxRecoveryOffsetBytes, 'o');
  EXPECT_EQ(take("[1,\"" + longest + "\"]").second, longest);
  const std::string args = "[1,\"" + longest + "o\"]";
  EXPECT_EQ(take(args), std::make_pair(args, std::optional<std::string>()));
}

TEST(RecoveryTest, WithoutAPidNothingIsTakenOrOffered) {
  Recovery recovery;
  EXPECT_FALSE(recovery.on_connected(nullptr));
  std::string args = R"([{"a":1},"looks-like-an-offset"])";
  recovery.take_offset(args, /*asks_for_ack=*/false);
  EXPECT_EQ(args, R"([{"a":1},"looks-like-an-offset"])") << "a server without recovery: a real argument";
  EXPECT_EQ(recovery.connect_auth(Json{{"token", "t"}}), (Json{{"token", "t"}}));
  EXPECT_EQ(recovery.connect_auth(Json()), std::nullopt);
}

TEST(RecoveryTest, AConnectAnswerWithoutAPidForgetsTheSession) {
  Recovery recovery;
  const Json with_pid{{"sid", "s1"}, {"pid", "p1"}};
  recovery.on_connected(&with_pid);
  std::string args = R"([1,"o1"])";
  recovery.take_offset(args, false);
  const Json without{{"sid", "s2"}};
  EXPECT_FALSE(recovery.on_connected(&without));
  EXPECT_EQ(recovery.pid(), "");
  EXPECT_EQ(recovery.last_offset(), std::nullopt);
  EXPECT_EQ(recovery.connect_auth(Json()), std::nullopt);
}

TEST(RecoveryTest, OffersPidAndLastOffsetUnderTheUsersAuth) {
  Recovery recovery;
  const Json answer{{"sid", "s1"}, {"pid", "p1"}};
  EXPECT_FALSE(recovery.on_connected(&answer)) << "a first connection recovers nothing";
  EXPECT_EQ(recovery.connect_auth(Json()), (Json{{"pid", "p1"}})) << "no event yet: no offset";

  std::string first = R"([1,"o1"])";
  std::string second = R"([2,"o2"])";
  recovery.take_offset(first, false);
  recovery.take_offset(second, false);
  EXPECT_EQ(recovery.connect_auth(Json{{"token", "t"}}), (Json{{"pid", "p1"}, {"offset", "o2"}, {"token", "t"}}));
  // Object.assign({pid, offset}, auth): the user's keys win.
  EXPECT_EQ(recovery.connect_auth(Json{{"pid", "mine"}}), (Json{{"pid", "mine"}, {"offset", "o2"}}));
}

TEST(RecoveryTest, AnEventThatAsksForAnAckCarriesNoOffset) {
  Recovery recovery;
  const Json answer{{"pid", "p1"}};
  recovery.on_connected(&answer);
  std::string args = R"([{"q":1},"a real argument"])";
  recovery.take_offset(args, /*asks_for_ack=*/true);
  EXPECT_EQ(args, R"([{"q":1},"a real argument"])");
  EXPECT_EQ(recovery.last_offset(), std::nullopt);
}

TEST(RecoveryTest, TheSamePidMeansRecoveredAndANewOneStartsOver) {
  Recovery recovery;
  const Json first{{"pid", "p1"}};
  recovery.on_connected(&first);
  std::string args = R"([1,"o1"])";
  recovery.take_offset(args, false);
  EXPECT_TRUE(recovery.on_connected(&first));
  EXPECT_EQ(recovery.last_offset(), "o1");
  const Json other{{"pid", "p2"}};
  EXPECT_FALSE(recovery.on_connected(&other));
  EXPECT_EQ(recovery.last_offset(), std::nullopt) << "offsets of the old session mean nothing to the new one";
  EXPECT_EQ(recovery.connect_auth(Json()), (Json{{"pid", "p2"}}));
}

}  // namespace
}  // namespace chatwire::session
