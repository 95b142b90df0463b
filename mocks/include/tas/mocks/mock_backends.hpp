#pragma once

#include <gmock/gmock.h>

#include <tas/engine/backend_set.hpp>
#include <tas/judge/judge.hpp>

// gMock mocks of every backend interface (docs/architecture.md, 'Tiers pick their backends'), for
// the unit tier. MockWorld (mock_world.hpp) wires them to in-process fakes of a healthy agent; a
// test overrides what it needs with ON_CALL/EXPECT_CALL.
namespace tas::mocks {

class MockSecretSource : public SecretSource {
 public:
  MOCK_METHOD(Secret, retrieve, (std::string_view drop_id), (override));
  MOCK_METHOD(Secret, request,
              (std::string_view title, const Deadline& deadline, ProgressSink& progress),
              (override));
  MOCK_METHOD(std::string, describe, (), (const, override));
};

class MockBotApi : public BotApi {
 public:
  MOCK_METHOD(BotIdentity, get_me, (const Secret& token, const Deadline& deadline), (override));
};

class MockDeployer : public Deployer {
 public:
  MOCK_METHOD(TargetState, inspect, (const std::filesystem::path& home), (override));
  MOCK_METHOD(void, create_directory, (const std::filesystem::path& directory), (override));
  MOCK_METHOD(void, write_file,
              (const std::filesystem::path& file, std::string_view content,
               std::filesystem::perms mode, Durability durability),
              (override));
  MOCK_METHOD(void, write_secret, (const std::filesystem::path& file, const Secret& secret),
              (override));
  MOCK_METHOD(std::optional<std::string>, read_file, (const std::filesystem::path& file),
              (override));
  MOCK_METHOD(std::string, read_tail, (const std::filesystem::path& file, std::size_t max_bytes),
              (override));
  MOCK_METHOD(void, set_mode, (const std::filesystem::path& path, std::filesystem::perms mode),
              (override));
  MOCK_METHOD(std::optional<std::filesystem::perms>, mode_of, (const std::filesystem::path& file),
              (override));
  MOCK_METHOD(void, symlink,
              (const std::filesystem::path& link, const std::filesystem::path& target), (override));
  MOCK_METHOD(bool, remove_file, (const std::filesystem::path& file), (override));
  MOCK_METHOD(bool, remove_home, (const std::filesystem::path& home, bool keep_root), (override));
  MOCK_METHOD(std::uint16_t, allocate_port, (), (override));
};

class MockProcessLauncher : public ProcessLauncher {
 public:
  MOCK_METHOD(std::unique_ptr<Process>, launch, (const LaunchSpec& spec), (override));
  MOCK_METHOD(void, request_stray_stop, (), (override));
  MOCK_METHOD(Strays, end_strays, (std::chrono::milliseconds grace), (override));
};

class MockReadinessProbe : public ReadinessProbe {
 public:
  MOCK_METHOD(HealthReading, health, (const std::string& url), (override));
  MOCK_METHOD(lease::Verdict, lease,
              (const std::filesystem::path& state_dir, std::string_view token_hash), (override));
  MOCK_METHOD(bool, log_has_line, (const std::filesystem::path& log, std::string_view pattern),
              (override));
};

class MockUserDriver : public UserDriver {
 public:
  MOCK_METHOD(ChatAddress, designated_chat, (), (override));
  MOCK_METHOD(ChatMessage, send_as_user, (const ChatAddress& where, std::string_view text),
              (override));
  MOCK_METHOD(std::vector<ChatMessage>, bot_messages_after,
              (std::int64_t chat_id, std::int64_t after_message_id, const Deadline& deadline),
              (override));
  MOCK_METHOD(std::optional<std::int64_t>, conflicts_seen, (), (override));
};

class MockVerifier : public Verifier {
 public:
  MOCK_METHOD(VerifyEvidence, verify, (const VerifyInput& input), (override));
};

class MockGate : public Gate {
 public:
  MOCK_METHOD(GateVerdict, judge, (StepId step, const StepOutcome& outcome), (override));
};

class MockJudge : public Judge {
 public:
  MOCK_METHOD(JudgeAnswer, judge, (const JudgeRequest& request), (override));
};

}  // namespace tas::mocks
