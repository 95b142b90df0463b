// Forum topics: every message of a topic answers the topic's creation message, and the topic
// methods (create, edit, close, reopen, delete) with Telegram's errors.

#include "support/fake_telegram_fixture.hpp"
#include <gtest/gtest.h>

namespace tas::fake {
namespace {

using FakeTelegramForumTopics = FakeTelegramTest;

ApiResponse send_into(const BotApiClient& bot, std::int64_t topic, const std::string& text) {
  return bot.call("sendMessage",
                  {{"chat_id", kForumId}, {"text", text}, {"message_thread_id", topic}});
}

TEST_F(FakeTelegramForumTopics, ABotsMessageInATopicAnswersTheTopicsCreationMessage) {
  const auto message = result_of(send_into(agent(), kTopicA, "in topic"));
  ASSERT_TRUE(message.contains("reply_to_message")) << message.dump();
  const auto& root = message["reply_to_message"];
  EXPECT_EQ(root["message_id"], kTopicA);
  EXPECT_EQ(root["message_thread_id"], kTopicA);
  EXPECT_EQ(root["is_topic_message"], true);
  EXPECT_EQ(root["chat"]["id"], kForumId);
  EXPECT_EQ(root["forum_topic_created"]["name"], "Topic 7");
  EXPECT_EQ(root["forum_topic_created"]["icon_color"], 0x6FB9F0);
  EXPECT_FALSE(root.contains("text"));
  EXPECT_EQ(message["is_topic_message"], true);
  EXPECT_EQ(message["message_thread_id"], kTopicA);
}

TEST_F(FakeTelegramForumTopics, AUsersMessageInATopicAnswersItToo) {
  const auto sent = server_.send_as_user(kUserId, kForumId, kTopicB, "hello");
  ASSERT_NE(sent.reply_to, nullptr);
  EXPECT_EQ(sent.reply_to->message_id, kTopicB);
  const auto updates = take_updates(agent());
  ASSERT_EQ(updates.size(), 1U);
  EXPECT_EQ(updates[0]["message"]["reply_to_message"]["forum_topic_created"]["name"], "Topic 9");
}

TEST_F(FakeTelegramForumTopics, TheGeneralTopicAndPlainGroupsHaveNoImplicitReply) {
  EXPECT_FALSE(result_of(agent().call("sendMessage", {{"chat_id", kForumId}, {"text", "general"}}))
                   .contains("reply_to_message"));
  EXPECT_FALSE(server_.send_as_user(kUserId, kGroupId, std::nullopt, "plain").reply_to);
}

TEST_F(FakeTelegramForumTopics, AnExplicitReplyInATopicAnswersTheNamedMessage) {
  const auto question = server_.send_as_user(kUserId, kForumId, kTopicA, "question");
  const auto answer = result_of(
      agent().call("sendMessage", {{"chat_id", kForumId},
                                   {"text", "answer"},
                                   {"message_thread_id", kTopicA},
                                   {"reply_parameters", {{"message_id", question.message_id}}}}));
  EXPECT_EQ(answer["reply_to_message"]["message_id"], question.message_id);
  EXPECT_EQ(answer["message_thread_id"], kTopicA);
  // The person's explicit reply, too.
  const auto again = server_.send_as_user(kUserId, kForumId, std::nullopt, "thanks",
                                          answer["message_id"].get<std::int64_t>());
  ASSERT_NE(again.reply_to, nullptr);
  EXPECT_EQ(again.reply_to->message_id, answer["message_id"].get<std::int64_t>());
  EXPECT_EQ(again.topic_id, kTopicA);
}

TEST_F(FakeTelegramForumTopics, CreateForumTopicReturnsTheTopicAndMessagesGoIntoIt) {
  const auto topic = result_of(
      agent().call("createForumTopic",
                   {{"chat_id", kForumId}, {"name", "incidents"}, {"icon_color", 0xFF93B2}}));
  ASSERT_TRUE(topic.is_object());
  EXPECT_EQ(topic["name"], "incidents");
  EXPECT_EQ(topic["icon_color"], 0xFF93B2);
  const auto thread = topic["message_thread_id"].get<std::int64_t>();
  EXPECT_GT(thread, kTopicB);

  const auto message = result_of(send_into(agent(), thread, "first"));
  EXPECT_EQ(message["message_thread_id"], thread);
  EXPECT_EQ(message["reply_to_message"]["message_id"], thread);
  EXPECT_EQ(message["reply_to_message"]["from"]["id"], kAgentBotId);
  EXPECT_EQ(message["reply_to_message"]["forum_topic_created"]["name"], "incidents");
  // And the person can post there.
  EXPECT_EQ(server_.send_as_user(kUserId, kForumId, thread, "me too").topic_id, thread);
}

TEST_F(FakeTelegramForumTopics, TopicMethodsNeedAForum) {
  server_.create_chat({.chat = {.id = -300, .title = "no topics"}, .bot_usernames = {kAgentBot}});
  expect_api_error(agent().call("createForumTopic", {{"chat_id", -300}, {"name", "x"}}), 400,
                   "Bad Request: the chat is not a forum");
  expect_api_error(
      agent().call("closeForumTopic", {{"chat_id", -300}, {"message_thread_id", kTopicA}}), 400,
      "Bad Request: the chat is not a forum");
  expect_api_error(agent().call("createForumTopic", {{"chat_id", kGroupId}, {"name", "x"}}), 400,
                   "Bad Request: method is available only for supergroups");
  expect_api_error(agent().call("createForumTopic", {{"chat_id", kForumId}, {"name", ""}}), 400,
                   "Bad Request: TOPIC_TITLE_EMPTY");
  expect_api_error(
      agent().call("createForumTopic", {{"chat_id", kForumId}, {"name", "x"}, {"icon_color", 1}}),
      400, "Bad Request: TOPIC_ICON_COLOR_INVALID");
  expect_api_error(agent().call("editForumTopic",
                                {{"chat_id", kForumId}, {"message_thread_id", 555}, {"name", "x"}}),
                   400, "Bad Request: message thread not found");
}

TEST_F(FakeTelegramForumTopics, AClosedTopicTakesNoMessagesUntilReopened) {
  const auto close = [&](const char* method) {
    return agent().call(method, {{"chat_id", kForumId}, {"message_thread_id", kTopicA}});
  };
  EXPECT_EQ(result_of(close("closeForumTopic")), true);
  expect_api_error(send_into(agent(), kTopicA, "anyone?"), 400, "Bad Request: TOPIC_CLOSED");
  // Also when the topic comes from the message a reply answers.
  const auto earlier = server_.send_as_user(kUserId, kForumId, kTopicA, "before closing");
  expect_api_error(agent().call("sendMessage", {{"chat_id", kForumId},
                                                {"text", "late"},
                                                {"reply_to_message_id", earlier.message_id}}),
                   400, "Bad Request: TOPIC_CLOSED");
  expect_api_error(close("closeForumTopic"), 400, "Bad Request: TOPIC_NOT_MODIFIED");
  EXPECT_EQ(result_of(close("reopenForumTopic")), true);
  EXPECT_EQ(send_into(agent(), kTopicA, "open again").status, 200);
  expect_api_error(close("reopenForumTopic"), 400, "Bad Request: TOPIC_NOT_MODIFIED");
}

TEST_F(FakeTelegramForumTopics, EditForumTopicRenamesAndRefusesNoChange) {
  const auto edit = [&](const std::string& name) {
    return agent().call("editForumTopic",
                        {{"chat_id", kForumId}, {"message_thread_id", kTopicA}, {"name", name}});
  };
  EXPECT_EQ(result_of(edit("renamed")), true);
  expect_api_error(edit("renamed"), 400, "Bad Request: TOPIC_NOT_MODIFIED");
}

TEST_F(FakeTelegramForumTopics, DeleteForumTopicDeletesItsMessages) {
  server_.send_as_user(kUserId, kForumId, kTopicA, "doomed");
  ASSERT_EQ(send_into(agent(), kTopicA, "doomed too").status, 200);
  server_.send_as_user(kUserId, kForumId, kTopicB, "survives");
  EXPECT_EQ(result_of(agent().call("deleteForumTopic",
                                   {{"chat_id", kForumId}, {"message_thread_id", kTopicA}})),
            true);
  const auto history = server_.chat_history(kForumId);
  ASSERT_EQ(history.size(), 1U);
  EXPECT_EQ(history[0].text, "survives");
  expect_api_error(send_into(agent(), kTopicA, "gone"), 400,
                   "Bad Request: message thread not found");
}

}  // namespace
}  // namespace tas::fake
