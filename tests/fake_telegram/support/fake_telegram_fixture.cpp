#include "support/fake_telegram_fixture.hpp"

namespace tas::fake {

void populate(FakeTelegramServer& server) {
  server.register_bot({.token = kAgentToken, .username = kAgentBot, .first_name = "Agent"});
  server.register_bot({.token = kOtherToken, .username = kOtherBot, .first_name = "Other"});
  server.create_user({.id = kUserId, .first_name = "Ada", .username = "ada"});
  server.create_chat({.chat = {.id = kGroupId, .type = "group", .title = "plain group"},
                      .bot_usernames = {kAgentBot, kOtherBot}});
  server.create_chat({.chat = {.id = kForumId, .title = "forum", .is_forum = true},
                      .topic_ids = {kTopicA, kTopicB},
                      .bot_usernames = {kAgentBot}});
  server.create_chat(
      {.chat = {.id = kUserId, .type = "private", .title = "Ada"}, .bot_usernames = {kAgentBot}});
}

void expect_api_error(const ApiResponse& response, int code, std::string_view description) {
  EXPECT_EQ(response.status, code) << response.body.dump();
  EXPECT_EQ(response.body.value("ok", true), false);
  EXPECT_EQ(response.body.value("error_code", 0), code);
  EXPECT_EQ(response.body.value("description", ""), description);
}

nlohmann::json result_of(const ApiResponse& response) {
  EXPECT_EQ(response.status, 200) << response.body.dump();
  if (response.status != 200 || !response.body.is_object()) return nullptr;
  return response.body.value("result", nlohmann::json());
}

nlohmann::json take_updates(const BotApiClient& bot) {
  auto updates = result_of(bot.get_updates({}));
  if (updates.is_array() && !updates.empty()) {
    // Confirms them, so the next call sees only what came later.
    const auto last = updates.back()["update_id"].get<std::int64_t>();
    (void)bot.get_updates({{"offset", last + 1}, {"limit", 1}, {"timeout", 0}});
  }
  return updates;
}

void FakeTelegramTest::SetUp() {
  populate(server_);
  server_.start();
}

std::future<ApiResponse> FakeTelegramTest::poll_async(const char* token, int timeout_s,
                                                      std::int64_t offset) const {
  BotApiClient client(http(), token);
  return std::async(std::launch::async, [client, timeout_s, offset] {
    return client.get_updates({{"timeout", timeout_s}, {"offset", offset}});
  });
}

}  // namespace tas::fake
