// Each fault switch at process level: the failure it stands for really happens, in the form the
// harness must catch (a decoded signal, a crash signature on stderr, a lease in a given state, a
// reply the round-trip must reject, a process that outlives its parent).

#include <sstream>

#include "agent_fixture.hpp"
#include "files.hpp"
#include "processes.hpp"
#include "signal_masks.hpp"
#include "text.hpp"
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <signal.h>
#include <unistd.h>

#include <tas/core/lease.hpp>

namespace tas::reference_agent {
namespace {

using nlohmann::json;

using ReferenceAgentFaults = ReferenceAgentTest;

TEST_F(ReferenceAgentFaults, CrashAtStartSegfaultDiesBySigsegvAfterANormalLogLine) {
  set_faults({{"crashAtStart", {{"process", "server"}, {"kind", "segfault"}}}});
  test::ChildProcess& server = start_server();
  ExitStatus status;
  ASSERT_TRUE(wait_for_exit(server, status));
  EXPECT_TRUE(test::killed_by(status, SIGSEGV)) << status.describe();
  const std::string log = server_log();
  const auto starting = log.find("reference-agent-server " TAS_REFERENCE_AGENT_VERSION " starting");
  const auto crashing = log.find("crashAtStart fault: crashing now (segfault)");
  ASSERT_NE(starting, std::string::npos) << log;
  ASSERT_NE(crashing, std::string::npos) << log;
  EXPECT_LT(starting, crashing);
}

TEST_F(ReferenceAgentFaults, CrashAtStartAbortDiesBySigabrt) {
  set_faults({{"crashAtStart", {{"process", "lifeline"}, {"kind", "abort"}}}});
  // The server is not the process named: it runs normally.
  test::ChildProcess& server = start_server();
  ASSERT_TRUE(wait_for_health(server));
  test::ChildProcess& lifeline = start_lifeline();
  ExitStatus status;
  ASSERT_TRUE(wait_for_exit(lifeline, status));
  EXPECT_TRUE(test::killed_by(status, SIGABRT)) << status.describe();
  EXPECT_TRUE(test::contains(lifeline_log(), "crashAtStart fault: crashing now (abort)"));
  EXPECT_FALSE(server.poll()) << "the server crashed too";
}

TEST_F(ReferenceAgentFaults, CrashAtStartOomPrintsTheBadAllocTerminateMessageAndDiesBySigabrt) {
  set_faults({{"crashAtStart", {{"process", "server"}, {"kind", "oom"}}}});
  test::ChildProcess& server = start_server();
  ExitStatus status;
  ASSERT_TRUE(wait_for_exit(server, status));
  EXPECT_TRUE(test::killed_by(status, SIGABRT)) << status.describe();
  const std::string stderr_text = server.stderr_text();
  EXPECT_TRUE(test::contains(stderr_text,
                             "terminate called after throwing an instance of 'std::bad_alloc'"))
      << stderr_text;
  EXPECT_TRUE(test::contains(stderr_text, "what():  std::bad_alloc")) << stderr_text;
}

TEST_F(ReferenceAgentFaults, CrashAfterSecondsRunsNormallyThenDies) {
  set_faults({{"crashAfterS", {{"process", "server"}, {"seconds", 1.5}, {"kind", "oom"}}}});
  test::ChildProcess& server = start_server();
  ASSERT_TRUE(wait_for_server_log(server, "crashAfterS fault: crashing (oom) in 1500 ms"));
  ExitStatus status;
  ASSERT_TRUE(wait_for_exit(server, status));
  EXPECT_TRUE(test::killed_by(status, SIGABRT)) << status.describe();
  const std::string log = server_log();
  const auto listening = log.find("listening on http://127.0.0.1:");
  const auto crashing = log.find("crashAfterS fault: crashing now (oom)");
  ASSERT_NE(listening, std::string::npos) << log;
  ASSERT_NE(crashing, std::string::npos) << log;
  EXPECT_LT(listening, crashing);
  EXPECT_TRUE(test::contains(server.stderr_text(), "std::bad_alloc"));
}

TEST_F(ReferenceAgentFaults, NeverHealthyAnswers503) {
  set_faults({{"neverHealthy", true}});
  test::ChildProcess& server = start_server();
  ASSERT_TRUE(wait_for_health(server, 503));
  EXPECT_EQ(http_get_status(port_, "/health"), 503);
}

TEST_F(ReferenceAgentFaults, NoLeasePollsWithoutWritingTheLease) {
  set_faults({{"noLease", true}});
  test::ChildProcess& lifeline = start_lifeline();
  // The second getUpdates starts only after the first one's heartbeat would have been written.
  ASSERT_TRUE(wait_for_stub(
      lifeline, [&] { return stub_->get_updates_count_locked() >= 2; }, "a second getUpdates"));
  EXPECT_EQ(
      tas::lease::read_and_decide(home_->state_dir(), token_hash(), tas::lease::now_ms()).decision,
      tas::lease::Decision::missing);
}

TEST_F(ReferenceAgentFaults, StaleLeaseIsDecidedStale) {
  set_faults({{"staleLease", true}});
  test::ChildProcess& lifeline = start_lifeline();
  ASSERT_TRUE(wait_for_lease(lifeline, tas::lease::Decision::stale));
  const auto verdict =
      tas::lease::read_and_decide(home_->state_dir(), token_hash(), tas::lease::now_ms());
  EXPECT_GE(verdict.age_ms, 119'000);
  // A server started without the flag is not fooled by it.
  test::ChildProcess& server = start_server({});
  ASSERT_TRUE(wait_for_server_log(server, "Telegram polling mode (no lifeline lease)"));
}

TEST_F(ReferenceAgentFaults, RawTokenInLeaseIsDecidedWrongShapeAndHoldsTheToken) {
  set_faults({{"rawTokenInLease", true}});
  test::ChildProcess& lifeline = start_lifeline();
  ASSERT_TRUE(wait_for_lease(lifeline, tas::lease::Decision::wrong_shape));
  const std::string content = test::read_text(tas::lease::path_in(home_->state_dir()));
  EXPECT_TRUE(test::contains(content, kCanaryToken));
  EXPECT_EQ(tas::lease::decide(content, token_hash(), tas::lease::now_ms()).decision,
            tas::lease::Decision::wrong_shape);
  // The token is in the lease (the fault), never in a log.
  EXPECT_FALSE(test::contains(lifeline_log(), kCanaryToken));
}

TEST_F(ReferenceAgentFaults, NoDemotionMakesTheServerPollBesideTheLifelineAndProvokes409s) {
  set_faults({{"noDemotion", true}});
  test::ChildProcess& lifeline = start_lifeline();
  ASSERT_TRUE(wait_for_lease(lifeline, tas::lease::Decision::owned));
  test::ChildProcess& server = start_server({});
  ASSERT_TRUE(wait_for_server_log(server, "Telegram polling mode (no lifeline lease)"));
  EXPECT_FALSE(test::contains(server_log(), "lease detected"));
  ASSERT_TRUE(wait_for_stub(
      server, [&] { return stub_->conflicts_locked() >= 1; }, "a 409 Conflict"));
  // Whichever poller was parked first got the 409, and said so.
  EXPECT_TRUE(tas::test::eventually(
      [&] {
        return test::contains(lifeline_log() + server_log(), "getUpdates failed: 409 Conflict:");
      },
      kWait))
      << "neither poller logged its 409";
}

TEST_F(ReferenceAgentFaults, NoReplySendsNothing) {
  set_faults({{"noReply", true}});
  test::ChildProcess& server = start_server();
  ASSERT_TRUE(wait_for_health(server));
  // The server answers only once the update was handled, reply included: nothing can come later.
  ASSERT_EQ(post_update({{"update_id", 1}, {"message", user_message(1, "nonce-n0", 3)}}), 200);
  EXPECT_TRUE(stub_->sent_messages().empty());
  EXPECT_TRUE(test::contains(server_log(), "not replying (noReply fault)"));
}

TEST_F(ReferenceAgentFaults, ReplyWithoutNonceSendsAReplyThatLacksIt) {
  set_faults({{"replyWithoutNonce", true}});
  test::ChildProcess& server = start_server();
  ASSERT_TRUE(wait_for_health(server));
  ASSERT_EQ(post_update({{"update_id", 1}, {"message", user_message(1, "nonce-n1", 3)}}), 200);
  const auto sent = stub_->sent_messages();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].at("text"), "got your message");
  EXPECT_EQ(sent[0].at("message_thread_id"), 3);
}

TEST_F(ReferenceAgentFaults, ReplyWrongTopicRepliesInTheMainThread) {
  set_faults({{"replyWrongTopic", true}});
  test::ChildProcess& server = start_server();
  ASSERT_TRUE(wait_for_health(server));
  const auto message = user_message(1, "nonce-n2", 3);
  ASSERT_EQ(post_update({{"update_id", 1}, {"message", message}}), 200);
  const auto sent = stub_->sent_messages();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].at("chat_id"), message.at("chat").at("id"));
  EXPECT_EQ(sent[0].at("text"), "echo: nonce-n2");
  EXPECT_FALSE(sent[0].contains("message_thread_id"));
}

