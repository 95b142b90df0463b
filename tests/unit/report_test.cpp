#include <fstream>

#include "files.hpp"
#include "temp_dir.hpp"
#include <gtest/gtest.h>

#include <tas/core/clock.hpp>
#include <tas/core/json_schema.hpp>
#include <tas/engine/report.hpp>
#include <tas/engine/run_settings.hpp>

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

// The keys of a JSON object in the order they were written.
std::vector<std::string> keys_of(const nlohmann::ordered_json& object) {
  std::vector<std::string> keys;
  for (const auto& [key, value] : object.items())
    keys.push_back(key);
  return keys;
}

// Before: nlohmann::json sorted the keys, and the verdict came after the backends and the
// duration, the steps after the options.
TEST(Report, KeysComeInReadingOrderTheOutcomeFirstTheEvidenceLast) {
  Report report = sample();
  report.steps[0].gate = {{"rules", {{"proceed", true}, {"reason", ""}, {"checks", {}}}},
                          {"judge", nullptr}};
  const nlohmann::ordered_json json = report.to_json();
  EXPECT_EQ(keys_of(json),
            (std::vector<std::string>{"schema", "verdict", "exit_code", "failing_step", "reason",
                                      "interrupted_by", "tool", "profile", "target", "backends",
                                      "started_at", "finished_at", "duration_ms", "options",
                                      "steps", "failure_logs"}));
  EXPECT_EQ(keys_of(json["steps"][0]),
            (std::vector<std::string>{"number", "name", "status", "detail", "started_at",
                                      "duration_ms", "gate", "evidence"}));
  // And so in the file a person opens.
  test::TempDir dir;
  write_json_file(dir / "run.json", json, Durability::crash_safe);
  const std::string text = test::read_text(dir / "run.json");
  EXPECT_EQ(text.find("{\n  \"schema\": \"test-as-self/report@1\",\n  \"verdict\": \"pass\",\n  "
                      "\"exit_code\": 0,"),
            0u)
      << text.substr(0, 200);
  EXPECT_TRUE(is_report_file(dir / "run.json"));
}

// A report as the engine fills it: the run's settings as its options, and every step's evidence
// either {} or its whole record (the evidence records have their own tests; here the shapes the
// engine itself adds).
Report engine_like() {
  Report report = sample();
  RunSettings settings;
  settings.target = "/t/home";
  settings.report_file = "/t/home/test-as-self-report.json";
  settings.run_id = "1-2-abc";
  report.options = settings.to_json();
  for (StepResult& step : report.steps) {
    step.gate = {
        {"rules",
         {{"proceed", true},
          {"reason", ""},
          {"checks", {{{"rule", "token hash recorded"}, {"ok", true}, {"problem", nullptr}}}}}},
        {"judge", nullptr}};
  }
  return report;
}

std::string violation_of(const Report& report) {
  const auto violation = schema_violation(nlohmann::json(report.to_json()), kReportSchemaFile);
  return violation ? violation->describe() : std::string();
}

TEST(Report, EveryShapeTheWriterProducesConformsToReportSchema) {
  Report passed = engine_like();
  EXPECT_EQ(violation_of(passed), "");

  Report failed = engine_like();
  failed.steps[3].status = StepStatus::failed;
  failed.steps[3].detail = "cannot start server: program …: No such file or directory";
  failed.steps[3].gate = nullptr;
  for (std::size_t i = 4; i < 6; ++i) {
    failed.steps[i].status = StepStatus::not_run;
    failed.steps[i].gate = nullptr;
  }
  failed.steps[4].status = StepStatus::skipped;
  failed.failing_step = StepId::start;
  failed.reason = failed.steps[3].detail;
  failed.exit_code = 4;
  failed.steps[2].gate["judge"] = {{"mode", "veto"},   {"outcome", "answered"}, {"proceed", true},
                                   {"reason", "fine"}, {"latency_ms", 12},      {"model", "small"},
                                   {"acted", false}};
  FailureLogs logs;
  logs.excerpts.push_back({"/t/home/logs/server.stderr.log", {"boom"}, 5, false});
  logs.files_left_out = 2;
  logs.kept =
      KeptLogs{"/t/run.logs",
               {{"logs/server.stderr.log", "/t/run.logs/logs/server.stderr.log", 5, 5, false}},
               {"agent-logs/x.log: permission denied"}};
  failed.failure_logs = logs;
  EXPECT_EQ(violation_of(failed), "");

  Report interrupted = failed;
  interrupted.interrupted_by = "SIGTERM";
  interrupted.exit_code = 130;
  EXPECT_EQ(violation_of(interrupted), "");

  Report midway = engine_like();
  midway.finished = false;
  for (std::size_t i = 2; i < 7; ++i) {
    midway.steps[i].status = StepStatus::pending;
    midway.steps[i].gate = nullptr;
  }
  EXPECT_EQ(violation_of(midway), "");
}

TEST(Report, TheSchemaRefusesWhatIsNotAReport) {
  nlohmann::json report = engine_like().to_json();
  report["verdcit"] = "pass";
  EXPECT_EQ(
      schema_violation(report, kReportSchemaFile)->describe().rfind("/verdcit: unknown field", 0),
      0u);
  report = engine_like().to_json();
  report["steps"][3]["status"] = "done";
  EXPECT_NE(
      schema_violation(report, kReportSchemaFile)->describe().find("/steps/3/status: expected"),
      std::string::npos);
  report = engine_like().to_json();
  report["steps"][3]["evidence"] = {{"waited_ms", 3}};  // neither {} nor the whole record
  EXPECT_TRUE(schema_violation(report, kReportSchemaFile).has_value());
}

}  // namespace
}  // namespace tas
