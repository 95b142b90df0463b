// The Bot API surface: URL shape, envelope, 401/404, case-insensitive methods, the four parameter
// encodings, getMe.

#include "support/fake_telegram_fixture.hpp"
#include <gtest/gtest.h>

namespace tas::fake {
namespace {

using FakeTelegramBotApi = FakeTelegramTest;

void expect_error(const ApiResponse& response, int code, std::string_view description) {
  EXPECT_EQ(response.status, code);
  ASSERT_TRUE(response.body.is_object()) << "status " << response.status;
  EXPECT_EQ(response.body.value("ok", true), false);
  EXPECT_EQ(response.body.value("error_code", 0), code);
  EXPECT_EQ(response.body.value("description", ""), description);
}

TEST_F(FakeTelegramBotApi, SuccessIsTheOkEnvelopeWithAResult) {
  const auto response = agent().call("getMe");
  EXPECT_EQ(response.status, 200);
  ASSERT_TRUE(response.body.is_object());
  EXPECT_EQ(response.body.value("ok", false), true);
  EXPECT_TRUE(response.body.contains("result"));
  EXPECT_FALSE(response.body.contains("error_code"));
}

TEST_F(FakeTelegramBotApi, GetMeNamesTheBotByTheNumericPartOfItsToken) {
  const auto me = agent().call("getMe").body["result"];
  EXPECT_EQ(me["id"], kAgentBotId);
  EXPECT_EQ(me["is_bot"], true);
  EXPECT_EQ(me["first_name"], "Agent");
  EXPECT_EQ(me["username"], kAgentBot);
}

TEST_F(FakeTelegramBotApi, AnUnregisteredTokenIs401Unauthorized) {
  const BotApiClient stranger(http(), "999999:NotRegisteredAnywhere_0123456789");
  const auto response = stranger.call("getMe");
  expect_error(response, 401, "Unauthorized");
  // The answer never repeats the token back.
  EXPECT_EQ(response.body.dump().find("NotRegistered"), std::string::npos);
  expect_error(BotApiClient(http(), "").call("getMe"), 401, "Unauthorized");
}

TEST_F(FakeTelegramBotApi, AnUnknownMethodIs404NotFound) {
  expect_error(agent().call("getMeNow"), 404, "Not Found");
  expect_error(agent().call("sendTelepathy", {{"chat_id", kGroupId}}), 404, "Not Found");
}

TEST_F(FakeTelegramBotApi, AnUnknownPathIs404InTheSameEnvelope) {
  expect_error(http().call("/favicon.ico", nlohmann::json::object(), Encoding::kQuery), 404,
               "Not Found");
  expect_error(http().call("/bot/", nlohmann::json::object(), Encoding::kJson), 401,
               "Unauthorized");
}

TEST_F(FakeTelegramBotApi, MethodNamesAreCaseInsensitive) {
  for (const auto* name : {"getMe", "getme", "GETME", "GeTmE"}) {
    EXPECT_EQ(agent().call(name).status, 200) << name;
  }
  const auto sent = agent().call("SENDMESSAGE", {{"chat_id", kGroupId}, {"text", "hello"}});
  EXPECT_EQ(sent.status, 200);
  EXPECT_EQ(agent().call("getupdates").status, 200);
}

TEST_F(FakeTelegramBotApi, AJsonBodyThatIsNotAnObjectIs400) {
  const auto response = http().call("/bot" + std::string(kAgentToken) + "/sendMessage",
                                    nlohmann::json::array({1, 2}), Encoding::kJson);
  EXPECT_EQ(response.status, 400);
  EXPECT_EQ(response.body.value("ok", true), false);
}

TEST_F(FakeTelegramBotApi, AnIntegerParameterThatIsNotAnIntegerIs400) {
  const auto response = agent().call("getUpdates", {{"offset", "soon"}}, Encoding::kForm);
  EXPECT_EQ(response.status, 400);
  EXPECT_NE(response.body.value("description", "").find("offset"), std::string::npos);
}

class FakeTelegramEncodings : public FakeTelegramTest,
                              public ::testing::WithParamInterface<Encoding> {};

TEST_P(FakeTelegramEncodings, SendMessageTakesItsParametersInEveryEncoding) {
  // In the string encodings the numbers arrive as text ("-200", "7"); JSON carries them typed.
  const auto response = agent().call(
      "sendMessage",
      {{"chat_id", kForumId}, {"text", "héllo & bye=1"}, {"message_thread_id", kTopicA}},
      GetParam());
  ASSERT_EQ(response.status, 200) << response.body.dump();
  const auto& message = response.body["result"];
  EXPECT_EQ(message["chat"]["id"], kForumId);
  EXPECT_EQ(message["text"], "héllo & bye=1");
  EXPECT_EQ(message["message_thread_id"], kTopicA);
}

TEST_P(FakeTelegramEncodings, GetUpdatesTakesNumbersAsStrings) {
  server_.send_as_user(kUserId, kGroupId, std::nullopt, "one");
  server_.send_as_user(kUserId, kGroupId, std::nullopt, "two");
  const auto response =
      agent().call("getUpdates", {{"limit", "1"}, {"timeout", "0"}, {"offset", "0"}}, GetParam());
  ASSERT_EQ(response.status, 200) << response.body.dump();
  ASSERT_EQ(response.body["result"].size(), 1U);
  EXPECT_EQ(response.body["result"][0]["message"]["text"], "one");
}

INSTANTIATE_TEST_SUITE_P(AllFour, FakeTelegramEncodings,
                         ::testing::Values(Encoding::kQuery, Encoding::kForm, Encoding::kJson,
                                           Encoding::kMultipart),
                         [](const ::testing::TestParamInfo<Encoding>& param_info) {
                           switch (param_info.param) {
                             case Encoding::kQuery:
                               return "QueryString";
                             case Encoding::kForm:
                               return "FormUrlEncoded";
                             case Encoding::kJson:
                               return "Json";
                             case Encoding::kMultipart:
                               return "Multipart";
                           }
                           return "Unknown";
                         });

}  // namespace
}  // namespace tas::fake
