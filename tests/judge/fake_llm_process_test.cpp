#include <chrono>
#include <fstream>
#include <string>

#include "child_process.hpp"
#include "files.hpp"
#include "passing_evidence.hpp"
#include "temp_dir.hpp"
#include <gtest/gtest.h>
#include <signal.h>

#include <tas/judge/llm_judge.hpp>

namespace tas {
namespace {

using namespace std::chrono_literals;
using Outcome = JudgeAnswer::Outcome;

// The fake LLM executable as a child with its stdout on a pipe: the test waits for its
// "listening on" line (a read, not a sleep), talks to it, then ends it with a signal.
test::ChildProcess start_fake_llm(std::vector<std::string> arguments) {
  test::ChildProcess::Options options;
  options.argv = std::move(arguments);
  options.argv.insert(options.argv.begin(), TAS_FAKE_LLM_PATH);
  return test::ChildProcess(std::move(options));
}

// Sends `signal` and returns how the child ended (killed by SIGKILL when it did not in time).
ExitStatus end_with(test::ChildProcess& process, int signal) {
  process.send_signal(signal);
  const auto status = process.wait_for_exit(10s);
  EXPECT_TRUE(status.has_value()) << "fake-llm still runs 10 s after signal " << signal;
  if (status) return *status;
  ExitStatus killed;
  killed.kind = ExitStatus::Kind::signaled;
  killed.signal = SIGKILL;
  return killed;
}

class FakeLlmExecutable : public ::testing::TestWithParam<int> {};

TEST_P(FakeLlmExecutable, ServesScriptedVerdictsAndExitsZeroOnASignal) {
  test::TempDir dir("tas-fake-llm");
  const auto key_file = dir / "key";
  test::write_file(key_file, "sk-test-processKEY0123456789abcdef\n");
  std::ofstream(dir / "script.json")
      << R"({"verify": {"proceed": false, "reason": "scripted stop"}, "default": {"raw": "??"}})";
  const auto port_file = dir / "port";

  test::ChildProcess process =
      start_fake_llm({"--port-file", port_file.string(), "--api-key-file", key_file.string(),
                      "--script", (dir / "script.json").string()});
  const std::string line = process.read_line(10s).value_or("");
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

  const ExitStatus status = end_with(process, GetParam());
  EXPECT_TRUE(test::exited_with(status, 0)) << status.describe();
}

INSTANTIATE_TEST_SUITE_P(StopSignals, FakeLlmExecutable, ::testing::Values(SIGTERM, SIGINT),
                         [](const ::testing::TestParamInfo<int>& param_info) {
                           return std::string(param_info.param == SIGTERM ? "SIGTERM" : "SIGINT");
                         });

TEST(FakeLlmExecutableUsage, ABadScriptExitsNonZeroAndSaysWhy) {
  test::TempDir dir("tas-fake-llm");
  std::ofstream(dir / "script.json") << R"({"start": {"status": "five hundred"}})";
  test::ChildProcess process = start_fake_llm({"--script", (dir / "script.json").string()});
  EXPECT_EQ(process.read_line(10s), std::nullopt) << "it never listens";
  const ExitStatus status = end_with(process, SIGTERM);
  EXPECT_TRUE(test::exited_with(status, 1)) << status.describe();
}

}  // namespace
}  // namespace tas
