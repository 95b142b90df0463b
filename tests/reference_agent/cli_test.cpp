// Command lines, version flags and config errors of the three executables.

#include <fstream>

#include "agent_fixture.hpp"
#include "loopback.hpp"
#include <gtest/gtest.h>

namespace tas::reference_agent {
namespace {

using ReferenceAgentCli = ReferenceAgentTest;

TEST_F(ReferenceAgentCli, EveryExecutablePrintsItsVersion) {
  for (const char* name :
       {"reference-agent-server", "reference-agent-lifeline", "reference-agent-rebuild"}) {
    test::ChildProcess& child = start({executable(name).string(), "--version"});
    ExitStatus status;
    ASSERT_TRUE(wait_for_exit(child, status));
    EXPECT_TRUE(test::exited_with(status, 0)) << name << " " << status.describe();
    EXPECT_EQ(child.stdout_text(), std::string(name) + " " TAS_REFERENCE_AGENT_VERSION "\n");
  }
}

TEST_F(ReferenceAgentCli, AMissingConfigIsExitCode2) {
  for (const char* name : {"reference-agent-server", "reference-agent-lifeline"}) {
    test::ChildProcess& child =
        start({executable(name).string(), "--config", (home_->dir() / "no-such.json").string()});
    ExitStatus status;
    ASSERT_TRUE(wait_for_exit(child, status));
    EXPECT_TRUE(test::exited_with(status, 2)) << name << " " << status.describe();
    EXPECT_NE(child.stderr_text().find("cannot read the config file"), std::string::npos)
        << name << ": " << child.stderr_text();
  }
}

TEST_F(ReferenceAgentCli, AnInvalidConfigIsExitCode2) {
  {
    std::ofstream config(home_->config_file());
    config << "{ not json";
  }
  test::ChildProcess& server = start_server();
  ExitStatus status;
  ASSERT_TRUE(wait_for_exit(server, status));
  EXPECT_TRUE(test::exited_with(status, 2)) << status.describe();
  EXPECT_NE(server.stderr_text().find("not valid JSON"), std::string::npos) << server.stderr_text();
}

TEST_F(ReferenceAgentCli, UnknownConfigKeysAreIgnoredButUnknownFaultsAreNot) {
  config_["someFutureKey"] = {{"nested", true}};
  write_config();
  test::ChildProcess& server = start_server();
  ASSERT_TRUE(wait_for_health(server));

  set_faults({{"crashAtStrat", {{"process", "server"}, {"kind", "abort"}}}});
  test::ChildProcess& second = start_server_on(test::free_loopback_port(), {"--no-telegram-poll"});
  ExitStatus status;
  ASSERT_TRUE(wait_for_exit(second, status));
  EXPECT_TRUE(test::exited_with(status, 2)) << status.describe();
  EXPECT_NE(second.stderr_text().find("unknown fault \"crashAtStrat\""), std::string::npos)
      << second.stderr_text();
}

TEST_F(ReferenceAgentCli, AnEmptyTokenFileIsExitCode2) {
  home_->write_token("");
  test::ChildProcess& lifeline = start_lifeline();
  ExitStatus status;
  ASSERT_TRUE(wait_for_exit(lifeline, status));
  EXPECT_TRUE(test::exited_with(status, 2)) << status.describe();
  EXPECT_NE(lifeline.stderr_text().find("is empty; expected the bot token"), std::string::npos)
      << lifeline.stderr_text();
}

}  // namespace
}  // namespace tas::reference_agent
