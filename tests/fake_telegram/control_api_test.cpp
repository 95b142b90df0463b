// The user-side control API, in process and over HTTP; flood control; reset; prompt stop.

#include <thread>

#include "support/fake_telegram_fixture.hpp"
#include <gtest/gtest.h>
#include <httplib.h>

namespace tas::fake {
namespace {

using FakeTelegramControl = FakeTelegramTest;

TEST_F(FakeTelegramControl, BotMessagesAfterWaitsForTheBotsReply) {
  const auto probe = server_.send_as_user(kUserId, kForumId, kTopicA, "ping");
  auto replies = std::async(std::launch::async, [&] {
    return server_.bot_messages_after(kForumId, probe.message_id, kPatience);
  });
  // The bot answers from its own side of the fake, over HTTP, as an agent would.
  const auto sent = agent().call(
      "sendMessage", {{"chat_id", kForumId}, {"text", "pong"}, {"message_thread_id", kTopicA}});
  ASSERT_EQ(sent.status, 200);
  ASSERT_TRUE(resolves_within(replies, kPatience));
  const auto messages = replies.get();
  ASSERT_EQ(messages.size(), 1U);
  EXPECT_EQ(messages[0].text, "pong");
  EXPECT_EQ(messages[0].from.id, kAgentBotId);
  EXPECT_TRUE(messages[0].from.is_bot);
  EXPECT_EQ(messages[0].topic_id, kTopicA);
  EXPECT_EQ(messages[0].message_id, sent.body["result"]["message_id"].get<std::int64_t>());
}

TEST_F(FakeTelegramControl, BotMessagesAfterIsEmptyWhenTheTimeoutPasses) {
  const auto probe = server_.send_as_user(kUserId, kGroupId, std::nullopt, "anyone?");
  const auto started = std::chrono::steady_clock::now();
  // The user's own message is not a bot message, so it does not end the wait.
  const auto messages = server_.bot_messages_after(kGroupId, probe.message_id - 1, 200ms);
  EXPECT_TRUE(messages.empty());
  EXPECT_GE(std::chrono::steady_clock::now() - started, 200ms);
}

TEST_F(FakeTelegramControl, BotMessagesAfterShowsARepliesTopicSoAWrongOneIsVisible) {
  const auto probe = server_.send_as_user(kUserId, kForumId, kTopicA, "ping");
  ASSERT_EQ(agent()
                .call("sendMessage", {{"chat_id", kForumId},
                                      {"text", "pong, wrong topic"},
                                      {"message_thread_id", kTopicB}})
                .status,
            200);
  ASSERT_EQ(agent().call("sendMessage", {{"chat_id", kForumId}, {"text", "pong, general"}}).status,
            200);
  const auto messages = server_.bot_messages_after(kForumId, probe.message_id, kPatience);
  ASSERT_EQ(messages.size(), 2U);
  EXPECT_EQ(messages[0].topic_id, kTopicB);
  EXPECT_EQ(messages[1].topic_id, std::nullopt);
}

TEST_F(FakeTelegramControl, ChatHistoryHasEveryonesMessagesInOrder) {
  server_.send_as_user(kUserId, kGroupId, std::nullopt, "question");
  ASSERT_EQ(agent().call("sendMessage", {{"chat_id", kGroupId}, {"text", "answer"}}).status, 200);
  const auto history = server_.chat_history(kGroupId);
  ASSERT_EQ(history.size(), 2U);
  EXPECT_EQ(history[0].text, "question");
  EXPECT_FALSE(history[0].from.is_bot);
  EXPECT_EQ(history[1].text, "answer");
  EXPECT_LT(history[0].message_id, history[1].message_id);
}

TEST_F(FakeTelegramControl, MistakesAreErrorsThatSayWhatIsMissing) {
  const auto message_of = [](auto&& action) -> std::string {
    try {
      action();
    } catch (const FakeTelegramError& error) {
      return error.what();
    }
    return "(no error)";
  };
  EXPECT_NE(
      message_of([&] { server_.send_as_user(7, kGroupId, std::nullopt, "x"); }).find("no user 7"),
      std::string::npos);
  EXPECT_NE(
      message_of([&] { server_.send_as_user(kUserId, -5, std::nullopt, "x"); }).find("no chat -5"),
      std::string::npos);
  EXPECT_NE(
      message_of([&] { server_.send_as_user(kUserId, kForumId, 99, "x"); }).find("no topic 99"),
      std::string::npos);
  EXPECT_NE(message_of([&] { server_.add_bot_to_chat(kGroupId, "ghost_bot"); }).find("@ghost_bot"),
            std::string::npos);
  EXPECT_NE(message_of([&] { (void)server_.bot_messages_after(-5, 0, 0ms); }).find("no chat -5"),
            std::string::npos);
  EXPECT_THROW(
      server_.create_chat({.chat = {.id = -300, .type = "group", .title = "t"}, .topic_ids = {1}}),
      FakeTelegramError);
}

TEST_F(FakeTelegramControl, AMalformedTokenIsRefusedWithoutBeingRepeated) {
  const std::string secret = "not-a-token-SECRETVALUE";
  try {
    server_.register_bot({.token = secret, .username = "bad_bot"});
    FAIL() << "register_bot accepted a malformed token";
  } catch (const FakeTelegramError& error) {
    EXPECT_EQ(std::string(error.what()).find("SECRETVALUE"), std::string::npos) << error.what();
  }
  EXPECT_THROW(server_.register_bot({.token = kAgentToken, .username = "again_bot"}),
               FakeTelegramError);
}

TEST_F(FakeTelegramControl, InjectedFloodWaitAnswers429WithRetryAfter) {
  server_.inject_flood_wait(kAgentBot, /*retry_after_s=*/3, /*calls=*/2);
  for (int i = 0; i < 2; ++i) {
    const auto response = agent().call("sendMessage", {{"chat_id", kGroupId}, {"text", "spam"}});
    EXPECT_EQ(response.status, 429);
    EXPECT_EQ(response.body["error_code"], 429);
    EXPECT_EQ(response.body["description"], "Too Many Requests: retry after 3");
    EXPECT_EQ(response.body["parameters"]["retry_after"], 3);
  }
  EXPECT_EQ(agent().call("sendMessage", {{"chat_id", kGroupId}, {"text", "ok"}}).status, 200);
  EXPECT_EQ(server_.counters(kAgentBot).rate_limited, 2);
}

TEST_F(FakeTelegramControl, ResetForgetsEverythingAndReleasesParkedPolls) {
  auto parked = poll_async(kAgentToken, /*timeout_s=*/30);
  ASSERT_TRUE(server_.wait_for_parked(kAgentBot, 1, kPatience));
  server_.reset();
  ASSERT_TRUE(resolves_within(parked, kPatience));
  const auto answer = parked.get();
  EXPECT_EQ(answer.status, 200);
  EXPECT_TRUE(answer.body["result"].empty());

  EXPECT_EQ(agent().call("getMe").status, 401);
  EXPECT_TRUE(server_.all_counters().empty());
  populate(server_);  // the same world can be built again
  EXPECT_EQ(agent().call("getMe").status, 200);
}

TEST(FakeTelegramLifecycle, StopAnswersAParkedLongPollPromptly) {
  auto server = std::make_unique<FakeTelegramServer>();
  populate(*server);
  server->start();
  const BotApiClient agent({"127.0.0.1", server->port()}, kAgentToken);
  auto parked = std::async(std::launch::async, [&agent] {
    return agent.get_updates({{"timeout", 50}});  // Telegram's longest
  });
  ASSERT_TRUE(server->wait_for_parked(kAgentBot, 1, kPatience));

  const auto started = std::chrono::steady_clock::now();
  server->stop();
  EXPECT_LT(std::chrono::steady_clock::now() - started, 2s);
  ASSERT_TRUE(resolves_within(parked, kPatience));
  const auto answer = parked.get();
  EXPECT_EQ(answer.status, 200) << answer.body.dump();
  EXPECT_TRUE(answer.body["result"].empty());
  // Control calls after stop neither hang nor fail.
  EXPECT_TRUE(server->bot_messages_after(kGroupId, 0, kPatience).empty());
  server->stop();  // idempotent
}

TEST(FakeTelegramLifecycle, StopDoesNotWaitForAnIdleKeepAliveConnection) {
  FakeTelegramServer server;
  populate(server);
  server.start();
  // A client that keeps its connection open between calls, as agents' HTTP clients do.
  httplib::Client client("127.0.0.1", server.port());
  client.set_keep_alive(true);
  ASSERT_TRUE(client.Get(std::string("/bot") + kAgentToken + "/getMe"));

  const auto started = std::chrono::steady_clock::now();
  server.stop();
  // cpp-httplib alone would sit out its 5 s keep-alive timeout here.
  EXPECT_LT(std::chrono::steady_clock::now() - started, 2s);
}

TEST(FakeTelegramLifecycle, StartReportsABusyPort) {
  FakeTelegramServer first;
  first.start();
  FakeTelegramServer second({.port = first.port()});
  try {
    second.start();
    FAIL() << "two fakes bound the same port";
  } catch (const FakeTelegramError& error) {
    EXPECT_NE(std::string(error.what()).find(std::to_string(first.port())), std::string::npos)
        << error.what();
  }
  EXPECT_THROW(first.start(), FakeTelegramError);
  EXPECT_EQ(first.base_url(), "http://127.0.0.1:" + std::to_string(first.port()));
}

// --- the same operations over HTTP, for a fake running as its own process ---

class FakeTelegramHttpControl : public ::testing::Test {
 protected:
  void SetUp() override { server_.start(); }

