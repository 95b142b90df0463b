#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "agent_home.hpp"
#include "child_process.hpp"
#include "stub_bot_api.hpp"
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <tas/core/lease.hpp>

namespace tas::reference_agent {

using namespace std::chrono_literals;

// A Telegram-shaped token that appears nowhere but in the token file; every test can look for it.
inline constexpr std::string_view kCanaryToken = "7000000001:AAcanary-Tok3n_never-LEAK-zq81";

// Generous for a loaded CI machine; the waits end as soon as their condition holds.
inline constexpr std::chrono::milliseconds kWait = 15s;

// Each test gets a stub Bot API, a throwaway home with the token file, a config as the harness
// writes it, and the rebuild already run. Every process a test starts is in its own process group;
// TearDown kills every group and asserts that nothing is left.
class ReferenceAgentTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;

  // The config as written to agent.json; change it, then call write_config().
  nlohmann::json config_;
  void write_config() const;
  void set_faults(const nlohmann::json& faults);

  [[nodiscard]] static std::filesystem::path executable(std::string_view name);
  [[nodiscard]] std::string token_hash() const;

  test::ChildProcess& start(std::vector<std::string> argv);
  test::ChildProcess& start_server(std::vector<std::string> extra_args = {"--no-telegram-poll"});
  test::ChildProcess& start_server_on(int port, std::vector<std::string> extra_args);
  test::ChildProcess& start_lifeline();
  // Runs a command to its end (bounded) and returns how it ended.
  ExitStatus run(std::vector<std::string> argv, std::chrono::milliseconds timeout = kWait);

  // Waits until `needle` appears in `file`; fails at once when `child` ends first.
  ::testing::AssertionResult wait_for_log(test::ChildProcess& child,
                                          const std::filesystem::path& file,
                                          std::string_view needle,
                                          std::chrono::milliseconds timeout = kWait);
  ::testing::AssertionResult wait_for_server_log(test::ChildProcess& server,
                                                 std::string_view needle);
  ::testing::AssertionResult wait_for_lifeline_log(test::ChildProcess& lifeline,
                                                   std::string_view needle);
  // Waits until GET /health answers `status` on `port`.
  ::testing::AssertionResult wait_for_health(test::ChildProcess& server, int status = 200,
                                             std::optional<int> port = std::nullopt);
  // Waits until the lease decision (tas::lease::read_and_decide) is `expected`.
  ::testing::AssertionResult wait_for_lease(test::ChildProcess& lifeline,
                                            tas::lease::Decision expected);
  // Waits on the stub's recorded traffic; fails at once when `child` ends first.
  ::testing::AssertionResult wait_for_stub(test::ChildProcess& child,
                                           const std::function<bool()>& ready,
                                           std::string_view what);
  // Waits for `child` to end.
  ::testing::AssertionResult wait_for_exit(test::ChildProcess& child, ExitStatus& status,
                                           std::chrono::milliseconds timeout = kWait);

  // GET or POST on the agent's server; nullopt when nothing answered.
  [[nodiscard]] std::optional<int> http_get_status(int port, const std::string& path) const;
  [[nodiscard]] std::optional<int> post_update(const nlohmann::json& update,
                                               std::optional<int> port = std::nullopt) const;

  [[nodiscard]] std::string server_log(std::optional<int> port = std::nullopt) const;
  [[nodiscard]] std::string lifeline_log() const;

  // A user's text message as Telegram delivers it, in a forum topic when `thread_id` is set.
  [[nodiscard]] static nlohmann::json user_message(std::int64_t message_id, std::string text,
                                                   std::optional<std::int64_t> thread_id);

  std::unique_ptr<StubBotApi> stub_;
  std::unique_ptr<AgentHome> home_;
  int port_ = 0;
  std::vector<std::unique_ptr<test::ChildProcess>> children_;

 private:
  std::string describe_end(test::ChildProcess& child, const ExitStatus& status,
                           const std::filesystem::path& log) const;
};

}  // namespace tas::reference_agent
