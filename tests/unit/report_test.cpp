#include <fstream>

#include "files.hpp"
#include "temp_dir.hpp"
#include <gtest/gtest.h>

#include <tas/core/clock.hpp>
#include <tas/engine/report.hpp>

namespace tas {
namespace {

using namespace std::chrono_literals;

Report sample() {
  Report report;
  report.tool_version = "0.1.0";
  report.profile_name = "agent";
  report.profile_source = "/p/profile.json";
  report.target = "/t/home";
  report.backends = "unit";
  report.started_at =
      std::chrono::sys_days{std::chrono::year{2026} / 11 / 23} + 10h + 5min + 3s + 7ms;
  report.finished_at = report.started_at + 2500ms;
  for (const StepId id : kAllSteps) {
    StepResult row;
    row.id = id;
    row.status = StepStatus::passed;
    row.started_at = report.started_at;
    row.duration = 100ms;
    report.steps.push_back(row);
  }
  report.finished = true;
  return report;
}

TEST(Report, Iso8601WithMillisecondsInUtc) {
  EXPECT_EQ(iso8601_utc(sample().started_at), "2026-11-23T10:05:03.007Z");
}

TEST(Report, CarriesEveryDocumentedField) {
  Report report = sample();
  report.steps[3].status = StepStatus::failed;
  report.steps[3].detail = "lease stale";
  report.steps[3].gate = {{"rules", {{"proceed", true}}}};
  for (std::size_t i = 4; i < 6; ++i)
    report.steps[i].status = StepStatus::not_run;
  report.failing_step = StepId::start;
  report.reason = "lease stale";
  report.exit_code = 4;
  const nlohmann::json json = report.to_json();
  EXPECT_EQ(json["schema"], "test-as-self/report@1");
  EXPECT_EQ(json["tool"]["version"], "0.1.0");
  EXPECT_EQ(json["verdict"], "fail");
  EXPECT_EQ(json["exit_code"], 4);
  EXPECT_EQ(json["failing_step"]["number"], 4);
  EXPECT_EQ(json["failing_step"]["name"], "start");
  EXPECT_EQ(json["profile"]["name"], "agent");
  EXPECT_EQ(json["target"], "/t/home");
  EXPECT_EQ(json["started_at"], "2026-11-23T10:05:03.007Z");
  EXPECT_EQ(json["duration_ms"], 2500);
  ASSERT_EQ(json["steps"].size(), 7u);
  const auto& row = json["steps"][3];
  EXPECT_EQ(row["number"], 4);
  EXPECT_EQ(row["name"], "start");
  EXPECT_EQ(row["status"], "failed");
  EXPECT_EQ(row["detail"], "lease stale");
  EXPECT_EQ(row["gate"]["rules"]["proceed"], true);
  EXPECT_EQ(row["duration_ms"], 100);
  EXPECT_TRUE(row.contains("evidence"));
  EXPECT_EQ(json["steps"][4]["status"], "not-run");
  EXPECT_TRUE(json["steps"][4]["started_at"].is_null());
}

TEST(Report, VerdictNamesPassFailInterruptedAndIncomplete) {
  Report report = sample();
  EXPECT_EQ(report.verdict(), "pass");
  report.finished = false;
  EXPECT_EQ(report.verdict(), "incomplete");
  report.failing_step = StepId::deploy;
  EXPECT_EQ(report.verdict(), "fail");
  report.interrupted_by = "SIGINT";
  EXPECT_EQ(report.verdict(), "interrupted");
  EXPECT_EQ(report.to_json()["interrupted_by"], "SIGINT");
}

TEST(Report, WrittenAtomicallyAndRecognisedAsAReport) {
  test::TempDir dir;
  const auto file = dir / "reports/run.json";
  // A report never creates the directories above it.
  EXPECT_THROW(write_json_file(file, sample().to_json(), Durability::crash_safe),
               std::system_error);
  EXPECT_EQ(test::listing(dir.path()), "");
  std::filesystem::create_directory(dir / "reports");
  write_json_file(file, sample().to_json(), Durability::crash_safe);
  EXPECT_TRUE(is_report_file(file));
  EXPECT_EQ(test::read_json(file)["verdict"], "pass");
  EXPECT_EQ(test::listing(dir / "reports"), "run.json\n");
}

TEST(Report, TheCopyBesideAHomeNeverOverwritesSomeoneElsesFile) {
  test::TempDir dir;
  EXPECT_EQ(report_beside(dir / "run"), dir / "run.test-as-self-report.json");
  std::ofstream(dir / "run.test-as-self-report.json") << "my notes";
  EXPECT_EQ(report_beside(dir / "run"), dir / "run.test-as-self-report.1.json");
  write_json_file(dir / "run.test-as-self-report.1.json", sample().to_json(),
                  Durability::crash_safe);
  EXPECT_EQ(report_beside(dir / "run"),
            dir / "run.test-as-self-report.2.json");  // nor an old report
  EXPECT_FALSE(is_report_file(dir / "run.test-as-self-report.json"));
}

}  // namespace
}  // namespace tas