  nlohmann::json ok(const std::string& path,
                    const nlohmann::json& body = nlohmann::json::object()) {
    const auto response = http().call("/_control/" + path, body, Encoding::kJson);
    EXPECT_EQ(response.status, 200) << path << ": " << response.body.dump();
    EXPECT_EQ(response.body.value("ok", false), true) << path;
    return response.body["result"];
  }
  [[nodiscard]] HttpClient http() const { return {"127.0.0.1", server_.port()}; }

  FakeTelegramServer server_;
};

TEST_F(FakeTelegramHttpControl, DrivesAWholeConversation) {
  const auto bot = ok("bots", {{"token", kAgentToken}, {"username", kAgentBot}});
  EXPECT_EQ(bot["id"], kAgentBotId);
  EXPECT_FALSE(bot.dump().find("AAbb") != std::string::npos) << "the token came back";
  ok("users", {{"id", kUserId}, {"first_name", "Ada"}});
  ok("chats", {{"id", kForumId}, {"title", "forum"}, {"is_forum", true}, {"topics", {kTopicA}}});
  ok("chat_members", {{"chat_id", kForumId}, {"bot", kAgentBot}});

  const auto probe = ok("send", {{"user_id", kUserId},
                                 {"chat_id", kForumId},
                                 {"message_thread_id", kTopicA},
                                 {"text", "ping"}});
  EXPECT_EQ(probe["message_thread_id"], kTopicA);
  EXPECT_EQ(probe["from"]["id"], kUserId);
  const auto probe_id = probe["message_id"].get<std::int64_t>();

  // The bot's side: it gets the update and replies.
  const BotApiClient agent(http(), kAgentToken);
  const auto updates = agent.get_updates({});
  ASSERT_EQ(updates.body["result"].size(), 1U);
  EXPECT_EQ(updates.body["result"][0]["message"]["message_id"], probe_id);

  // Blocking read over HTTP: started before the reply exists, answered when it does.
  auto replies = std::async(std::launch::async, [this, probe_id] {
    return http().call(
        "/_control/bot_messages",
        {{"chat_id", kForumId}, {"after_message_id", probe_id}, {"timeout_ms", 10000}},
        Encoding::kJson);
  });
  ASSERT_EQ(agent
                .call("sendMessage",
                      {{"chat_id", kForumId}, {"text", "pong"}, {"reply_to_message_id", probe_id}})
                .status,
            200);
  ASSERT_TRUE(resolves_within(replies, kPatience));
  const auto reply = replies.get();
  ASSERT_EQ(reply.status, 200) << reply.body.dump();
  ASSERT_EQ(reply.body["result"].size(), 1U);
  EXPECT_EQ(reply.body["result"][0]["text"], "pong");
  EXPECT_EQ(reply.body["result"][0]["message_thread_id"], kTopicA);

  EXPECT_EQ(ok("chat_history", {{"chat_id", kForumId}}).size(), 2U);
  const auto counters = ok("counters", {{"bot", kAgentBot}});
  EXPECT_EQ(counters["get_updates_calls"], 1);
  EXPECT_EQ(counters["send_message_calls"], 1);
  EXPECT_EQ(counters["conflicts"], 0);
  const auto by_query = http().call("/_control/counters", {{"bot", kAgentBot}}, Encoding::kQuery);
  EXPECT_EQ(by_query.body["result"]["send_message_calls"], 1);
  EXPECT_TRUE(ok("counters").contains(kAgentBot));
}

TEST_F(FakeTelegramHttpControl, BotMessagesTimesOutEmpty) {
  ok("users", {{"id", kUserId}, {"first_name", "Ada"}});
  ok("chats", {{"id", kGroupId}, {"type", "group"}, {"title", "quiet"}});
  const auto started = std::chrono::steady_clock::now();
  const auto result = ok("bot_messages", {{"chat_id", kGroupId}, {"timeout_ms", 300}});
  EXPECT_TRUE(result.empty());
  EXPECT_GE(std::chrono::steady_clock::now() - started, 300ms);
}

TEST_F(FakeTelegramHttpControl, WaitParkedFloodWaitAndReset) {
  ok("bots", {{"token", kAgentToken}, {"username", kAgentBot}});
  EXPECT_EQ(ok("wait_parked", {{"bot", kAgentBot}, {"count", 1}, {"timeout_ms", 50}})["reached"],
            false);
  const BotApiClient agent(http(), kAgentToken);
  auto parked = std::async(std::launch::async, [&agent] {
    return agent.get_updates({{"timeout", 30}});
  });
  EXPECT_EQ(ok("wait_parked", {{"bot", kAgentBot}, {"count", 1}, {"timeout_ms", 10000}})["reached"],
            true);

  ok("flood_wait", {{"bot", kAgentBot}, {"retry_after", 5}, {"calls", 1}});
  const auto limited = agent.call("getMe");
  EXPECT_EQ(limited.status, 429);
  EXPECT_EQ(limited.body["parameters"]["retry_after"], 5);

  ok("reset");
  ASSERT_TRUE(resolves_within(parked, kPatience));
  EXPECT_EQ(parked.get().status, 200);
  EXPECT_EQ(agent.call("getMe").status, 401);
}

TEST_F(FakeTelegramHttpControl, RefusalsAre400sThatSayWhy) {
  const auto unknown_user = http().call(
      "/_control/send", {{"user_id", 1}, {"chat_id", 2}, {"text", "x"}}, Encoding::kJson);
  EXPECT_EQ(unknown_user.status, 400);
  EXPECT_NE(unknown_user.body.value("description", "").find("no user 1"), std::string::npos);

  const auto missing_field = http().call("/_control/users", {{"id", 5}}, Encoding::kJson);
  EXPECT_EQ(missing_field.status, 400);
  EXPECT_NE(missing_field.body.value("description", "").find("first_name"), std::string::npos);

  const auto bad_token = http().call(
      "/_control/bots", {{"token", "SECRETVALUE"}, {"username", "x_bot"}}, Encoding::kJson);
  EXPECT_EQ(bad_token.status, 400);
  EXPECT_EQ(bad_token.body.dump().find("SECRETVALUE"), std::string::npos);

  // Stopping over HTTP is for the executable only: in process, the owner calls stop().
  EXPECT_EQ(http().call("/_control/stop", nlohmann::json::object(), Encoding::kJson).status, 404);
}

}  // namespace
}  // namespace tas::fake
