// The rebuild command and the server's refusal to start without its stamp: the reference agent's
// version of "native module built for the wrong runtime, run npm rebuild".

#include <filesystem>
#include <fstream>

#include "agent_fixture.hpp"
#include "files.hpp"
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <tas/core/lease.hpp>

namespace tas::reference_agent {
namespace {

using ReferenceAgentRebuild = ReferenceAgentTest;

TEST_F(ReferenceAgentRebuild, WritesTheRuntimeStampIntoTheConfiguredNativeDir) {
  // SetUp ran the rebuild with --home, as the profile does.
  const auto stamp_file = home_->native_dir() / "runtime.json";
  ASSERT_TRUE(std::filesystem::exists(stamp_file));
  const auto stamp = test::read_json(stamp_file);
  EXPECT_EQ(stamp.at("runtime"), "reference-agent " TAS_REFERENCE_AGENT_VERSION);
  const auto built_at = stamp.at("builtAt").get<std::int64_t>();
  EXPECT_LE(built_at, tas::lease::now_ms());
  EXPECT_GT(built_at, tas::lease::now_ms() - 60'000);
  // Written through a temporary file and a rename: nothing else is left in the directory.
  std::size_t entries = 0;
  for ([[maybe_unused]] const auto& entry :
       std::filesystem::directory_iterator(home_->native_dir())) {
    ++entries;
  }
  EXPECT_EQ(entries, 1u);
}

TEST_F(ReferenceAgentRebuild, TakesTheNativeDirDirectly) {
  const auto elsewhere = home_->dir() / "other-native";
  const ExitStatus status =
      run({executable("reference-agent-rebuild").string(), "--native-dir", elsewhere.string()});
  EXPECT_TRUE(test::exited_with(status, 0)) << status.describe();
  EXPECT_TRUE(std::filesystem::exists(elsewhere / "runtime.json"));
}

TEST_F(ReferenceAgentRebuild, FailsClearlyWithoutAnAgentConfigInTheHome) {
  const auto empty_home = home_->dir() / "empty-home";
  std::filesystem::create_directories(empty_home);
  test::ChildProcess& rebuild =
      start({executable("reference-agent-rebuild").string(), "--home", empty_home.string()});
  ExitStatus status;
  ASSERT_TRUE(wait_for_exit(rebuild, status));
  EXPECT_TRUE(test::exited_with(status, 2)) << status.describe();
  EXPECT_NE(rebuild.stderr_text().find("agent.json"), std::string::npos) << rebuild.stderr_text();
}

TEST_F(ReferenceAgentRebuild, ServerRefusesToStartWithoutTheStamp) {
  const auto stamp_file = home_->native_dir() / "runtime.json";
  std::filesystem::remove(stamp_file);
  test::ChildProcess& server = start_server();
  ExitStatus status;
  ASSERT_TRUE(wait_for_exit(server, status));
  EXPECT_TRUE(test::exited_with(status, 3)) << status.describe();
  EXPECT_EQ(server.stderr_text(),
            "native module missing: " + stamp_file.string() + "; run the rebuild command\n");
  EXPECT_NE(server_log().find("native module missing: " + stamp_file.string()), std::string::npos);
  EXPECT_FALSE(http_get_status(port_, "/health"));
}

TEST_F(ReferenceAgentRebuild, ServerRefusesAStampBuiltForAnotherRuntime) {
  std::filesystem::remove(home_->native_dir() / "runtime.json");
  {
    std::ofstream stamp(home_->native_dir() / "runtime.json");
    stamp << R"({"runtime":"reference-agent 0.0.1","builtAt":1})";
  }
  test::ChildProcess& server = start_server();
  ExitStatus status;
  ASSERT_TRUE(wait_for_exit(server, status));
  EXPECT_TRUE(test::exited_with(status, 3)) << status.describe();
  EXPECT_NE(server.stderr_text().find("run the rebuild command"), std::string::npos);
  EXPECT_NE(server.stderr_text().find("reference-agent 0.0.1"), std::string::npos);
}

}  // namespace
}  // namespace tas::reference_agent
