// The server: health, replies, and the three Telegram modes (docs/agent-contract.md) with the lines
// that tell them apart.

#include <sstream>

#include "agent_fixture.hpp"
#include "files.hpp"
#include "loopback.hpp"
#include "text.hpp"
#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>
#include <signal.h>
#include <unistd.h>

#include <tas/core/lease.hpp>
#include <tas/core/sha256.hpp>

namespace tas::reference_agent {
namespace {

constexpr std::string_view kFlagLine =
    "Telegram send-only mode (polling disabled by --no-telegram-poll)";
constexpr std::string_view kLeaseLine =
    "Telegram send-only mode (lifeline owns polling (lease detected))";
constexpr std::string_view kPollingLine = "Telegram polling mode (no lifeline lease)";

// The profile's demotion patterns, as the harness's verifier will use them.
struct DemotionPatterns {
  std::string lease_detected;
  std::string no_poll_flag;
};

DemotionPatterns profile_patterns() {
  const auto profile = test::read_json(TAS_REFERENCE_AGENT_PROFILE);
  return {profile.at("demotion").at("lease_detected").get<std::string>(),
          profile.at("demotion").at("no_poll_flag").get<std::string>()};
}

using ReferenceAgentServer = ReferenceAgentTest;

TEST_F(ReferenceAgentServer, AnswersHealthLogsTimestampedLinesAndStopsCleanlyOnSigterm) {
  config_["tokenFile"] = "";
  write_config();
  test::ChildProcess& server = start_server({});
  ASSERT_TRUE(wait_for_health(server));
  httplib::Client client("127.0.0.1", port_);
  const auto health = client.Get("/health");
  ASSERT_TRUE(health);
  EXPECT_EQ(nlohmann::json::parse(health->body), nlohmann::json({{"ok", true}}));
  ASSERT_TRUE(wait_for_server_log(server, "Telegram disabled (no token file)"));

  server.send_signal(SIGTERM);
  ExitStatus status;
  ASSERT_TRUE(wait_for_exit(server, status));
  EXPECT_TRUE(test::exited_with(status, 0)) << status.describe();
  const std::string log = server_log();
  EXPECT_TRUE(test::contains(log, "received SIGTERM; shutting down")) << log;
  // Every line starts with a UTC timestamp, and stdout carries the same lines as the file.
  std::istringstream lines(log);
  for (std::string line; std::getline(lines, line);) {
    ASSERT_GE(line.size(), 25u) << line;
    EXPECT_EQ(line[4], '-') << line;
    EXPECT_EQ(line[10], 'T') << line;
    EXPECT_EQ(line[23], 'Z') << line;
  }
  EXPECT_EQ(server.stdout_text(), log);
  EXPECT_EQ(stub_->get_updates_calls().size(), 0u);
}

TEST_F(ReferenceAgentServer, IsSendOnlyWhenStartedWithTheNoPollFlag) {
  test::ChildProcess& server = start_server({"--no-telegram-poll"});
  ASSERT_TRUE(wait_for_server_log(server, kFlagLine));
  ASSERT_TRUE(wait_for_health(server));
  EXPECT_TRUE(test::contains(server.stdout_text(), kFlagLine));
  const auto patterns = profile_patterns();
  EXPECT_TRUE(test::contains(server_log(), patterns.no_poll_flag));
  EXPECT_FALSE(test::contains(server_log(), patterns.lease_detected));
  EXPECT_FALSE(test::contains(server_log(), kPollingLine));
  // It still replies: a forwarded update is handled to the end before the answer.
  ASSERT_EQ(post_update({{"update_id", 1}, {"message", user_message(10, "hello", std::nullopt)}}),
            200);
  EXPECT_EQ(stub_->sent_messages().size(), 1u);
  EXPECT_EQ(stub_->get_updates_calls().size(), 0u);
}

TEST_F(ReferenceAgentServer, DemotesItselfWhenAFreshOwnedLeaseExists) {
  tas::lease::write_atomically(home_->state_dir(),
                               {::getpid(), token_hash(), tas::lease::now_ms(), 1});
  test::ChildProcess& server = start_server({});
  ASSERT_TRUE(wait_for_server_log(server, kLeaseLine));
  ASSERT_TRUE(wait_for_health(server));
  EXPECT_TRUE(test::contains(server.stdout_text(), kLeaseLine));
  const auto patterns = profile_patterns();
  EXPECT_TRUE(test::contains(server_log(), patterns.lease_detected));
  EXPECT_FALSE(test::contains(server_log(), patterns.no_poll_flag));
  EXPECT_FALSE(test::contains(server_log(), kPollingLine));
  ASSERT_EQ(post_update({{"update_id", 1}, {"message", user_message(10, "hello", std::nullopt)}}),
            200);
  EXPECT_EQ(stub_->get_updates_calls().size(), 0u);
}

TEST_F(ReferenceAgentServer, PollsItselfAndRepliesWhenNoLifelineOwnsTheLease) {
  test::ChildProcess& server = start_server({});
  ASSERT_TRUE(wait_for_server_log(server, kPollingLine));
  const auto patterns = profile_patterns();
  EXPECT_FALSE(test::contains(server_log(), patterns.lease_detected));
  EXPECT_FALSE(test::contains(server_log(), patterns.no_poll_flag));
  EXPECT_TRUE(test::contains(server_log(), "telegram-poll-owner.json: missing"));

  const auto update_id = stub_->push_message(user_message(31, "ping nonce-7f3a", 5));
  ASSERT_TRUE(wait_for_stub(
      server, [&] { return stub_->sent_count_locked() >= 1; }, "the server's reply"));
  const auto sent = stub_->sent_messages().at(0);
  EXPECT_EQ(sent.at("text"), "echo: ping nonce-7f3a");
  EXPECT_EQ(sent.at("message_thread_id"), 5);
  ASSERT_TRUE(wait_for_stub(
      server, [&] { return stub_->confirmed_locked(update_id); }, "the update's offset confirmed"));
  // The first tick does not wait: timeout 0, then long polls.
  const auto calls = stub_->get_updates_calls();
  EXPECT_EQ(calls.at(0).timeout_s, 0);
  EXPECT_EQ(calls.back().timeout_s, 5);
}

TEST_F(ReferenceAgentServer, PollsItselfWhenTheLeaseIsStaleOrForAnotherToken) {
  tas::lease::write_atomically(
      home_->state_dir(),
      {::getpid(), tas::sha256_hex("some other bot's token"), tas::lease::now_ms(), 1});
  test::ChildProcess& server = start_server({});
  ASSERT_TRUE(wait_for_server_log(server, kPollingLine));
  EXPECT_TRUE(test::contains(server_log(), "telegram-poll-owner.json: other-token"));

  tas::lease::write_atomically(home_->state_dir(),
                               {::getpid(), token_hash(), tas::lease::now_ms() - 91'000, 1});
  const int second_port = test::free_loopback_port();
  test::ChildProcess& second = start_server_on(second_port, {});
  ASSERT_TRUE(wait_for_log(second, home_->server_log(second_port), kPollingLine));
  EXPECT_TRUE(test::contains(test::read_text(home_->server_log(second_port)),
                             "telegram-poll-owner.json: stale"));
}

TEST_F(ReferenceAgentServer, RepliesWithTheEchoInTheSameChatAndTopic) {
  test::ChildProcess& server = start_server();
  ASSERT_TRUE(wait_for_health(server));
  const auto message = user_message(77, "test-as-self 2025-01-01T00:00:00Z nonce-1234", 9);
  ASSERT_EQ(post_update({{"update_id", 3}, {"message", message}}), 200);
  const auto sent = stub_->sent_messages();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].at("chat_id"), message.at("chat").at("id"));
  EXPECT_EQ(sent[0].at("message_thread_id"), 9);
  EXPECT_EQ(sent[0].at("reply_to_message_id"), 77);
  EXPECT_EQ(sent[0].at("text"), "echo: test-as-self 2025-01-01T00:00:00Z nonce-1234");

  // Outside a topic, the reply carries no thread.
  ASSERT_EQ(post_update({{"update_id", 4}, {"message", user_message(78, "plain", std::nullopt)}}),
            200);
  ASSERT_EQ(stub_->sent_messages().size(), 2u);
  EXPECT_FALSE(stub_->sent_messages()[1].contains("message_thread_id"));
}

TEST_F(ReferenceAgentServer, IgnoresBotsAndUpdatesWithoutText) {
  test::ChildProcess& server = start_server();
  ASSERT_TRUE(wait_for_health(server));
  auto from_bot = user_message(80, "I am a bot", std::nullopt);
  from_bot["from"]["is_bot"] = true;
  ASSERT_EQ(post_update({{"update_id", 5}, {"message", from_bot}}), 200);
  ASSERT_EQ(post_update({{"update_id", 6}, {"edited_message", user_message(81, "x", 2)}}), 200);
  EXPECT_EQ(stub_->sent_messages().size(), 0u);
  EXPECT_TRUE(test::contains(server_log(), "is from a bot; ignored"));
  EXPECT_EQ(post_update(nlohmann::json::array()), 400);
}

TEST_F(ReferenceAgentServer, TwoServersOnTwoPortsKeepSeparateLogs) {
  test::ChildProcess& first = start_server();
  const int second_port = test::free_loopback_port();
  test::ChildProcess& second = start_server_on(second_port, {"--no-telegram-poll"});
  ASSERT_TRUE(wait_for_health(first));
  ASSERT_TRUE(wait_for_health(second, 200, second_port));
  EXPECT_TRUE(test::contains(server_log(), "starting (port " + std::to_string(port_)));
  EXPECT_TRUE(
      test::contains(server_log(second_port), "starting (port " + std::to_string(second_port)));
  EXPECT_FALSE(test::contains(server_log(), "starting (port " + std::to_string(second_port)));
}

}  // namespace
}  // namespace tas::reference_agent
