// The LLM judge through the real binary (docs/judge.md): a fake LLM endpoint on loopback, in both
// protocols, with canned verdicts — a veto stops a real run at its step, an advisory "stop" is
// only recorded, and a judge that cannot answer never stops a run.
#include <fstream>

#include "cli_process.hpp"
#include "files.hpp"
#include "processes.hpp"
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sys/stat.h>

#include <tas/engine/report.hpp>
#include <tas/fake/fake_llm_server.hpp>

namespace tas::test {
namespace {

namespace fs = std::filesystem;
using fake::FakeLlmBehaviour;
using fake::FakeLlmServer;
using nlohmann::json;

constexpr std::string_view kJudgeKey = "judge-key-for-the-cli-tests";

class CliJudge : public CliRunTest {
 protected:
  void SetUp() override { write_file(key_file(), std::string(kJudgeKey) + "\n"); }
  fs::path key_file() const { return sandbox_.work() / "judge.key"; }
  json report() const { return read_json(report_beside()); }

  // A judge configuration file for `llm_` in `protocol`, with `mode`.
  fs::path judge_config(std::string_view mode, std::string_view protocol = "anthropic") {
    const fs::path file = sandbox_.work() / "judge.json";
    std::ofstream(file) << json{
        {"mode", mode},
        {"protocol", protocol},
        {"endpoint", protocol == "openai" ? llm_.openai_endpoint() : llm_.anthropic_endpoint()},
        {"model", "fake-judge-1"},
        {"api_key_file", key_file().string()},
        {"timeout_s", 20}}.dump();
    return file;
  }

  CliResult run_judged(const fs::path& config, std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {
        "--bot-token", sandbox_.put_bot_token(), "--target",     target().string(), "--timeout-s",
        "120",         "--judge-config",         config.string()};
    args.insert(args.end(), extra.begin(), extra.end());
    return sandbox_.run(args);
  }

