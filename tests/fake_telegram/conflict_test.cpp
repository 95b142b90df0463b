// The 409 rules, the behaviour the lease exists for, and the webhook methods and counters that go
// with them (docs/fake-telegram.md, 'What it implements').

#include <string>

#include "loopback.hpp"
#include "processes.hpp"
#include "support/fake_telegram_fixture.hpp"
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <unistd.h>

namespace tas::fake {
namespace {

using FakeTelegramConflict = FakeTelegramTest;

constexpr const char* kOtherPollConflict =
    "Conflict: terminated by other getUpdates request; make sure that only one bot instance is "
    "running";
constexpr const char* kWebhookActiveConflict =
    "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete "
    "the "
    "webhook first";
constexpr const char* kSetWebhookConflict = "Conflict: terminated by setWebhook request";
constexpr const char* kHookUrl = "https://agent.example/hook";

void expect_conflict(const ApiResponse& response, std::string_view description) {
  EXPECT_EQ(response.status, 409);
  EXPECT_EQ(response.body.value("ok", true), false);
  EXPECT_EQ(response.body.value("error_code", 0), 409);
  EXPECT_EQ(response.body.value("description", ""), description);
}

TEST_F(FakeTelegramConflict, ANewerPollFailsTheOlderParkedOneWith409AndTakesItsPlace) {
  auto older = poll_async(kAgentToken, /*timeout_s=*/30);
  ASSERT_TRUE(server_.wait_for_parked(kAgentBot, 1, kPatience));

  auto newer = poll_async(kAgentToken, /*timeout_s=*/30);
  ASSERT_TRUE(resolves_within(older, kPatience));
  expect_conflict(older.get(), kOtherPollConflict);

  // The newer poll was not harmed: it is parked, and gets the next message.
  EXPECT_TRUE(server_.wait_for_parked(kAgentBot, 1, kPatience));
  EXPECT_FALSE(resolves_within(newer, 0ms));
  server_.send_as_user(kUserId, kGroupId, std::nullopt, "for the survivor");
  ASSERT_TRUE(resolves_within(newer, kPatience));
  const auto survivor = newer.get();
  ASSERT_EQ(survivor.status, 200);
  ASSERT_EQ(survivor.body["result"].size(), 1U);
  EXPECT_EQ(survivor.body["result"][0]["message"]["text"], "for the survivor");

  const auto counters = server_.counters(kAgentBot);
  EXPECT_EQ(counters.conflicts, 1);
  EXPECT_EQ(counters.get_updates_calls, 2);
  EXPECT_EQ(counters.parked_max, 1);  // Telegram never lets two wait at once
  EXPECT_EQ(counters.parked_now, 0);
  // The rule is per token: the other bot saw nothing of it.
  EXPECT_EQ(server_.counters(kOtherBot).conflicts, 0);
}

// A poller that dies while its long-poll is parked: its process ends, the kernel closes its
// connection. Returns once the request is sent; the caller waits for it to be parked.
class AbandonedPoll {
 public:
  AbandonedPoll(int port, std::string_view token) : fd_(test::connect_to_loopback(port)) {
    EXPECT_TRUE(fd_.valid()) << "cannot connect to 127.0.0.1:" << port;
    const std::string request = request_line_for(token);
    EXPECT_EQ(::send(fd_.get(), request.data(), request.size(), 0),
              static_cast<ssize_t>(request.size()));
  }

  // close() on loopback queues the FIN before it returns, so the fake can see it from then on.
  void hang_up() { fd_.reset(); }