TEST_F(ReferenceAgentFaults, IgnoreSigtermSurvivesSigtermAndDiesBySigkill) {
  set_faults({{"ignoreSigterm", {{"process", "server"}}}});
  test::ChildProcess& server = start_server();
  ASSERT_TRUE(wait_for_health(server));
  server.send_signal(SIGTERM);
  ASSERT_TRUE(wait_for_server_log(server, "received SIGTERM; ignoring it (ignoreSigterm fault)"));
  EXPECT_EQ(http_get_status(port_, "/health"), 200);
  EXPECT_FALSE(server.poll());
  server.send_signal(SIGKILL);
  ExitStatus status;
  ASSERT_TRUE(wait_for_exit(server, status));
  EXPECT_TRUE(test::killed_by(status, SIGKILL)) << status.describe();
}

TEST_F(ReferenceAgentFaults, IgnoreSigtermAppliesOnlyToTheNamedProcess) {
  set_faults({{"ignoreSigterm", {{"process", "lifeline"}}}});
  test::ChildProcess& server = start_server();
  ASSERT_TRUE(wait_for_health(server));
  server.send_signal(SIGTERM);
  ExitStatus status;
  ASSERT_TRUE(wait_for_exit(server, status));
  EXPECT_TRUE(test::exited_with(status, 0)) << status.describe();
}