  FakeLlmServer llm_{{.api_key = std::string(kJudgeKey)}};
};

TEST_F(CliJudge, AVetoStopsARealRunAtItsStepWithTheJudgesReason) {
  llm_.script("start", FakeLlmBehaviour::verdict(false, "the lease heartbeat predates the run"));
  llm_.start();
  const CliResult result = run_judged(judge_config("veto"));

  EXPECT_EQ(result.code(), 4) << result.out << result.err;
  EXPECT_NE(result.out.find("✗ [4/7] start"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("gate refused: judge vetoed: the lease heartbeat predates the run"),
            std::string::npos)
      << result.out;
  EXPECT_NE(result.out.find("judge (veto): stop — the lease heartbeat predates the run"),
            std::string::npos)
      << result.out;
  EXPECT_NE(result.out.find("VERDICT: FAIL (step 4"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("✓ [7/7] teardown"), std::string::npos) << result.out;

  const json written = report();
  EXPECT_EQ(written["exit_code"], 4);
  EXPECT_EQ(written["failing_step"]["number"], 4);
  const json& start = written["steps"][3];
  EXPECT_EQ(start["status"], "failed");
  EXPECT_EQ(start["gate"]["rules"]["proceed"], true) << "the rules passed; the judge stopped it";
  EXPECT_EQ(start["gate"]["judge"]["acted"], true);
  EXPECT_EQ(start["gate"]["judge"]["reason"], "the lease heartbeat predates the run");
  EXPECT_EQ(start["gate"]["judge"]["model"], "fake-judge-1");
  EXPECT_TRUE(start["gate"]["judge"]["latency_ms"].is_number());
  EXPECT_EQ(written["steps"][4]["status"], "not-run");
  EXPECT_EQ(written["steps"][5]["status"], "not-run");
  EXPECT_EQ(written["steps"][6]["status"], "passed");
  // Asked about steps 1–4 and teardown, not about the steps that never ran.
  EXPECT_EQ(llm_.calls(), 5U);
}

TEST_F(CliJudge, AVetoInTheOpenAiShapeStopsTheRunAtVerify) {
  llm_.script("verify", FakeLlmBehaviour::verdict(false, "a warning in the server's log tail"));
  llm_.start();
  const CliResult result = run_judged(judge_config("veto", "openai"));
  EXPECT_EQ(result.code(), 6) << result.out << result.err;
  EXPECT_NE(result.out.find("judge vetoed: a warning in the server's log tail"), std::string::npos)
      << result.out;
  EXPECT_EQ(report()["steps"][5]["gate"]["judge"]["acted"], true);
  ASSERT_FALSE(llm_.requests().empty());
  EXPECT_EQ(llm_.requests().front().path, "/v1/chat/completions");
}

TEST_F(CliJudge, AnAdvisoryStopIsRecordedAndTheRunGoesOn) {
  llm_.script("round-trip", FakeLlmBehaviour::verdict(false, "the reply came suspiciously fast"));
  llm_.start();
  const CliResult result = run_judged(judge_config("advisory"));
  EXPECT_EQ(result.code(), 0) << result.out << result.err;
  EXPECT_NE(result.out.find("judge (advisory): stop — the reply came suspiciously fast"),
            std::string::npos)
      << result.out;
  const json written = report();
  const json& round_trip = written["steps"][4];
  EXPECT_EQ(round_trip["status"], "passed");
  EXPECT_EQ(round_trip["gate"]["judge"]["proceed"], false);
  EXPECT_EQ(round_trip["gate"]["judge"]["acted"], false);
  EXPECT_EQ(llm_.calls(), 7U);
}

TEST_F(CliJudge, TheModeOnTheCommandLineOverridesTheConfigurations) {
  llm_.script("deploy", FakeLlmBehaviour::verdict(false, "the rebuild log shows a warning"));
  llm_.start();
  const CliResult result = run_judged(judge_config("advisory"), {"--judge", "veto"});
  EXPECT_EQ(result.code(), 3) << result.out << result.err;
}

TEST_F(CliJudge, AJudgeThatCannotAnswerNeverStopsTheRun) {
  llm_.script("target-prep", FakeLlmBehaviour::raw_text("Looks good to me!"));
  llm_.script("deploy", FakeLlmBehaviour::without_reason(false));
  llm_.script("start", FakeLlmBehaviour::http_status(529, "Overloaded"));
  llm_.start();
  const CliResult result = run_judged(judge_config("veto"));
  EXPECT_EQ(result.code(), 0) << result.out << result.err;
  const json written = report();
  EXPECT_EQ(written["steps"][1]["gate"]["judge"]["outcome"], "garbage");
  EXPECT_EQ(written["steps"][2]["gate"]["judge"]["outcome"], "no_reason");
  EXPECT_EQ(written["steps"][3]["gate"]["judge"]["outcome"], "unreachable");
  EXPECT_NE(result.out.find("judge (veto): no verdict (unreachable:"), std::string::npos)
      << result.out;
}

TEST_F(CliJudge, AnUnreachableJudgeIsReportedAndTheRunGoesOn) {
  llm_.start();
  const fs::path config = judge_config("veto");
  llm_.stop();  // nothing listens at its endpoint now
  const CliResult result = run_judged(config);
  EXPECT_EQ(result.code(), 0) << result.out << result.err;
  const json written = report();
  for (const json& step : written["steps"]) {
    EXPECT_EQ(step["gate"]["judge"]["outcome"], "unreachable") << step["name"];
  }
}

TEST_F(CliJudge, AKeyFileOthersCanReadIsAUsageErrorBeforeAnythingIsCreated) {
  llm_.start();
  ::chmod(key_file().c_str(), 0644);
  const CliResult result = run_judged(judge_config("veto"));
  EXPECT_EQ(result.code(), 64) << result.out << result.err;
  EXPECT_NE(result.err.find("chmod 600"), std::string::npos) << result.err;
  EXPECT_EQ(result.err.find(kJudgeKey), std::string::npos) << "the key was echoed";
  EXPECT_FALSE(fs::exists(target()));
  EXPECT_EQ(llm_.calls(), 0U);
}

TEST_F(CliJudge, AModeWithoutAConfigurationIsAUsageError) {
  const CliResult result = sandbox_.run({"--judge", "advisory", "--target", target().string()});
  EXPECT_EQ(result.code(), 64) << result.out << result.err;
  EXPECT_NE(result.err.find("--judge advisory needs --judge-config <file>"), std::string::npos)
      << result.err;
  EXPECT_FALSE(fs::exists(target()));
}

TEST_F(CliJudge, AMalformedConfigurationIsAUsageErrorNamingTheField) {
  const fs::path file = sandbox_.work() / "judge.json";
  std::ofstream(file) << R"({"mode": "veto", "modle": "x"})";
  const CliResult result =
      sandbox_.run({"--judge-config", file.string(), "--target", target().string()});
  EXPECT_EQ(result.code(), 64) << result.out << result.err;
  EXPECT_NE(
      result.err.find("/modle: unknown field; the known ones there are api_key_file, endpoint, "
                      "max_tokens, mode, model, protocol and timeout_s"),
      std::string::npos)
      << result.err;
}

}  // namespace
}  // namespace tas::test
