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

}  // namespace
}  // namespace tas::fake
