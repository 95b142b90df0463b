// The lifeline: the sole poller, the lease writer (docs/agent-contract.md), the forwarder that
// confirms an update only once the server took it, and the 409 line the verifier scans for.

#include <chrono>

#include "agent_fixture.hpp"
#include "text.hpp"
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <signal.h>
#include <sys/stat.h>

#include <tas/core/lease.hpp>

namespace tas::reference_agent {
namespace {

using ReferenceAgentLifeline = ReferenceAgentTest;

TEST_F(ReferenceAgentLifeline, WritesAnOwnedLeaseAfterItsFirstPoll) {
  test::ChildProcess& lifeline = start_lifeline();
  ASSERT_TRUE(wait_for_lease(lifeline, tas::lease::Decision::owned));
  const auto verdict =
      tas::lease::read_and_decide(home_->state_dir(), token_hash(), tas::lease::now_ms());
  ASSERT_TRUE(verdict.lease);
  EXPECT_EQ(verdict.lease->pid, lifeline.pid());
  EXPECT_EQ(verdict.lease->token_hash, token_hash());
  struct stat info {};
  ASSERT_EQ(::stat(tas::lease::path_in(home_->state_dir()).c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  // The first getUpdates does not long-poll, so the lease is there at once.
  EXPECT_EQ(stub_->get_updates_calls().at(0).timeout_s, 0);
  // A server started without the flag now demotes itself.
  test::ChildProcess& server = start_server({});
  ASSERT_TRUE(wait_for_server_log(
      server, "Telegram send-only mode (lifeline owns polling (lease detected))"));
}

TEST_F(ReferenceAgentLifeline, ForwardsAnUpdateAndTheServerEchoesItInTheSameChatAndTopic) {
  test::ChildProcess& server = start_server({"--no-telegram-poll"});
  ASSERT_TRUE(wait_for_health(server));
  test::ChildProcess& lifeline = start_lifeline();
  ASSERT_TRUE(wait_for_lease(lifeline, tas::lease::Decision::owned));

  const auto message = user_message(501, "test-as-self 2025-02-03T04:05:06Z nonce-c0ffee", 42);
  const auto update_id = stub_->push_message(message);
  ASSERT_TRUE(wait_for_stub(
      lifeline, [&] { return stub_->sent_count_locked() >= 1; }, "the server's reply"));
  const auto sent = stub_->sent_messages().at(0);
  EXPECT_EQ(sent.at("chat_id"), message.at("chat").at("id"));
  EXPECT_EQ(sent.at("message_thread_id"), 42);
  EXPECT_EQ(sent.at("reply_to_message_id"), 501);
  EXPECT_EQ(sent.at("text"), "echo: test-as-self 2025-02-03T04:05:06Z nonce-c0ffee");
  ASSERT_TRUE(wait_for_stub(
      lifeline, [&] { return stub_->confirmed_locked(update_id); }, "the offset confirmed"));
  EXPECT_TRUE(test::contains(lifeline_log(), "update " + std::to_string(update_id) + " forwarded"));
  EXPECT_EQ(stub_->conflicts(), 0);
  EXPECT_FALSE(test::contains(server_log(), "getUpdates"));
}

TEST_F(ReferenceAgentLifeline, KeepsAnUpdateUnconfirmedUntilTheServerTakesIt) {
  const auto update_id = stub_->push_message(user_message(600, "early nonce-e4r1y", std::nullopt));
  test::ChildProcess& lifeline = start_lifeline();
  // The server is not up: the forward fails, is retried, and the offset stays unconfirmed.
  ASSERT_TRUE(wait_for_lifeline_log(lifeline, "forwarding update " + std::to_string(update_id) +
                                                  " to http://127.0.0.1:" + std::to_string(port_) +
                                                  "/telegram/update failed (attempt 2)"));
  EXPECT_FALSE(stub_->wait_until([&] { return stub_->confirmed_locked(update_id); }, 0ms));
  EXPECT_EQ(stub_->get_updates_calls().size(), 1u);

  test::ChildProcess& server = start_server({"--no-telegram-poll"});
  ASSERT_TRUE(wait_for_stub(
      server, [&] { return stub_->sent_count_locked() >= 1; }, "the reply after the retry"));
  EXPECT_EQ(stub_->sent_messages().at(0).at("text"), "echo: early nonce-e4r1y");
  ASSERT_TRUE(wait_for_stub(
      lifeline, [&] { return stub_->confirmed_locked(update_id); }, "the offset confirmed"));
  EXPECT_EQ(stub_->sent_messages().size(), 1u);
}

TEST_F(ReferenceAgentLifeline, Logs409ConflictWithItsDescriptionAndRecovers) {
  stub_->fail_next_get_updates_with_conflict(2);
  test::ChildProcess& lifeline = start_lifeline();
  ASSERT_TRUE(wait_for_lifeline_log(
      lifeline,
      "getUpdates failed: 409 Conflict: terminated by other getUpdates request; make sure that "
      "only one bot instance is running"));
  ASSERT_TRUE(wait_for_lease(lifeline, tas::lease::Decision::owned));
  EXPECT_EQ(stub_->conflicts(), 2);
}

TEST_F(ReferenceAgentLifeline, StopsPromptlyInTheMiddleOfALongPoll) {
  config_["pollTimeoutS"] = 50;
  write_config();
  test::ChildProcess& lifeline = start_lifeline();
  ASSERT_TRUE(wait_for_stub(
      lifeline, [&] { return stub_->get_updates_count_locked() >= 2; }, "a parked long poll"));
  EXPECT_EQ(stub_->get_updates_calls().at(1).timeout_s, 50);
  const auto asked = std::chrono::steady_clock::now();
  lifeline.send_signal(SIGTERM);
  ExitStatus status;
  ASSERT_TRUE(wait_for_exit(lifeline, status, 5s));
  EXPECT_TRUE(test::exited_with(status, 0)) << status.describe();
  EXPECT_LT(std::chrono::steady_clock::now() - asked, 3s);
  EXPECT_TRUE(test::contains(lifeline_log(), "received SIGTERM; shutting down"));
  EXPECT_TRUE(test::contains(lifeline_log(), "stopped"));
}

TEST_F(ReferenceAgentLifeline, ExitsZeroWithoutATokenFile) {
  config_["tokenFile"] = "";
  write_config();
  test::ChildProcess& lifeline = start_lifeline();
  ExitStatus status;
  ASSERT_TRUE(wait_for_exit(lifeline, status));
  EXPECT_TRUE(test::exited_with(status, 0)) << status.describe();
  EXPECT_TRUE(test::contains(lifeline.stdout_text(), "Telegram disabled (no token file)"));
  EXPECT_EQ(stub_->get_updates_calls().size(), 0u);
  EXPECT_FALSE(std::filesystem::exists(tas::lease::path_in(home_->state_dir())));
}

}  // namespace
}  // namespace tas::reference_agent
