// Whole runs of the test-as-self binary: the main job's path, and what interrupts it — SIGINT,
// SIGTERM, SIGHUP and SIGKILL during step 4 — leave nothing running.
#include "cli_process.hpp"
#include "files.hpp"
#include "processes.hpp"
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <signal.h>

#include <tas/core/interrupt.hpp>
#include <tas/engine/report.hpp>

namespace tas::test {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

class CliRun : public CliRunTest {};

TEST_F(CliRun, AFullRunPassesAllSevenStepsAndLeavesItsReportBesideTheRemovedHome) {
  const CliResult result = sandbox_.run({"--bot-token", sandbox_.put_bot_token(), "--target",
                                         target().string(), "--timeout-s", "120"});
  EXPECT_EQ(result.code(), 0) << result.out << result.err;
  for (int step = 1; step <= 7; ++step) {
    EXPECT_NE(result.out.find("✓ [" + std::to_string(step) + "/7]"), std::string::npos)
        << result.out;
  }
  EXPECT_NE(result.out.find("VERDICT: PASS"), std::string::npos);
  EXPECT_FALSE(fs::exists(target()));
  const fs::path report = report_beside();
  ASSERT_TRUE(is_report_file(report)) << result.out;
  EXPECT_NE(result.out.find("report: " + report.string()), std::string::npos);
  const json written = read_json(report);
  EXPECT_EQ(written["verdict"], "pass");
  const json& start = written["steps"][3]["evidence"];
  EXPECT_EQ(start["demotion_probe"]["line_seen"], true);
  // Each process's start time, before the harness saw what it did: agents' own timestamps are
  // set against these.
  ASSERT_EQ(start["processes"].size(), 3u) << start.dump(2);
  for (const json& process : start["processes"]) {
    ASSERT_TRUE(process["started_at_us"].is_number_integer()) << process.dump(2);
    EXPECT_LE(process["started_at_us"].get<std::int64_t>(),
              start["demotion_probe"]["seen_at_us"].get<std::int64_t>());
  }
  EXPECT_LE(start["processes"][0]["started_at_us"].get<std::int64_t>(),
            start["health"]["seen_at_us"].get<std::int64_t>());
}

TEST_F(CliRun, AKeptHomeHoldsTheRunsOnlyReport) {
  const CliResult result = sandbox_.run({"--bot-token", sandbox_.put_bot_token(), "--target",
                                         target().string(), "--timeout-s", "120", "--keep"});
  EXPECT_EQ(result.code(), 0) << result.out << result.err;
  const fs::path report = target() / "test-as-self-report.json";
  ASSERT_TRUE(is_report_file(report)) << result.out;
  EXPECT_EQ(read_json(report)["verdict"], "pass");
  EXPECT_NE(result.out.find("report: " + report.string()), std::string::npos) << result.out;
  // Step 1 ran before the home existed and wrote its report beside it; that copy is gone.
  EXPECT_FALSE(fs::exists(report_beside())) << "a stale report was left beside the kept home";
  EXPECT_FALSE(fs::exists(target() / "bot-token"));
}

// Starts a run whose server never turns healthy, so step 4 is sure to be waiting, and waits
// until it is.
class CliInterrupted : public CliRun, public ::testing::WithParamInterface<int> {
 protected:
  void start_and_reach_step_4() {
    const fs::path profile =
        write_reference_profile(sandbox_.work() / "profile.json", {{"neverHealthy", true}});
    sandbox_.start({"--bot-token", sandbox_.put_bot_token(), "--profile", profile.string(),
                    "--target", target().string(), "--timeout-s", "300"});
    ASSERT_TRUE(sandbox_.wait_for_output("→ [4/7] start", std::chrono::seconds(60)));
    // The server and the lifeline are up (their isolated HOME is the target) before the signal.
    ASSERT_TRUE(eventually([&] { return left_running().size() >= 2; }, std::chrono::seconds(20)));
  }
};

TEST_P(CliInterrupted, DuringStep4EndsThroughTeardownWithExit130AndAReport) {
  start_and_reach_step_4();
  sandbox_.signal(GetParam());
  const CliResult result = sandbox_.finish(std::chrono::seconds(30));
  EXPECT_EQ(result.code(), 130) << result.out << result.err;
  EXPECT_NE(result.out.find("interrupted by " + signal_name(GetParam())), std::string::npos)
      << result.out;
  EXPECT_NE(result.out.find("✓ [7/7] teardown"), std::string::npos) << result.out;
  EXPECT_TRUE(left_running().empty());
  const fs::path report = report_beside();
  ASSERT_TRUE(is_report_file(report));
  const json written = read_json(report);
  EXPECT_EQ(written["verdict"], "interrupted");
  EXPECT_EQ(written["exit_code"], 130);
  EXPECT_EQ(written["interrupted_by"], signal_name(GetParam()));
  EXPECT_EQ(written["steps"][3]["status"], "failed");
  EXPECT_EQ(written["steps"][4]["status"], "not-run");
  EXPECT_EQ(written["steps"][6]["status"], "passed");
}

INSTANTIATE_TEST_SUITE_P(Signals, CliInterrupted, ::testing::Values(SIGINT, SIGTERM, SIGHUP),
                         [](const auto& param_info) {
                           return signal_name(param_info.param).substr(3);
                         });

TEST_F(CliInterrupted, KilledDuringStep4LeavesWhatTheCleanupCommandEnds) {
  start_and_reach_step_4();
  sandbox_.signal(SIGKILL);
  const CliResult killed = sandbox_.finish(std::chrono::seconds(10));
  EXPECT_EQ(killed.status.kind, ExitStatus::Kind::signaled);
  ASSERT_FALSE(left_running().empty())
      << "SIGKILL gives no teardown: the agent must still be there";

  // The report a killed harness leaves is the last one it wrote whole: steps 1 to 3 done, step 4
  // still pending, never finished — and no half-written temporary beside it.
  const fs::path report = target() / "test-as-self-report.json";
  ASSERT_TRUE(is_report_file(report)) << listing(target());
  const json written = read_json(report);
  EXPECT_EQ(written["verdict"], "incomplete");
  EXPECT_TRUE(written["finished_at"].is_null());
  for (int step = 0; step < 3; ++step)
    EXPECT_EQ(written["steps"][step]["status"], "passed") << written["steps"][step];
  EXPECT_EQ(written["steps"][3]["status"], "pending") << written["steps"][3];
  for (const auto& entry : fs::directory_iterator(target()))
    EXPECT_NE(entry.path().extension(), ".tmp") << "a partial write was left: " << entry.path();

  const CliResult cleanup = sandbox_.run({"cleanup"});
  EXPECT_EQ(cleanup.code(), 0) << cleanup.out << cleanup.err;
  EXPECT_NE(cleanup.out.find("harness dead"), std::string::npos) << cleanup.out;
  EXPECT_TRUE(eventually([&] { return left_running().empty(); }, std::chrono::seconds(15)));
  // A second cleanup finds nothing more to do.
  const CliResult again = sandbox_.run({"cleanup"});
  EXPECT_EQ(again.code(), 0);
  EXPECT_NE(again.out.find("0 run record(s)"), std::string::npos) << again.out;
}

}  // namespace
}  // namespace tas::test
