#include <array>
#include <cerrno>
#include <chrono>
#include <fstream>
#include <string>

#include "files.hpp"
#include "passing_evidence.hpp"
#include "temp_dir.hpp"
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <tas/backends/llm_judge.hpp>

extern char** environ;

namespace tas {
namespace {

using namespace std::chrono_literals;
using Outcome = JudgeAnswer::Outcome;

// The fake LLM executable as a child with its stdout on a pipe: the test waits for its
// "listening on" line (a read, not a sleep), talks to it, then ends it with a signal.
class FakeLlmProcess {
 public:
  explicit FakeLlmProcess(const std::vector<std::string>& arguments) {
    std::array<int, 2> pipe_fds{};
    if (::pipe(pipe_fds.data()) != 0) throw std::runtime_error("pipe");
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&actions, pipe_fds[0]);
    posix_spawn_file_actions_addclose(&actions, pipe_fds[1]);
    std::vector<std::string> argv_strings{TAS_FAKE_LLM_PATH};
    argv_strings.insert(argv_strings.end(), arguments.begin(), arguments.end());
    std::vector<char*> argv;
    for (auto& argument : argv_strings)
      argv.push_back(argument.data());
    argv.push_back(nullptr);
    const int spawned =
        posix_spawn(&pid_, TAS_FAKE_LLM_PATH, &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(pipe_fds[1]);
    output_ = pipe_fds[0];
    if (spawned != 0) throw std::runtime_error("posix_spawn fake-llm failed");
  }

  ~FakeLlmProcess() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
    ::close(output_);
  }
  FakeLlmProcess(const FakeLlmProcess&) = delete;
  FakeLlmProcess& operator=(const FakeLlmProcess&) = delete;

  // The first line the child prints, or "" when none arrives within `timeout`.
  std::string first_line(std::chrono::milliseconds timeout) {
    std::string line;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (line.find('\n') == std::string::npos) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) return {};
      pollfd readable{.fd = output_, .events = POLLIN, .revents = 0};
      const int ready = ::poll(&readable, 1, static_cast<int>(left.count()));
      if (ready < 0 && errno == EINTR) continue;
      if (ready <= 0) return {};
      std::array<char, 256> buffer{};
      const ssize_t got = ::read(output_, buffer.data(), buffer.size());
      if (got <= 0) return {};
      line.append(buffer.data(), static_cast<std::size_t>(got));
    }
    return line.substr(0, line.find('\n'));
  }

  // Sends `signal` and returns the raw wait status.
  int end_with(int signal) {
    ::kill(pid_, signal);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
    return status;
  }

 private:
  pid_t pid_ = -1;
  int output_ = -1;
};

class FakeLlmExecutable : public ::testing::TestWithParam<int> {};

TEST_P(FakeLlmExecutable, ServesScriptedVerdictsAndExitsZeroOnASignal) {
  test::TempDir dir("tas-fake-llm");
  const auto key_file = dir / "key";
  test::write_file(key_file, "sk-test-processKEY0123456789abcdef\n");
  std::ofstream(dir / "script.json")
      << R"({"verify": {"proceed": false, "reason": "scripted stop"}, "default": {"raw": "??"}})";
  const auto port_file = dir / "port";

  FakeLlmProcess process({"--port-file", port_file.string(), "--api-key-file", key_file.string(),
                          "--script", (dir / "script.json").string()});
  const std::string line = process.first_line(10s);
  ASSERT_TRUE(line.starts_with("fake-llm listening on http://127.0.0.1:")) << "«" << line << "»";
  std::string port = test::read_text(port_file);
  port = port.substr(0, port.find('\n'));
  EXPECT_TRUE(line.ends_with(":" + port)) << line << " vs port file " << port;

  LlmJudgeConfig config;
  config.endpoint = "http://127.0.0.1:" + port + "/v1/messages";
  config.model = "m";
  config.api_key_file = key_file;
  LlmJudge judge(config);
  const JudgeAnswer verify =
      judge.judge({StepId::verify, "verified", test::passing_evidence(StepId::verify)});
  EXPECT_EQ(verify.outcome, Outcome::answered) << verify.reason;
  EXPECT_FALSE(verify.proceed);
  EXPECT_EQ(verify.reason, "scripted stop");
  const JudgeAnswer start =
      judge.judge({StepId::start, "started", test::passing_evidence(StepId::start)});
  EXPECT_EQ(start.outcome, Outcome::garbage) << start.reason;

  const int status = process.end_with(GetParam());
  ASSERT_TRUE(WIFEXITED(status)) << "ended by signal " << WTERMSIG(status);
  EXPECT_EQ(WEXITSTATUS(status), 0);
}

INSTANTIATE_TEST_SUITE_P(StopSignals, FakeLlmExecutable, ::testing::Values(SIGTERM, SIGINT),
                         [](const ::testing::TestParamInfo<int>& param_info) {
                           return std::string(param_info.param == SIGTERM ? "SIGTERM" : "SIGINT");
                         });

TEST(FakeLlmExecutableUsage, ABadScriptExitsNonZeroAndSaysWhy) {
  test::TempDir dir("tas-fake-llm");
  std::ofstream(dir / "script.json") << R"({"start": {"status": "five hundred"}})";
  FakeLlmProcess process({"--script", (dir / "script.json").string()});
  EXPECT_EQ(process.first_line(10s), "") << "it never listens";
  const int status = process.end_with(SIGTERM);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 1);
}

}  // namespace
}  // namespace tas
