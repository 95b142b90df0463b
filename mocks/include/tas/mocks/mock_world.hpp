#pragma once

#include <memory>
#include <string_view>

#include <tas/core/profile.hpp>
#include <tas/engine/backend_set.hpp>
#include <tas/engine/run_settings.hpp>
#include <tas/mocks/fake_clock.hpp>
#include <tas/mocks/fake_filesystem.hpp>
#include <tas/mocks/fake_processes.hpp>
#include <tas/mocks/mock_backends.hpp>

namespace tas::mocks {

// The unit tier's world: every backend is a gMock mock whose default behaviour is an in-process
// fake of a healthy agent — a filesystem in memory, processes that run until stopped, a server
// that is healthy while it runs, a lifeline whose lease is owned while it runs, a second server
// that logs the lease-detected line, a chat where the agent echoes the user. Tests override one
// behaviour with ON_CALL/EXPECT_CALL to make exactly one thing go wrong. No processes, no
// sockets, no sleeping (the clock is fake).
//
// Neither copyable nor movable: the defaults refer to the world's own members.
class MockWorld {
 public:
  // A canary with the shape of a real Telegram token: if it leaks, redaction and shape scans
  // both see it.
  static constexpr std::string_view kToken = "123456789:CanaryUnitTokenAAAAAAAAAAAAAAAAAAAAA";
  static constexpr std::int64_t kBotId = 123456789;
  static constexpr std::string_view kDist = "/opt/agent/dist";

  MockWorld();
  MockWorld(const MockWorld&) = delete;
  MockWorld& operator=(const MockWorld&) = delete;

  // The backends as a run takes them (the mocks stay shared with the world).
  [[nodiscard]] BackendSet backends();
  // Settings for a run into `target` (a path the fake filesystem does not hold yet), with the
  // report written to `report_file` on the real disk.
  [[nodiscard]] RunSettings settings(const std::filesystem::path& target,
                                     const std::filesystem::path& report_file) const;
  // The profile of the unit tier's pretend agent.
  [[nodiscard]] static AgentProfile profile();

  std::shared_ptr<FakeClock> clock = std::make_shared<FakeClock>();
  FakeFilesystem files;
  FakeLauncher processes;

  std::shared_ptr<testing::NiceMock<MockSecretSource>> secrets;
  std::shared_ptr<testing::NiceMock<MockBotApi>> bot_api;
  std::shared_ptr<testing::NiceMock<MockDeployer>> deployer;
  std::shared_ptr<testing::NiceMock<MockProcessLauncher>> launcher;
  std::shared_ptr<testing::NiceMock<MockReadinessProbe>> probe;
  std::shared_ptr<testing::NiceMock<MockUserDriver>> user;
  std::shared_ptr<testing::NiceMock<MockVerifier>> verifier;
  std::shared_ptr<Gate> gate;

  ChatAddress chat{-1001234567890, 42};
  std::int64_t conflicts = 0;

 private:
  void wire_defaults();
  void on_launch(FakeProcessState& process);
  [[nodiscard]] bool running(std::string_view role) const;

  std::vector<ChatMessage> messages_;
  std::int64_t next_message_id_ = 100;
};

}  // namespace tas::mocks
