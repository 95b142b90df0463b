// sendMessage: the returned Message, topics, replies, Telegram's error descriptions, and the rule
// that bots never see bots' messages.

#include "support/fake_telegram_fixture.hpp"
#include <gtest/gtest.h>

namespace tas::fake {
namespace {

using FakeTelegramSendMessage = FakeTelegramTest;

void expect_bad_request(const ApiResponse& response, std::string_view description) {
  EXPECT_EQ(response.status, 400);
  EXPECT_EQ(response.body.value("ok", true), false);
  EXPECT_EQ(response.body.value("error_code", 0), 400);
  EXPECT_EQ(response.body.value("description", ""), description);
}

std::int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

TEST_F(FakeTelegramSendMessage, ReturnsTheMessageWithTheBotAsItsSender) {
  const auto before = unix_now();
  const auto response = agent().call("sendMessage", {{"chat_id", kGroupId}, {"text", "hi all"}});
  ASSERT_EQ(response.status, 200) << response.body.dump();
  const auto& message = response.body["result"];
  EXPECT_GT(message["message_id"].get<std::int64_t>(), 0);
  EXPECT_EQ(message["from"]["id"], kAgentBotId);
  EXPECT_EQ(message["from"]["is_bot"], true);
  EXPECT_EQ(message["from"]["first_name"], "Agent");
  EXPECT_EQ(message["from"]["username"], kAgentBot);
  EXPECT_EQ(message["chat"]["id"], kGroupId);
  EXPECT_EQ(message["chat"]["type"], "group");
  EXPECT_EQ(message["chat"]["title"], "plain group");
  EXPECT_GE(message["date"].get<std::int64_t>(), before);
  EXPECT_LE(message["date"].get<std::int64_t>(), unix_now());
  EXPECT_EQ(message["text"], "hi all");
  EXPECT_FALSE(message.contains("message_thread_id"));
  EXPECT_FALSE(message.contains("is_topic_message"));
}

TEST_F(FakeTelegramSendMessage, MessageIdsIncreasePerChat) {
  const auto user = server_.send_as_user(kUserId, kGroupId, std::nullopt, "one");
  const auto bot = agent().call("sendMessage", {{"chat_id", kGroupId}, {"text", "two"}});
  const auto elsewhere = agent().call("sendMessage", {{"chat_id", kUserId}, {"text", "dm"}});
  EXPECT_EQ(bot.body["result"]["message_id"], user.message_id + 1);
  // Another chat counts on its own.
  EXPECT_EQ(elsewhere.body["result"]["message_id"], 1);
  EXPECT_EQ(elsewhere.body["result"]["chat"]["type"], "private");
  EXPECT_EQ(elsewhere.body["result"]["chat"]["first_name"], "Ada");
}

TEST_F(FakeTelegramSendMessage, AMessageIntoAForumTopicCarriesItsThread) {
  const auto response = agent().call(
      "sendMessage", {{"chat_id", kForumId}, {"text", "in topic"}, {"message_thread_id", kTopicB}});
  ASSERT_EQ(response.status, 200) << response.body.dump();
  EXPECT_EQ(response.body["result"]["message_thread_id"], kTopicB);
  EXPECT_EQ(response.body["result"]["is_topic_message"], true);
  EXPECT_EQ(response.body["result"]["chat"]["is_forum"], true);
  // Topic ids are the ids of their creation messages, so later messages number after them.
  EXPECT_GT(response.body["result"]["message_id"].get<std::int64_t>(), kTopicB);
}

TEST_F(FakeTelegramSendMessage, AnUnknownThreadIsMessageThreadNotFound) {
  expect_bad_request(
      agent().call("sendMessage",
                   {{"chat_id", kForumId}, {"text", "lost"}, {"message_thread_id", 12345}}),
      "Bad Request: message thread not found");
  expect_bad_request(
      agent().call("sendMessage",
                   {{"chat_id", kGroupId}, {"text", "lost"}, {"message_thread_id", kTopicA}}),
      "Bad Request: message thread not found");
}

TEST_F(FakeTelegramSendMessage, ErrorsUseTelegramsDescriptions) {
  expect_bad_request(agent().call("sendMessage", {{"text", "to nobody"}}),
                     "Bad Request: chat_id is empty");
  expect_bad_request(agent().call("sendMessage", {{"chat_id", ""}, {"text", "to nobody"}}),
                     "Bad Request: chat_id is empty");
  expect_bad_request(agent().call("sendMessage", {{"chat_id", kGroupId}}),
                     "Bad Request: message text is empty");
  expect_bad_request(agent().call("sendMessage", {{"chat_id", kGroupId}, {"text", ""}}),
                     "Bad Request: message text is empty");
  expect_bad_request(agent().call("sendMessage", {{"chat_id", -999}, {"text", "hello?"}}),
                     "Bad Request: chat not found");
  expect_bad_request(agent().call("sendMessage", {{"chat_id", "@nowhere"}, {"text", "hello?"}}),
                     "Bad Request: chat not found");
  expect_bad_request(
      agent().call("sendMessage", {{"chat_id", kGroupId}, {"text", std::string(4097, 'x')}}),
      "Bad Request: message is too long");
  EXPECT_EQ(
      agent().call("sendMessage", {{"chat_id", kGroupId}, {"text", std::string(4096, 'x')}}).status,
      200);
}

TEST_F(FakeTelegramSendMessage, ABotOutsideTheChatIsForbidden) {
  const auto response = other().call("sendMessage", {{"chat_id", kForumId}, {"text", "hi"}});
  EXPECT_EQ(response.status, 403);
  EXPECT_EQ(response.body["description"], "Forbidden: bot is not a member of the supergroup chat");
  server_.add_bot_to_chat(kForumId, kOtherBot);
  EXPECT_EQ(other().call("sendMessage", {{"chat_id", kForumId}, {"text", "hi"}}).status, 200);
}

TEST_F(FakeTelegramSendMessage, AReplyLandsInTheTopicOfTheMessageItAnswers) {
  const auto probe = server_.send_as_user(kUserId, kForumId, kTopicA, "question");
  const auto by_id = agent().call(
      "sendMessage",
      {{"chat_id", kForumId}, {"text", "answer"}, {"reply_to_message_id", probe.message_id}});
  ASSERT_EQ(by_id.status, 200) << by_id.body.dump();
  EXPECT_EQ(by_id.body["result"]["message_thread_id"], kTopicA);
  EXPECT_EQ(by_id.body["result"]["reply_to_message"]["message_id"], probe.message_id);
  EXPECT_EQ(by_id.body["result"]["reply_to_message"]["text"], "question");

  // reply_parameters, JSON-encoded as a string the way form encodings carry it.
  const auto by_parameters =
      agent().call("sendMessage",
                   {{"chat_id", kForumId},
                    {"text", "answer again"},
                    {"reply_parameters", nlohmann::json{{"message_id", probe.message_id}}.dump()}},
                   Encoding::kForm);
  ASSERT_EQ(by_parameters.status, 200) << by_parameters.body.dump();
  EXPECT_EQ(by_parameters.body["result"]["message_thread_id"], kTopicA);
}

TEST_F(FakeTelegramSendMessage, AReplyToAMissingMessageIs400UnlessAllowed) {
  expect_bad_request(
      agent().call("sendMessage",
                   {{"chat_id", kGroupId}, {"text", "re"}, {"reply_to_message_id", 999}}),
      "Bad Request: message to be replied not found");
  const auto allowed = agent().call("sendMessage", {{"chat_id", kGroupId},
                                                    {"text", "re"},
                                                    {"reply_to_message_id", 999},
                                                    {"allow_sending_without_reply", true}});
  EXPECT_EQ(allowed.status, 200);
  EXPECT_FALSE(allowed.body["result"].contains("reply_to_message"));
}

TEST_F(FakeTelegramSendMessage, BotsNeverSeeBotsMessagesButAllSeeTheUsers) {
  ASSERT_EQ(agent().call("sendMessage", {{"chat_id", kGroupId}, {"text", "from agent"}}).status,
            200);
  ASSERT_EQ(other().call("sendMessage", {{"chat_id", kGroupId}, {"text", "from other"}}).status,
            200);
  EXPECT_TRUE(agent().get_updates({}).body["result"].empty());
  EXPECT_TRUE(other().get_updates({}).body["result"].empty());

  server_.send_as_user(kUserId, kGroupId, std::nullopt, "from a person");
  for (const auto& bot : {agent(), other()}) {
    const auto updates = bot.get_updates({}).body["result"];
    ASSERT_EQ(updates.size(), 1U);
    EXPECT_EQ(updates[0]["message"]["text"], "from a person");
  }
  // Only members of the chat get it: other_bot is not in the forum.
  server_.send_as_user(kUserId, kForumId, kTopicA, "forum only");
  EXPECT_EQ(server_.counters(kOtherBot).pending_updates, 1);
  EXPECT_EQ(server_.counters(kAgentBot).pending_updates, 2);
}

}  // namespace
}  // namespace tas::fake