 private:
  static std::string request_line_for(std::string_view token) {
    return "GET /bot" + std::string(token) +
           "/getUpdates?timeout=30 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  }
  UniqueFd fd_;
};

TEST_F(FakeTelegramConflict, APollWhoseClientHungUpIsDroppedWithoutA409) {
  AbandonedPoll dead(server_.port(), kAgentToken);
  ASSERT_TRUE(server_.wait_for_parked(kAgentBot, 1, kPatience));
  dead.hang_up();

  // The next poller is the only one with a client: nobody is there to be told "Conflict".
  auto newer = poll_async(kAgentToken, /*timeout_s=*/30);
  ASSERT_TRUE(tas::test::eventually(
      [&] {
        const auto counters = server_.counters(kAgentBot);
        return counters.get_updates_calls == 2 && counters.parked_now == 1;
      },
      kPatience))
      << "the newer poll did not park";
  server_.send_as_user(kUserId, kGroupId, std::nullopt, "for the poller that is there");
  ASSERT_TRUE(resolves_within(newer, kPatience));
  EXPECT_EQ(newer.get().status, 200);
  const auto counters = server_.counters(kAgentBot);
  EXPECT_EQ(counters.conflicts, 0);
  EXPECT_EQ(counters.get_updates_calls, 2);
  EXPECT_EQ(counters.parked_max, 1);
}

TEST_F(FakeTelegramConflict, AShortPollAlsoEndsTheParkedOne) {
  auto parked = poll_async(kAgentToken, /*timeout_s=*/30);
  ASSERT_TRUE(server_.wait_for_parked(kAgentBot, 1, kPatience));
  EXPECT_EQ(agent().get_updates({{"timeout", 0}}).status, 200);
  ASSERT_TRUE(resolves_within(parked, kPatience));
  expect_conflict(parked.get(), kOtherPollConflict);
  EXPECT_EQ(server_.counters(kAgentBot).parked_now, 0);
}

TEST_F(FakeTelegramConflict, GetUpdatesWhileAWebhookIsSetIs409) {
  const auto set = agent().call("setWebhook", {{"url", kHookUrl}});
  ASSERT_EQ(set.status, 200);
  EXPECT_EQ(set.body["result"], true);
  EXPECT_EQ(set.body["description"], "Webhook was set");

  expect_conflict(agent().get_updates({}), kWebhookActiveConflict);
  expect_conflict(agent().get_updates({{"timeout", 5}}), kWebhookActiveConflict);  // no parking
  EXPECT_EQ(server_.counters(kAgentBot).conflicts, 2);

  const auto deleted = agent().call("deleteWebhook");
  ASSERT_EQ(deleted.status, 200);
  EXPECT_EQ(deleted.body["description"], "Webhook was deleted");
  EXPECT_EQ(agent().get_updates({}).status, 200);
}

TEST_F(FakeTelegramConflict, SetWebhookFailsTheParkedPollWith409) {
  auto parked = poll_async(kAgentToken, /*timeout_s=*/30);
  ASSERT_TRUE(server_.wait_for_parked(kAgentBot, 1, kPatience));
  ASSERT_EQ(agent().call("setWebhook", {{"url", kHookUrl}}).status, 200);
  ASSERT_TRUE(resolves_within(parked, kPatience));
  expect_conflict(parked.get(), kSetWebhookConflict);
  EXPECT_EQ(server_.counters(kAgentBot).conflicts, 1);
  EXPECT_EQ(server_.counters(kAgentBot).parked_now, 0);
}

TEST_F(FakeTelegramConflict, GetWebhookInfoShowsTheUrlAndThePendingCount) {
  ASSERT_EQ(agent().call("setWebhook", {{"url", kHookUrl}}).status, 200);
  server_.send_as_user(kUserId, kGroupId, std::nullopt, "queued");
  const auto info = agent().call("getWebhookInfo");
  ASSERT_EQ(info.status, 200);
  EXPECT_EQ(info.body["result"]["url"], kHookUrl);
  EXPECT_EQ(info.body["result"]["has_custom_certificate"], false);
  EXPECT_EQ(info.body["result"]["pending_update_count"], 1);

  ASSERT_EQ(agent().call("deleteWebhook", {{"drop_pending_updates", true}}).status, 200);
  const auto after = agent().call("getWebhookInfo");
  EXPECT_EQ(after.body["result"]["url"], "");
  EXPECT_EQ(after.body["result"]["pending_update_count"], 0);
  EXPECT_EQ(agent().call("deleteWebhook").body["description"], "Webhook is already deleted");
}

TEST_F(FakeTelegramConflict, SetWebhookWantsAnHttpsUrl) {
  const auto response = agent().call("setWebhook", {{"url", "http://agent.example/hook"}});
  EXPECT_EQ(response.status, 400);
  EXPECT_EQ(response.body["description"],
            "Bad Request: bad webhook: An HTTPS URL must be provided for webhook");
  // An empty url removes the webhook, as at Telegram.
  ASSERT_EQ(agent().call("setWebhook", {{"url", kHookUrl}}).status, 200);
  ASSERT_EQ(agent().call("setWebhook", {{"url", ""}}).status, 200);
  EXPECT_EQ(agent().get_updates({}).status, 200);
}

TEST_F(FakeTelegramConflict, CountersCountEachTokensCalls) {
  for (int i = 0; i < 3; ++i)
    ASSERT_EQ(agent().get_updates({}).status, 200);
  ASSERT_EQ(other().call("sendMessage", {{"chat_id", kGroupId}, {"text", "x"}}).status, 200);
  server_.send_as_user(kUserId, kGroupId, std::nullopt, "pending");

  const auto agent_counters = server_.counters(kAgentBot);
  EXPECT_EQ(agent_counters.get_updates_calls, 3);
  EXPECT_EQ(agent_counters.send_message_calls, 0);
  EXPECT_EQ(agent_counters.conflicts, 0);
  EXPECT_EQ(agent_counters.parked_max, 0);  // timeout 0 never parks
  EXPECT_EQ(agent_counters.pending_updates, 1);
  EXPECT_EQ(server_.counters(kOtherBot).send_message_calls, 1);
  const auto all = server_.all_counters();
  EXPECT_EQ(all.size(), 2U);
  EXPECT_EQ(all.at(kAgentBot).get_updates_calls, 3);
  EXPECT_THROW((void)server_.counters("nobody_bot"), FakeTelegramError);
}

}  // namespace
}  // namespace tas::fake
