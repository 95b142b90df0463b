// The console's live view: one line per step, and the judge's word beneath it when it was asked.
#include <algorithm>
#include <sstream>

#include <gtest/gtest.h>

#include <tas/engine/console_progress.hpp>
#include <tas/engine/report.hpp>

namespace tas {
namespace {

using nlohmann::json;

std::string shown(const StepResult& result) {
  std::ostringstream out;
  ConsoleProgress progress(out);
  progress.step_finished(result);
  return out.str();
}

StepResult passed_start(json judge) {
  StepResult result;
  result.id = StepId::start;
  result.status = StepStatus::passed;
  result.detail = "health 200 after 0.1 s; lease owned";
  result.duration = std::chrono::milliseconds(1200);
  result.gate = {{"rules", {{"proceed", true}}}, {"judge", std::move(judge)}};
  return result;
}

TEST(ConsoleProgress, AStepIsOneLineWithItsMarkNumberDurationAndDetail) {
  const std::string text = shown(passed_start(nullptr));
  EXPECT_EQ(text, "✓ [4/7] start          1.2 s  health 200 after 0.1 s; lease owned\n");
}

TEST(ConsoleProgress, AnAnsweringJudgeIsShownWithItsVerdictReasonAndLatency) {
  const std::string text = shown(passed_start({{"mode", "advisory"},
                                               {"outcome", "answered"},
                                               {"proceed", false},
                                               {"reason", "the lease is older than the run"},
                                               {"latency_ms", 812},
                                               {"acted", false}}));
  EXPECT_NE(text.find("\n    judge (advisory): stop — the lease is older than the run [812 ms, "
                      "recorded only]\n"),
            std::string::npos)
      << text;
}

TEST(ConsoleProgress, AVetoSaysItStoppedTheStep) {
  StepResult result = passed_start({{"mode", "veto"},
                                    {"outcome", "answered"},
                                    {"proceed", false},
                                    {"reason", "a FATAL ERROR line in the log tail"},
                                    {"latency_ms", 5},
                                    {"acted", true}});
  result.status = StepStatus::failed;
  result.detail = "gate refused: judge vetoed: a FATAL ERROR line in the log tail";
  const std::string text = shown(result);
  EXPECT_NE(text.find("✗ [4/7] start"), std::string::npos) << text;
  EXPECT_NE(text.find("judge (veto): stop — a FATAL ERROR line in the log tail [5 ms, vetoed the "
                      "step]"),
            std::string::npos)
      << text;
}

TEST(ConsoleProgress, AJudgeWithoutAVerdictIsShownAsNotStoppingTheRun) {
  const std::string text = shown(passed_start({{"mode", "veto"},
                                               {"outcome", "unreachable"},
                                               {"proceed", nullptr},
                                               {"reason", "no answer from http://127.0.0.1:9"},
                                               {"latency_ms", 3},
                                               {"acted", false}}));
  EXPECT_NE(text.find("judge (veto): no verdict (unreachable: no answer from http://127.0.0.1:9); "
                      "the run goes on"),
            std::string::npos)
      << text;
}

TEST(ConsoleProgress, AFailedRunsLogsAreShownBeforeTheVerdictTenLinesEach) {
  Report report;
  report.target = "/t/home";
  report.failing_step = StepId::round_trip;
  report.reason = "no reply";
  FailureLogs logs;
  LogExcerpt stderr_log{"/t/home/logs/server.stderr.log", {}, 900, true};
  for (int i = 0; i < 20; ++i)
    stderr_log.lines.push_back("line " + std::to_string(i));
  logs.excerpts.push_back(stderr_log);
  logs.excerpts.push_back({"/t/home/logs/lifeline.stderr.log", {}, 0, false});
  logs.kept = KeptLogs{"/t/home.test-as-self-report.logs", {}, {}};
  report.failure_logs = logs;
  std::ostringstream out;
  ConsoleProgress(out).run_finished(report, {});
  const std::string text = out.str();
  const std::size_t heading = text.find("the run's logs, as step 5 (round-trip) left them:");
  ASSERT_NE(heading, std::string::npos) << text;
  EXPECT_NE(text.find("── logs/server.stderr.log (last 10 line(s))"), std::string::npos) << text;
  EXPECT_EQ(text.find("│ line 9\n"), std::string::npos) << text;
  EXPECT_NE(text.find("│ line 10\n"), std::string::npos) << text;
  EXPECT_NE(text.find("│ line 19\n"), std::string::npos) << text;
  EXPECT_NE(text.find("(empty: logs/lifeline.stderr.log)"), std::string::npos) << text;
  EXPECT_NE(text.find("logs kept in /t/home.test-as-self-report.logs"), std::string::npos) << text;
  EXPECT_LT(heading, text.find("VERDICT: FAIL"));
}

TEST(ConsoleProgress, OnAnAsciiConsoleAFailedRunsLogsAreDrawnInAscii) {
  Report report;
  report.target = "/t/home";
  report.failing_step = StepId::round_trip;
  FailureLogs logs;
  logs.excerpts.push_back({"/t/home/logs/server.stderr.log", {"handler failed"}, 15, false});
  report.failure_logs = logs;
  std::ostringstream out;
  ConsoleProgress(out, ConsoleCharset::ascii).run_finished(report, {});
  const std::string text = out.str();
  EXPECT_NE(
      text.find("    -- logs/server.stderr.log (all, last 1 line(s))\n    | handler failed\n"),
      std::string::npos)
      << text;
  EXPECT_TRUE(std::all_of(text.begin(), text.end(), [](char c) {
    return static_cast<unsigned char>(c) < 0x80;
  })) << text;
}

TEST(ConsoleProgress, APassedRunShowsNoLogs) {
  Report report;
  report.finished = true;
  std::ostringstream out;
  ConsoleProgress(out).run_finished(report, {});
  EXPECT_EQ(out.str(), "VERDICT: PASS\n");
}

TEST(ConsoleProgress, OnAnAsciiConsoleTheMarksAndTheDetailAreAscii) {
  std::ostringstream out;
  ConsoleProgress progress(out, ConsoleCharset::ascii);
  progress.step_started(StepId::start);
  StepResult result = passed_start({{"mode", "advisory"},
                                    {"outcome", "answered"},
                                    {"proceed", true},
                                    {"reason", "fine"},
                                    {"latency_ms", 7},
                                    {"acted", false}});
  result.detail = "token (sha256 0a1b…) — first line\nsecond line";
  progress.step_finished(result);
  progress.waiting("health", std::chrono::milliseconds(500), std::chrono::milliseconds(1000));
  EXPECT_EQ(out.str(),
            "> [4/7] start\n"
            "+ [4/7] start          1.2 s  token (sha256 0a1b...) -- first line ...\n"
            "    judge (advisory): proceed -- fine [7 ms]\n"
            "    ... waiting for health (0.5 s of 1.0 s)\n");
}

}  // namespace
}  // namespace tas
