// The person's side beyond sending: replies, edits (edited_message updates) and deletions, in
// process and over the HTTP control API.

#include "support/fake_telegram_fixture.hpp"
#include <gtest/gtest.h>

namespace tas::fake {
namespace {

using FakeTelegramUserActions = FakeTelegramTest;

ApiResponse control(const HttpClient& http, const std::string& action, const nlohmann::json& body) {
  return http.call("/_control/" + action, body, Encoding::kJson);
}

TEST_F(FakeTelegramUserActions, AUserReplyNamesTheMessageItAnswers) {
  const auto bot = result_of(agent().call("sendMessage", {{"chat_id", kGroupId}, {"text", "q?"}}));
  const auto bot_id = bot["message_id"].get<std::int64_t>();
  const auto reply = server_.send_as_user(kUserId, kGroupId, std::nullopt, "a!", bot_id);
  ASSERT_NE(reply.reply_to, nullptr);
  EXPECT_EQ(reply.reply_to->message_id, bot_id);
  EXPECT_EQ(reply.reply_to->text, "q?");
  const auto updates = take_updates(agent());
  ASSERT_EQ(updates.size(), 1U);
  EXPECT_EQ(updates[0]["message"]["reply_to_message"]["message_id"], bot_id);
  EXPECT_THROW(server_.send_as_user(kUserId, kGroupId, std::nullopt, "x", 999), FakeTelegramError);
}

TEST_F(FakeTelegramUserActions, TheControlApiSendHonoursReplyToMessageId) {
  const auto first = server_.send_as_user(kUserId, kForumId, kTopicB, "first");
  const auto reply = result_of(control(http(), "send",
                                       {{"user_id", kUserId},
                                        {"chat_id", kForumId},
                                        {"text", "second"},
                                        {"reply_to_message_id", first.message_id}}));
  EXPECT_EQ(reply["reply_to_message"]["message_id"], first.message_id);
  EXPECT_EQ(reply["message_thread_id"], kTopicB);  // it lands where the message it answers is
}

TEST_F(FakeTelegramUserActions, AUserEditIsAnEditedMessageUpdateWithEditDate) {
  const auto sent = server_.send_as_user(kUserId, kGroupId, std::nullopt, "tpyo");
  (void)take_updates(agent());
  const auto edited = server_.edit_as_user(kUserId, kGroupId, sent.message_id, "typo");
  EXPECT_EQ(edited.text, "typo");
  ASSERT_TRUE(edited.edit_date.has_value());
  EXPECT_GE(*edited.edit_date, sent.date);

  for (const auto& bot : {agent(), other()}) {
    const auto updates = take_updates(bot);
    ASSERT_FALSE(updates.empty());  // the other bot still holds the message itself, too
    const auto& last = updates.back();
    ASSERT_TRUE(last.contains("edited_message")) << last.dump();
    EXPECT_FALSE(last.contains("message"));
    EXPECT_EQ(last["edited_message"]["message_id"], sent.message_id);
    EXPECT_EQ(last["edited_message"]["text"], "typo");
    EXPECT_EQ(last["edited_message"]["edit_date"], *edited.edit_date);
  }
  EXPECT_EQ(server_.chat_history(kGroupId).at(0).text, "typo");
}

TEST_F(FakeTelegramUserActions, AUserMayEditAndDeleteOnlyTheirOwnMessages) {
  const auto bot =
      result_of(agent().call("sendMessage", {{"chat_id", kGroupId}, {"text", "mine"}}));
  const auto id = bot["message_id"].get<std::int64_t>();
  EXPECT_THROW(server_.edit_as_user(kUserId, kGroupId, id, "yours"), FakeTelegramError);
  EXPECT_THROW(server_.delete_as_user(kUserId, kGroupId, id), FakeTelegramError);
  EXPECT_THROW(server_.edit_as_user(kUserId, kGroupId, 999, "x"), FakeTelegramError);
}

TEST_F(FakeTelegramUserActions, AUserDeletionRemovesTheMessageAndTellsNoBot) {
  const auto sent = server_.send_as_user(kUserId, kGroupId, std::nullopt, "oops");
  (void)take_updates(agent());
  server_.delete_as_user(kUserId, kGroupId, sent.message_id);
  EXPECT_TRUE(server_.chat_history(kGroupId).empty());
  EXPECT_EQ(server_.counters(kAgentBot).pending_updates, 0);
  // The bot cannot touch it either now.
  expect_api_error(
      agent().call("deleteMessage", {{"chat_id", kGroupId}, {"message_id", sent.message_id}}), 400,
      "Bad Request: message to delete not found");
}

TEST_F(FakeTelegramUserActions, EditAndDeleteOverTheControlApi) {
  const auto sent = server_.send_as_user(kUserId, kGroupId, std::nullopt, "draft");
  const auto edited = result_of(control(http(), "edit",
                                        {{"user_id", kUserId},
                                         {"chat_id", kGroupId},
                                         {"message_id", sent.message_id},
                                         {"text", "final"}}));
  EXPECT_EQ(edited["text"], "final");
  EXPECT_TRUE(edited.contains("edit_date"));
  EXPECT_EQ(result_of(control(
                http(), "delete",
                {{"user_id", kUserId}, {"chat_id", kGroupId}, {"message_id", sent.message_id}})),
            true);
  EXPECT_TRUE(server_.chat_history(kGroupId).empty());
  const auto refused =
      control(http(), "delete",
              {{"user_id", kUserId}, {"chat_id", kGroupId}, {"message_id", sent.message_id}});
  EXPECT_EQ(refused.status, 400);
}

TEST_F(FakeTelegramUserActions, AllowedUpdatesChoosesBetweenMessagesAndEdits) {
  ASSERT_EQ(agent().get_updates({{"allowed_updates", {"edited_message"}}}).status, 200);
  const auto sent = server_.send_as_user(kUserId, kGroupId, std::nullopt, "v1");
  server_.edit_as_user(kUserId, kGroupId, sent.message_id, "v2");
  const auto updates = take_updates(agent());
  ASSERT_EQ(updates.size(), 1U);
  EXPECT_EQ(updates[0]["edited_message"]["text"], "v2");

  ASSERT_EQ(agent().get_updates({{"allowed_updates", {"message"}}}).status, 200);
  const auto again = server_.send_as_user(kUserId, kGroupId, std::nullopt, "w1");
  server_.edit_as_user(kUserId, kGroupId, again.message_id, "w2");
  const auto only_messages = take_updates(agent());
  ASSERT_EQ(only_messages.size(), 1U);
  EXPECT_EQ(only_messages[0]["message"]["text"], "w1");
}

}  // namespace
}  // namespace tas::fake
