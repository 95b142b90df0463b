// --until <step> through the real binary (README, 'Command line'): the steps up to and including
// <step>, then teardown, which keeps the home (as --keep) and leaves nothing running; the steps
// after it are not-run, "not requested".
#include "cli_process.hpp"
#include "files.hpp"
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace tas::test {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

class CliUntil : public CliRunTest {
 protected:
  // The report stays in the kept home.
  [[nodiscard]] json report() const { return read_json(target() / "test-as-self-report.json"); }

  void expect_not_requested(const CliResult& result, const json& report,
                            std::string_view until) const {
    bool after = false;
    for (const json& step : report["steps"]) {
      const std::string name = step["name"];
      if (name == "teardown") {
        EXPECT_EQ(step["status"], "passed") << step;
        continue;
      }
      if (after) {
        EXPECT_EQ(step["status"], "not-run") << step;
        EXPECT_EQ(step["detail"], fmt_not_requested(until)) << step;
        EXPECT_NE(result.out.find(name + "  "), std::string::npos);
        EXPECT_NE(result.out.find("not run: " + fmt_not_requested(until)), std::string::npos)
            << result.out;
      } else {
        EXPECT_TRUE(step["status"] == "passed" || step["status"] == "skipped") << step;
      }
      if (name == until) after = true;
    }
  }

  static std::string fmt_not_requested(std::string_view until) {
    return "not requested (--until " + std::string(until) + ")";
  }
};

TEST_F(CliUntil, UntilDeployKeepsTheHomeWithTheDistLinkedAndNothingRunning) {
  const CliResult result =
      sandbox_.run({"--bot-token", sandbox_.put_bot_token(), "--target", target().string(),
                    "--until", "deploy", "--timeout-s", "120"});
  EXPECT_EQ(result.code(), 0) << result.out << result.err;
  EXPECT_NE(result.out.find("VERDICT: PASS (the steps up to deploy; --until deploy)"),
            std::string::npos)
      << result.out;
  EXPECT_TRUE(fs::is_symlink(target() / "dist"));
  EXPECT_TRUE(fs::exists(target() / "agent.json"));
  EXPECT_FALSE(fs::exists(target() / "bot-token")) << "the token lives on disk only while the "
                                                      "agent runs";
  EXPECT_TRUE(left_running().empty());
  const json written = report();
  EXPECT_EQ(written["options"]["until"], "deploy");
  EXPECT_EQ(written["options"]["keep"], true);
  EXPECT_EQ(written["verdict"], "pass");
  expect_not_requested(result, written, "deploy");
}

TEST_F(CliUntil, UntilStartStopsTheAgentSoCleanupFindsNothingAndTheKeptHomeRunsAgain) {
  const std::string id = sandbox_.put_bot_token();
  const CliResult result = sandbox_.run(
      {"--bot-token", id, "--target", target().string(), "--until", "start", "--timeout-s", "120"});
  EXPECT_EQ(result.code(), 0) << result.out << result.err;
  const json written = report();
  EXPECT_EQ(written["steps"][3]["status"], "passed") << written["steps"][3];
  EXPECT_GE(written["steps"][6]["evidence"]["stopped"].size(), 2u) << "server and lifeline";
  expect_not_requested(result, written, "start");
  EXPECT_TRUE(left_running().empty()) << "--until stops what it started";
  const fs::path runs = sandbox_.state() / "runs";
  EXPECT_TRUE(!fs::exists(runs) || fs::is_empty(runs)) << "no run is left for cleanup";

  const CliResult cleanup = sandbox_.run({"cleanup"});
  EXPECT_EQ(cleanup.code(), 0) << cleanup.out << cleanup.err;
  EXPECT_TRUE(fs::exists(target() / "dist")) << "cleanup leaves a kept home alone";

  // The kept home is resumed by the next run, which goes all the way.
  fs::rename(target() / "test-as-self-report.json", sandbox_.work() / "until-start.json");
  const CliResult again =
      sandbox_.run({"--bot-token", id, "--target", target().string(), "--timeout-s", "120"});
  EXPECT_EQ(again.code(), 0) << again.out << again.err;
  EXPECT_NE(again.out.find("resumed " + target().string()), std::string::npos) << again.out;
  EXPECT_FALSE(fs::exists(target()));
}

TEST_F(CliUntil, AStepThatFailsBeforeTheLastRequestedOneExitsWithItsNumber) {
  const std::string unknown = "drop-0123456789abcdef0123456789abcdef";
  const CliResult result = sandbox_.run({"--bot-token", unknown, "--target", target().string(),
                                         "--until", "start", "--timeout-s", "60"});
  EXPECT_EQ(result.code(), 1) << result.out << result.err;
  EXPECT_NE(result.out.find("· [4/7] start        not run: step 1 failed"), std::string::npos)
      << result.out;
}

TEST_F(CliUntil, AnUnknownStepIsAUsageErrorNamingTheValidOnes) {
  const CliResult result =
      sandbox_.run({"--target", target().string(), "--until", "launch", "--timeout-s", "60"});
  EXPECT_EQ(result.code(), 64) << result.out << result.err;
  EXPECT_NE(result.err.find("bot-acquire, target-prep, deploy, start, round-trip, verify; got "
                            "'launch'"),
            std::string::npos)
      << result.err;
  EXPECT_FALSE(fs::exists(target()));
  const CliResult teardown =
      sandbox_.run({"--target", target().string(), "--until", "teardown", "--timeout-s", "60"});
  EXPECT_EQ(teardown.code(), 64) << "teardown always runs: " << teardown.out << teardown.err;
}

}  // namespace
}  // namespace tas::test
