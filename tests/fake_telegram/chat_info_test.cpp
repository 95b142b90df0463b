// sendChatAction, getChat, getChatMember, getChatAdministrators, leaveChat, logOut and close.

#include "support/fake_telegram_fixture.hpp"
#include <gtest/gtest.h>

namespace tas::fake {
namespace {

using FakeTelegramChatInfo = FakeTelegramTest;

TEST_F(FakeTelegramChatInfo, SendChatActionIsTrueForTelegramsActions) {
  for (const auto* action : {"typing", "upload_photo", "upload_document", "record_voice"}) {
    EXPECT_EQ(
        result_of(agent().call("sendChatAction", {{"chat_id", kGroupId}, {"action", action}})),
        true)
        << action;
  }
  EXPECT_EQ(result_of(agent().call(
                "sendChatAction",
                {{"chat_id", kForumId}, {"action", "typing"}, {"message_thread_id", kTopicA}})),
            true);
  expect_api_error(agent().call("sendChatAction", {{"chat_id", kGroupId}, {"action", "dancing"}}),
                   400, "Bad Request: Wrong parameter action in request");
  expect_api_error(agent().call("sendChatAction", {{"chat_id", kGroupId}}), 400,
                   "Bad Request: Wrong parameter action in request");
  expect_api_error(
      agent().call("sendChatAction",
                   {{"chat_id", kForumId}, {"action", "typing"}, {"message_thread_id", 555}}),
      400, "Bad Request: message thread not found");
  expect_api_error(agent().call("sendChatAction", {{"chat_id", -999}, {"action", "typing"}}), 400,
                   "Bad Request: chat not found");
  EXPECT_EQ(other().call("sendChatAction", {{"chat_id", kForumId}, {"action", "typing"}}).status,
            403);
}

TEST_F(FakeTelegramChatInfo, GetChatIsAChatFullInfo) {
  const auto forum = result_of(agent().call("getChat", {{"chat_id", kForumId}}));
  EXPECT_EQ(forum["id"], kForumId);
  EXPECT_EQ(forum["type"], "supergroup");
  EXPECT_EQ(forum["title"], "forum");
  EXPECT_EQ(forum["is_forum"], true);
  EXPECT_EQ(forum["accent_color_id"], 0);
  EXPECT_TRUE(forum["max_reaction_count"].is_number_integer());
  EXPECT_TRUE(forum["accepted_gift_types"].is_object());
  EXPECT_TRUE(forum["permissions"].is_object());
  EXPECT_FALSE(forum.contains("pinned_message"));

  const auto private_chat = result_of(agent().call("getChat", {{"chat_id", kUserId}}));
  EXPECT_EQ(private_chat["type"], "private");
  EXPECT_EQ(private_chat["first_name"], "Ada");
  EXPECT_EQ(private_chat["username"], "ada");
  EXPECT_FALSE(private_chat.contains("permissions"));

  expect_api_error(agent().call("getChat", {{"chat_id", -999}}), 400,
                   "Bad Request: chat not found");
  expect_api_error(agent().call("getChat"), 400, "Bad Request: chat_id is empty");
}

TEST_F(FakeTelegramChatInfo, GetChatMemberKnowsBotsAndPeople) {
  const auto bot =
      result_of(agent().call("getChatMember", {{"chat_id", kForumId}, {"user_id", kAgentBotId}}));
  EXPECT_EQ(bot["status"], "administrator");
  EXPECT_EQ(bot["user"]["id"], kAgentBotId);
  EXPECT_EQ(bot["can_delete_messages"], true);
  EXPECT_EQ(bot["can_manage_topics"], true);

  const auto person =
      result_of(agent().call("getChatMember", {{"chat_id", kGroupId}, {"user_id", kUserId}}));
  EXPECT_EQ(person["status"], "member");
  EXPECT_EQ(person["user"]["first_name"], "Ada");

  const auto outsider =
      result_of(agent().call("getChatMember", {{"chat_id", kForumId}, {"user_id", 654321}}));
  EXPECT_EQ(outsider["status"], "left");

  expect_api_error(agent().call("getChatMember", {{"chat_id", kGroupId}, {"user_id", 777}}), 400,
                   "Bad Request: user not found");
}

TEST_F(FakeTelegramChatInfo, GetChatAdministratorsListsTheMemberBots) {
  const auto admins = result_of(agent().call("getChatAdministrators", {{"chat_id", kGroupId}}));
  ASSERT_EQ(admins.size(), 2U);
  for (const auto& admin : admins)
    EXPECT_EQ(admin["status"], "administrator");
  expect_api_error(agent().call("getChatAdministrators", {{"chat_id", kUserId}}), 400,
                   "Bad Request: there are no administrators in the private chat");
}

TEST_F(FakeTelegramChatInfo, AfterLeaveChatTheBotIsNoLongerAMember) {
  EXPECT_EQ(result_of(agent().call("leaveChat", {{"chat_id", kGroupId}})), true);
  expect_api_error(agent().call("sendMessage", {{"chat_id", kGroupId}, {"text", "still here?"}}),
                   403, "Forbidden: bot is not a member of the group chat");
  server_.send_as_user(kUserId, kGroupId, std::nullopt, "hello?");
  EXPECT_EQ(server_.counters(kAgentBot).pending_updates, 0);
  EXPECT_EQ(server_.counters(kOtherBot).pending_updates, 1);
}

TEST_F(FakeTelegramChatInfo, LogOutAndCloseAnswerTrue) {
  EXPECT_EQ(result_of(agent().call("logOut")), true);
  EXPECT_EQ(result_of(agent().call("close")), true);
  // The fake has no session to end: the bot goes on working.
  EXPECT_EQ(agent().call("getMe").status, 200);
}

}  // namespace
}  // namespace tas::fake
