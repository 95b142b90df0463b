// getUpdates: updates from users, confirmation by offset, limit, long-polling, and the CPU cost of
// a parked poll.

#include "process_usage.hpp"
#include "support/fake_telegram_fixture.hpp"
#include <gtest/gtest.h>
#include <httplib.h>

namespace tas::fake {
namespace {

using FakeTelegramGetUpdates = FakeTelegramTest;

std::vector<std::string> texts_of(const ApiResponse& response) {
  std::vector<std::string> texts;
  for (const auto& update : response.body["result"]) {
    texts.push_back(update["message"]["text"].get<std::string>());
  }
  return texts;
}

TEST_F(FakeTelegramGetUpdates, AUserMessageBecomesAnUpdateCarryingTheMessage) {
  const auto sent = server_.send_as_user(kUserId, kForumId, kTopicA, "hello bot");
  const auto response = agent().get_updates({});
  ASSERT_EQ(response.status, 200);
  ASSERT_EQ(response.body["result"].size(), 1U);
  const auto& update = response.body["result"][0];
  EXPECT_TRUE(update["update_id"].is_number_integer());
  const auto& message = update["message"];
  EXPECT_EQ(message["message_id"], sent.message_id);
  EXPECT_EQ(message["text"], "hello bot");
  EXPECT_EQ(message["from"]["id"], kUserId);
  EXPECT_EQ(message["from"]["is_bot"], false);
  EXPECT_EQ(message["chat"]["id"], kForumId);
  EXPECT_EQ(message["chat"]["type"], "supergroup");
  EXPECT_EQ(message["message_thread_id"], kTopicA);
  EXPECT_EQ(message["is_topic_message"], true);
}

TEST_F(FakeTelegramGetUpdates, UpdatesStayUntilALaterCallConfirmsThemWithAnOffset) {
  server_.send_as_user(kUserId, kGroupId, std::nullopt, "first");
  server_.send_as_user(kUserId, kGroupId, std::nullopt, "second");

  const auto unconfirmed = agent().get_updates({});
  ASSERT_EQ(texts_of(unconfirmed), (std::vector<std::string>{"first", "second"}));
  // Reading is not confirming: the same updates come again.
  EXPECT_EQ(texts_of(agent().get_updates({})), texts_of(unconfirmed));

  const auto first_id = unconfirmed.body["result"][0]["update_id"].get<std::int64_t>();
  EXPECT_EQ(texts_of(agent().get_updates({{"offset", first_id + 1}})),
            (std::vector<std::string>{"second"}));
  // Confirmed for good: offset 0 does not bring "first" back.
  EXPECT_EQ(texts_of(agent().get_updates({})), (std::vector<std::string>{"second"}));
  EXPECT_TRUE(texts_of(agent().get_updates({{"offset", first_id + 2}})).empty());
  EXPECT_EQ(server_.counters(kAgentBot).pending_updates, 0);
}

TEST_F(FakeTelegramGetUpdates, LimitCapsTheBatch) {
  for (const auto* text : {"a", "b", "c"})
    server_.send_as_user(kUserId, kGroupId, std::nullopt, text);
  EXPECT_EQ(texts_of(agent().get_updates({{"limit", 2}})), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(texts_of(agent().get_updates({{"limit", 1}})), (std::vector<std::string>{"a"}));
  // Out of range is clamped, as Telegram does: 0 means the default of 100.
  EXPECT_EQ(agent().get_updates({{"limit", 0}}).body["result"].size(), 3U);
  EXPECT_EQ(agent().get_updates({{"limit", 1000}}).body["result"].size(), 3U);
}

TEST_F(FakeTelegramGetUpdates, ANegativeOffsetKeepsOnlyTheLastUpdates) {
  for (const auto* text : {"a", "b", "c"})
    server_.send_as_user(kUserId, kGroupId, std::nullopt, text);
  EXPECT_EQ(texts_of(agent().get_updates({{"offset", -1}})), (std::vector<std::string>{"c"}));
  EXPECT_EQ(texts_of(agent().get_updates({})), (std::vector<std::string>{"c"}));
}

TEST_F(FakeTelegramGetUpdates, AllowedUpdatesWithoutMessageKeepsMessagesAway) {
  ASSERT_EQ(agent()
                .call("getUpdates", {{"allowed_updates", R"(["callback_query"])"}}, Encoding::kForm)
                .status,
            200);
  server_.send_as_user(kUserId, kGroupId, std::nullopt, "not for you");
  EXPECT_TRUE(agent().get_updates({}).body["result"].empty());
  // The setting persists until changed, as at Telegram; an empty list means every kind again.
  ASSERT_EQ(agent().get_updates({{"allowed_updates", nlohmann::json::array()}}).status, 200);
  server_.send_as_user(kUserId, kGroupId, std::nullopt, "for you");
  EXPECT_EQ(texts_of(agent().get_updates({})), (std::vector<std::string>{"for you"}));
}

TEST_F(FakeTelegramGetUpdates, ALongPollReturnsAsSoonAsAnUpdateArrives) {
  auto poll = poll_async(kAgentToken, /*timeout_s=*/30);
  ASSERT_TRUE(server_.wait_for_parked(kAgentBot, 1, kPatience));
  EXPECT_FALSE(resolves_within(poll, 0ms)) << "answered while nothing had happened";

  server_.send_as_user(kUserId, kGroupId, std::nullopt, "wake up");
  // Far sooner than the 30 s the poll would otherwise wait.
  ASSERT_TRUE(resolves_within(poll, kPatience));
  const auto response = poll.get();
  ASSERT_EQ(response.status, 200);
  EXPECT_EQ(texts_of(response), (std::vector<std::string>{"wake up"}));
  EXPECT_EQ(server_.counters(kAgentBot).parked_now, 0);
}

TEST_F(FakeTelegramGetUpdates, ALongPollWithNothingToSayAnswersEmptyAtItsTimeout) {
  const auto started = std::chrono::steady_clock::now();
  const auto response = agent().get_updates({{"timeout", 1}});
  const auto waited = std::chrono::steady_clock::now() - started;
  ASSERT_EQ(response.status, 200);
  EXPECT_TRUE(response.body["result"].is_array());
  EXPECT_TRUE(response.body["result"].empty());
  EXPECT_GE(waited, 1s);  // it did park for its timeout
  EXPECT_EQ(server_.counters(kAgentBot).parked_max, 1);
}

TEST_F(FakeTelegramGetUpdates, AnIdleParkedLongPollCostsNoCpu) {
  // An agent's HTTP client also keeps its connection open between calls; that must be free too.
  httplib::Client keep_alive("127.0.0.1", server_.port());
  keep_alive.set_keep_alive(true);
  ASSERT_TRUE(keep_alive.Get(std::string("/bot") + kAgentToken + "/getMe"));

  auto poll = poll_async(kAgentToken, /*timeout_s=*/2);
  ASSERT_TRUE(server_.wait_for_parked(kAgentBot, 1, kPatience));
  const auto before = test::process_usage();
  ASSERT_TRUE(resolves_within(poll, kPatience));
  const auto after = test::process_usage();
  ASSERT_EQ(poll.get().status, 200);

  // Over the ~2 s the poll sat parked, the whole process (client threads, server workers, listener)
  // must have slept: a sleep-and-check loop, even a cheap one, would show as hundreds of voluntary
  // context switches and measurable CPU time.
  const auto cpu = std::chrono::duration_cast<std::chrono::microseconds>(after.cpu - before.cpu);
  const auto switches = after.voluntary_switches - before.voluntary_switches;
  RecordProperty("cpu_us", static_cast<int>(cpu.count()));
  RecordProperty("voluntary_switches", static_cast<int>(switches));
  EXPECT_LT(cpu, 50ms);
  EXPECT_LT(switches, 30);
}

}  // namespace
}  // namespace tas::fake
