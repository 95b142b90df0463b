// forwardMessage, copyMessage, pinChatMessage/unpinChatMessage and setMessageReaction.

#include "support/fake_telegram_fixture.hpp"
#include <gtest/gtest.h>

namespace tas::fake {
namespace {

using FakeTelegramReposts = FakeTelegramTest;

TEST_F(FakeTelegramReposts, AForwardNamesTheOriginalSender) {
  const auto original = server_.send_as_user(kUserId, kGroupId, std::nullopt, "look at this");
  const auto forwarded =
      result_of(agent().call("forwardMessage", {{"chat_id", kForumId},
                                                {"from_chat_id", kGroupId},
                                                {"message_id", original.message_id},
                                                {"message_thread_id", kTopicB}}));
  EXPECT_EQ(forwarded["text"], "look at this");
  EXPECT_EQ(forwarded["from"]["id"], kAgentBotId);
  EXPECT_EQ(forwarded["chat"]["id"], kForumId);
  EXPECT_EQ(forwarded["message_thread_id"], kTopicB);
  const auto& origin = forwarded["forward_origin"];
  EXPECT_EQ(origin["type"], "user");
  EXPECT_EQ(origin["sender_user"]["id"], kUserId);
  EXPECT_EQ(origin["date"], original.date);
  // A forward of the forward still names the person.
  const auto twice = result_of(agent().call(
      "forwardMessage",
      {{"chat_id", kUserId}, {"from_chat_id", kForumId}, {"message_id", forwarded["message_id"]}}));
  EXPECT_EQ(twice["forward_origin"]["sender_user"]["id"], kUserId);
  expect_api_error(
      agent().call("forwardMessage",
                   {{"chat_id", kForumId}, {"from_chat_id", kGroupId}, {"message_id", 999}}),
      400, "Bad Request: message to forward not found");
}

TEST_F(FakeTelegramReposts, ACopyReturnsOnlyItsIdAndHidesTheOrigin) {
  const auto original = server_.send_as_user(kUserId, kGroupId, std::nullopt, "copy me");
  const auto copy = result_of(agent().call(
      "copyMessage",
      {{"chat_id", kUserId}, {"from_chat_id", kGroupId}, {"message_id", original.message_id}}));
  ASSERT_EQ(copy.size(), 1U) << copy.dump();
  const auto id = copy["message_id"].get<std::int64_t>();
  const auto history = server_.chat_history(kUserId);
  ASSERT_EQ(history.size(), 1U);
  EXPECT_EQ(history[0].message_id, id);
  EXPECT_EQ(history[0].text, "copy me");
  EXPECT_TRUE(history[0].from.is_bot);
  EXPECT_FALSE(history[0].extra_fields.contains("forward_origin"));
  expect_api_error(
      agent().call("copyMessage",
                   {{"chat_id", kUserId}, {"from_chat_id", kGroupId}, {"message_id", 999}}),
      400, "Bad Request: message to copy not found");
}

TEST_F(FakeTelegramReposts, PinnedMessagesShowInGetChat) {
  const auto first = server_.send_as_user(kUserId, kGroupId, std::nullopt, "first");
  const auto second = server_.send_as_user(kUserId, kGroupId, std::nullopt, "second");
  const auto pin = [&](std::int64_t id) {
    return agent().call("pinChatMessage", {{"chat_id", kGroupId}, {"message_id", id}});
  };
  const auto pinned = [&] {
    return result_of(agent().call("getChat", {{"chat_id", kGroupId}}))
        .value("pinned_message", nlohmann::json());
  };
  EXPECT_EQ(result_of(pin(first.message_id)), true);
  EXPECT_EQ(result_of(pin(second.message_id)), true);
  EXPECT_EQ(pinned()["text"], "second");
  // Without a message_id, the most recent pin goes.
  EXPECT_EQ(result_of(agent().call("unpinChatMessage", {{"chat_id", kGroupId}})), true);
  EXPECT_EQ(pinned()["text"], "first");
  EXPECT_EQ(result_of(agent().call("unpinChatMessage",
                                   {{"chat_id", kGroupId}, {"message_id", first.message_id}})),
            true);
  EXPECT_TRUE(pinned().is_null());
  expect_api_error(pin(999), 400, "Bad Request: message to pin not found");
  expect_api_error(agent().call("unpinChatMessage", {{"chat_id", kGroupId}, {"message_id", 999}}),
                   400, "Bad Request: message to unpin not found");
}

TEST_F(FakeTelegramReposts, SetMessageReactionTakesTelegramsEmoji) {
  const auto message = server_.send_as_user(kUserId, kGroupId, std::nullopt, "nice");
  const auto react = [&](const nlohmann::json& reaction, std::int64_t id) {
    return agent().call("setMessageReaction",
                        {{"chat_id", kGroupId}, {"message_id", id}, {"reaction", reaction}});
  };
  const auto thumbs = nlohmann::json::parse(R"([{"type": "emoji", "emoji": "👍"}])");
  EXPECT_EQ(result_of(react(thumbs, message.message_id)), true);
  EXPECT_EQ(result_of(react(nlohmann::json::array(), message.message_id)), true);
  expect_api_error(
      react(nlohmann::json::parse(R"([{"type": "emoji", "emoji": "🦀"}])"), message.message_id),
      400, "Bad Request: REACTION_INVALID");
  expect_api_error(react(thumbs, 999), 400, "Bad Request: message to react not found");
}

}  // namespace
}  // namespace tas::fake
