#pragma once

// A finished report's JSON as the engine writes it, for the tests of the report's other forms
// (HTML, JUnit): a run that failed at step 5, whose texts hold markup and a colour code, as an
// agent's log or a hostile reply could.

#include <nlohmann/json.hpp>

#include <tas/engine/report.hpp>

namespace tas::test {

inline constexpr std::string_view kHostileText = "<script>alert('x')</script> & \"quoted\"";

inline nlohmann::json failed_run_report() {
  using namespace std::chrono_literals;
  Report report;
  report.tool_version = "0.1.0";
  report.profile_name = "agent <b>";
  report.profile_source = "/p/profile.json";
  report.target = "/t/home";
  report.backends = "unit";
  report.options = {{"run_id", "run-1234"}};
  report.started_at = std::chrono::sys_days{std::chrono::year{2026} / 11 / 23} + 10h;
  report.finished_at = report.started_at + 10'000ms;
  std::chrono::milliseconds offset{0};
  for (const StepId id : kAllSteps) {
    StepResult row;
    row.id = id;
    row.status = StepStatus::passed;
    row.started_at = report.started_at + offset;
    row.duration = std::chrono::milliseconds(100 * number_of(id));
    row.detail = "step " + std::to_string(number_of(id)) + " ok";
    row.evidence = {{"said", "step " + std::to_string(number_of(id))}};
    offset += row.duration;
    report.steps.push_back(row);
  }
  report.steps[0].status = StepStatus::skipped;
  report.steps[0].detail = "no bot token: skipped";
  report.steps[2].gate = {
      {"rules",
       {{"proceed", true},
        {"reason", "all rules passed"},
        {"checks", {{{"rule", "evidence has every key"}, {"ok", true}, {"problem", nullptr}}}}}},
      {"judge",
       {{"mode", "advisory"}, {"outcome", "answered"}, {"proceed", true}, {"reason", "fine"}}}};
  report.steps[4].status = StepStatus::failed;
  report.steps[4].detail = "no reply " + std::string(kHostileText) + "\nsecond line";
  report.steps[4].evidence = {{"reply", std::string(kHostileText) + "</pre>"}};
  report.steps[5].status = StepStatus::not_run;
  report.steps[5].detail = "step 5 failed";
  report.failing_step = StepId::round_trip;
  report.reason = report.steps[4].detail;
  report.exit_code = 5;
  FailureLogs logs;
  logs.excerpts.push_back({"logs/server.stderr.log",
                           {"listening", "\x1b[31mboom\x1b[0m " + std::string(kHostileText)},
                           1234,
                           true});
  logs.kept = KeptLogs{"/t/home.test-as-self-report.logs", {}, {}};
  report.failure_logs = logs;
  report.finished = true;
  return report.to_json();
}

}  // namespace tas::test