TEST_F(ReferenceAgentFaults, ForkGrandchildLeavesAProcessInTheGroupAfterTheParentExits) {
  set_faults({{"forkGrandchild", {{"process", "server"}}}});
  test::ChildProcess& server = start_server();
  ASSERT_TRUE(wait_for_health(server));
  const std::string marker = "forkGrandchild fault: started grandchild pid ";
  const std::string log = server_log();
  const auto at = log.find(marker);
  ASSERT_NE(at, std::string::npos) << log;
  const pid_t grandchild = std::stoi(log.substr(at + marker.size()));
  ASSERT_GT(grandchild, 0);
  EXPECT_EQ(::getpgid(grandchild), server.process_group());

  // The parent alone is stopped (as a harness that signals only its child would do).
  server.send_signal(SIGTERM);
  ExitStatus status;
  ASSERT_TRUE(wait_for_exit(server, status));
  EXPECT_TRUE(test::exited_with(status, 0)) << status.describe();
  EXPECT_EQ(::kill(grandchild, 0), 0) << "the grandchild did not outlive its parent";
  EXPECT_EQ(::getpgid(grandchild), server.process_group());
  EXPECT_TRUE(test::process_group_exists(server.process_group()));
  EXPECT_TRUE(test::signal_ignored(grandchild, SIGTERM));
  // TearDown's SIGKILL to the group ends it, and asserts so.
}

TEST_F(ReferenceAgentFaults, FloodLogMbWritesThatMuchThenRunsNormally) {
  set_faults({{"floodLogMb", {{"process", "server"}, {"megabytes", 5}}}});
  test::ChildProcess& server = start_server();
  ASSERT_TRUE(wait_for_health(server));
  EXPECT_GE(std::filesystem::file_size(home_->server_log(port_)), 5u * 1024 * 1024);
  // Ordinary lines, and the server's own lines after them.
  const std::string log = server_log();
  EXPECT_TRUE(test::contains(log, "floodLogMb fault filler line")) << log.substr(0, 500);
  EXPECT_TRUE(test::contains(log.substr(log.size() - 2000), "listening on http://127.0.0.1:"));
  // stdout is not flooded.
  EXPECT_LT(server.stdout_text().size(), 64u * 1024);
}

}  // namespace
}  // namespace tas::reference_agent
