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
