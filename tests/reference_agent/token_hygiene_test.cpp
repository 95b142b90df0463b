// Token hygiene from the agent's side: the token is read from its file and goes nowhere
// else — not into a log, stdout, stderr, the lease, argv or the environment — on the good path
// and on the error paths that are most tempted to print a URL.

#include <filesystem>
#include <fstream>

#include "agent_fixture.hpp"
#include "files.hpp"
#include "loopback.hpp"
#include "processes.hpp"
#include <gtest/gtest.h>
#include <signal.h>

#include <tas/core/lease.hpp>

namespace tas::reference_agent {
namespace {

// The token's secret half alone must not leak either (a log line might split at the colon).
std::string secret_part() {
  const std::string token(kCanaryToken);
  return token.substr(token.find(':') + 1);
}

std::vector<std::string> files_holding_the_token(const std::filesystem::path& root,
                                                 const std::filesystem::path& token_file) {
  std::vector<std::string> found;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
    if (!entry.is_regular_file() || entry.path() == token_file) continue;
    const std::string content = test::read_text(entry.path());
    if (content.find(secret_part()) != std::string::npos) found.push_back(entry.path().string());
  }
  return found;
}

using ReferenceAgentTokenHygiene = ReferenceAgentTest;

TEST_F(ReferenceAgentTokenHygiene, TheTokenNeverLeavesTheTokenFile) {
  // 1. Transport errors: the Bot API is unreachable, and libcurl's errors are logged.
  config_["telegramApi"] = "http://127.0.0.1:" + std::to_string(test::free_loopback_port());
  write_config();
  {
    test::ChildProcess& lifeline = start_lifeline();
    ASSERT_TRUE(wait_for_lifeline_log(lifeline, "getUpdates failed: transport error:"));
    lifeline.send_signal(SIGTERM);
    ExitStatus status;
    ASSERT_TRUE(wait_for_exit(lifeline, status));
  }

  // 2. API errors: 409s, and a sendMessage the Bot API refuses (wrong token → 401).
  config_["telegramApi"] = stub_->base_url();
  write_config();
  stub_->fail_next_get_updates_with_conflict(1);
  test::ChildProcess& lifeline = start_lifeline();
  ASSERT_TRUE(wait_for_lifeline_log(lifeline, "getUpdates failed: 409 Conflict:"));
  ASSERT_TRUE(wait_for_lease(lifeline, tas::lease::Decision::owned));

  // 3. The good path: a demoted server, a round trip through the lifeline, and a polling server.
  test::ChildProcess& server = start_server({});
  ASSERT_TRUE(wait_for_server_log(
      server, "Telegram send-only mode (lifeline owns polling (lease detected))"));
  stub_->push_message(user_message(700, "hello nonce-h1g", 4));
  ASSERT_TRUE(wait_for_stub(
      lifeline, [&] { return stub_->sent_count_locked() >= 1; }, "the reply"));

  for (test::ChildProcess* child : {&lifeline, &server}) {
    EXPECT_EQ(test::proc_file(child->pid(), "cmdline").find(secret_part()), std::string::npos)
        << child->name() << "'s argv holds the token";
    EXPECT_EQ(test::proc_file(child->pid(), "environ").find(secret_part()), std::string::npos)
        << child->name() << "'s environment holds the token";
  }
  for (test::ChildProcess* child : {&lifeline, &server}) {
    child->send_signal(SIGTERM);
    ExitStatus status;
    ASSERT_TRUE(wait_for_exit(*child, status));
    EXPECT_TRUE(test::exited_with(status, 0)) << child->name() << " " << status.describe();
  }

  // Every file of the home but the token file: logs, captured stdout/stderr, lease, stamp.
  EXPECT_TRUE(std::filesystem::file_size(home_->lifeline_log()) > 0);
  EXPECT_EQ(files_holding_the_token(home_->dir(), home_->token_file()), std::vector<std::string>{});
  // The lease holds the hash, and the hash is not the token.
  EXPECT_NE(test::read_text(tas::lease::path_in(home_->state_dir())).find(token_hash()),
            std::string::npos);
}

}  // namespace
}  // namespace tas::reference_agent
