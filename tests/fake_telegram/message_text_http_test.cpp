// Message text over real HTTP: UTF-8 checks that keep bad bytes out of the world, the entities a
// user's message carries, parse_mode on sendMessage and Telegram's limits and error texts.

#include "support/fake_telegram_fixture.hpp"
#include <gtest/gtest.h>
#include <httplib.h>

namespace tas::fake {
namespace {

using FakeTelegramMessageText = FakeTelegramTest;

constexpr const char* kInvalidUtf8 = "caf\xC3 au lait";  // a lead byte without its continuation

void expect_bad_request(const ApiResponse& response, std::string_view description) {
  EXPECT_EQ(response.status, 400) << response.body.dump();
  EXPECT_EQ(response.body.value("ok", true), false);
  EXPECT_EQ(response.body.value("description", ""), description);
}

TEST_F(FakeTelegramMessageText, InvalidUtf8FromABotIsRefusedAndNothingIsStored) {
  // Form encoding carries raw bytes; JSON could not.
  expect_bad_request(
      agent().call("sendMessage", {{"chat_id", kGroupId}, {"text", kInvalidUtf8}}, Encoding::kForm),
      "Bad Request: strings must be encoded in UTF-8");
  expect_bad_request(
      agent().call("sendMessage",
                   {{"chat_id", kGroupId}, {"text", kInvalidUtf8}, {"parse_mode", "HTML"}},
                   Encoding::kForm),
      "Bad Request: text must be encoded in UTF-8");
  EXPECT_TRUE(server_.chat_history(kGroupId).empty());
  // The chat still reads, over HTTP too.
  const auto history =
      http().call("/_control/chat_history", {{"chat_id", kGroupId}}, Encoding::kJson);
  EXPECT_EQ(history.status, 200) << history.body.dump();
}

TEST_F(FakeTelegramMessageText, InvalidUtf8FromAUserIsRefusedAndNothingIsDelivered) {
  EXPECT_THROW(server_.send_as_user(kUserId, kGroupId, std::nullopt, kInvalidUtf8),
               FakeTelegramError);
  // Over HTTP a JSON body cannot carry it, but the query string can.
  httplib::Client client("127.0.0.1", server_.port());
  const auto response = client.Post(
      "/_control/send?text=caf%C3%20au%20lait",
      nlohmann::json{{"user_id", kUserId}, {"chat_id", kGroupId}}.dump(), "application/json");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 400);
  EXPECT_NE(response->body.find("UTF-8"), std::string::npos) << response->body;
  EXPECT_TRUE(server_.chat_history(kGroupId).empty());
  const auto updates = agent().get_updates({});
  EXPECT_EQ(updates.status, 200) << updates.body.dump();
  EXPECT_EQ(updates.body.value("result", nlohmann::json()), nlohmann::json::array());
}

TEST_F(FakeTelegramMessageText, AUsersCommandReachesTheBotWithItsBotCommandEntity) {
  server_.send_as_user(kUserId, kGroupId, std::nullopt, "/start@agent_bot hello");
  server_.send_as_user(kUserId, kGroupId, std::nullopt, "just words");
  const auto updates = agent().get_updates({});
  ASSERT_EQ(updates.status, 200) << updates.body.dump();
  ASSERT_EQ(updates.body["result"].size(), 2U);
  const auto& command = updates.body["result"][0]["message"];
  EXPECT_EQ(command["entities"],
            nlohmann::json::parse(R"([{"type":"bot_command","offset":0,"length":16}])"));
  // Telegram leaves `entities` out rather than sending an empty array.
  EXPECT_FALSE(updates.body["result"][1]["message"].contains("entities"));
}

TEST_F(FakeTelegramMessageText, TheControlApiShowsEntitiesAndOffsetsInUtf16) {
  const auto sent = http().call(
      "/_control/send", {{"user_id", kUserId}, {"chat_id", kGroupId}, {"text", "😀 /help and #tag"}},
      Encoding::kJson);
  ASSERT_EQ(sent.status, 200) << sent.body.dump();
  EXPECT_EQ(sent.body["result"]["entities"],
            nlohmann::json::parse(R"([{"type":"bot_command","offset":3,"length":5},
                                      {"type":"hashtag","offset":13,"length":4}])"));
}

TEST_F(FakeTelegramMessageText, SendMessageParsesHtmlIntoTextAndEntities) {
  const auto response =
      agent().call("sendMessage", {{"chat_id", kGroupId},
                                   {"text", "<b>Hi</b> <a href=\"tg://user?id=42\">Ada</a>"},
                                   {"parse_mode", "HTML"}});
  ASSERT_EQ(response.status, 200) << response.body.dump();
  const auto& message = response.body["result"];
  EXPECT_EQ(message["text"], "Hi Ada");
  // A text_mention shows the person the fake knows by that id.
  EXPECT_EQ(message["entities"], nlohmann::json::parse(R"([
      {"type":"bold","offset":0,"length":2},
      {"type":"text_mention","offset":3,"length":3,
       "user":{"id":42,"is_bot":false,"first_name":"Ada","username":"ada"}}])"));
  // What the harness reads is what the bot was told.
  const auto stored = server_.chat_history(kGroupId).back();
  EXPECT_EQ(stored.text, "Hi Ada");
  EXPECT_EQ(stored.entities.size(), 2U);
}

TEST_F(FakeTelegramMessageText, SendMessageTakesParseModeAndEntitiesInEveryEncoding) {
  for (const auto encoding :
       {Encoding::kQuery, Encoding::kForm, Encoding::kJson, Encoding::kMultipart}) {
    SCOPED_TRACE(::testing::PrintToString(encoding));
    const auto parsed = agent().call(
        "sendMessage", {{"chat_id", kGroupId}, {"text", "*done*"}, {"parse_mode", "MarkdownV2"}},
        encoding);
    ASSERT_EQ(parsed.status, 200) << parsed.body.dump();
    EXPECT_EQ(parsed.body["result"]["text"], "done");
    const auto given = agent().call(
        "sendMessage",
        {{"chat_id", kGroupId},
         {"text", "done"},
         {"entities", nlohmann::json::parse(R"([{"type":"italic","offset":0,"length":4}])")}},
        encoding);
    ASSERT_EQ(given.status, 200) << given.body.dump();
    EXPECT_EQ(given.body["result"]["entities"],
              nlohmann::json::parse(R"([{"type":"italic","offset":0,"length":4}])"));
  }
}

TEST_F(FakeTelegramMessageText, MalformedMarkupIsRefusedWithTelegramsDescription) {
  expect_bad_request(
      agent().call(
          "sendMessage",
          {{"chat_id", kGroupId}, {"text", "Done. 1.5 MB!"}, {"parse_mode", "MarkdownV2"}}),
      "Bad Request: can't parse entities: Character '.' is reserved and must be escaped with the "
      "preceding '\\'");
  expect_bad_request(
      agent().call("sendMessage",
                   {{"chat_id", kGroupId}, {"text", "<b>open"}, {"parse_mode", "HTML"}}),
      "Bad Request: can't parse entities: Can't find end tag corresponding to start tag \"b\"");
  expect_bad_request(
      agent().call("sendMessage",
                   {{"chat_id", kGroupId}, {"text", "snake_case"}, {"parse_mode", "Markdown"}}),
      "Bad Request: can't parse entities: Can't find end of the entity starting at byte offset 5");
  expect_bad_request(
      agent().call("sendMessage", {{"chat_id", kGroupId}, {"text", "x"}, {"parse_mode", "bbcode"}}),
      "Bad Request: unsupported parse_mode");
  expect_bad_request(
      agent().call("sendMessage",
                   {{"chat_id", kGroupId}, {"text", "<i></i>"}, {"parse_mode", "HTML"}}),
      "Bad Request: text must be non-empty");
  EXPECT_TRUE(server_.chat_history(kGroupId).empty());
}

TEST_F(FakeTelegramMessageText, TheLengthLimitCountsTheTextAfterParsing) {
  const std::string x4096(4096, 'x');
  EXPECT_EQ(
      agent()
          .call("sendMessage",
                {{"chat_id", kGroupId}, {"text", "<b>" + x4096 + "</b>"}, {"parse_mode", "HTML"}})
          .status,
      200);
  std::string emoji;
  for (int i = 0; i < 2049; ++i)
    emoji += "😀";
  expect_bad_request(agent().call("sendMessage", {{"chat_id", kGroupId}, {"text", emoji}}),
                     "Bad Request: message is too long");
  EXPECT_THROW(server_.send_as_user(kUserId, kGroupId, std::nullopt, emoji), FakeTelegramError);
}

}  // namespace
}  // namespace tas::fake
