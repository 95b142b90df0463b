#pragma once

#include <memory>
#include <optional>

#include <tas/core/interrupt.hpp>
#include <tas/core/profile.hpp>
#include <tas/core/redaction.hpp>
#include <tas/engine/backend_set.hpp>
#include <tas/engine/redacting_progress.hpp>
#include <tas/engine/report.hpp>
#include <tas/engine/run_context.hpp>
#include <tas/engine/run_settings.hpp>
#include <tas/engine/steps.hpp>

namespace tas {

class ProgressSink;

// The engine of one run (docs/architecture.md, 'One run'): runs the seven steps in order, gates
// each, stops at the first failure, always tears down, and keeps the report. The CLI calls
// run_all(); the GoogleTest fixture calls run_step() once per phase and teardown() from TearDown().
// There is one engine and one report.
class Engine {
 public:
  Engine(RunSettings settings, AgentProfile profile, BackendSet backends, ProgressSink& progress,
         StepList steps = standard_steps());
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // Runs one of steps 1–6. Steps must be asked for in order; a step after a failure (or after an
  // interruption, or past the deadline) is recorded as not-run and not started. Returns its row.
  const StepResult& run_step(StepId id);
  // Step 7. Runs at most once; later calls return the first result.
  const StepResult& teardown();
  // Steps 1–6 until one fails, then teardown; finishes the report and writes it.
  const Report& run_all();

  // Completes the report (marks what never ran as not-run, computes the exit code) and writes it
  // to the report file, and — when teardown removed the home — a copy beside the home. Returns
  // the paths written. Never throws: a report that cannot be written is said on the console.
  std::vector<std::filesystem::path> finish();

  [[nodiscard]] bool failed() const { return report_.failing_step.has_value() || interrupted(); }
  [[nodiscard]] bool interrupted() const { return !report_.interrupted_by.empty(); }
  [[nodiscard]] int exit_code() const;
  [[nodiscard]] const Report& report() const { return report_; }
  [[nodiscard]] const StepResult& result(StepId id) const;
  [[nodiscard]] RunContext& context() { return *context_; }
  [[nodiscard]] const RunSettings& settings() const { return settings_; }

 private:
  StepResult& row(StepId id);
  Step& step(StepId id);
  void execute(Step& step, StepResult& result);
  void judge(const StepOutcome& outcome, StepResult& result);
  void mark_unrun(std::string_view why);
  // Teardown's call before the home goes: a failed run's log excerpts into the report, and —
  // when the home is removed — its logs copied beside the report (docs/report.md).
  void take_failure_logs(const std::vector<std::string>& teardown_problems);
  // Where the report goes now: --report-json, else inside the home while the run owns it, else
  // beside the home (docs/report.md).
  [[nodiscard]] std::filesystem::path report_destination();
  void write_progressive_report();
  // The HTML report and the JUnit XML, from the finished report's JSON (already redacted), each
  // where the settings say; a file that is no longer one of its kind is left alone and said on the
  // console. Adds each file written to written_.
  void write_other_forms(const nlohmann::ordered_json& document);
  void write_other_form(const std::filesystem::path& file, std::string_view what,
                        const std::string& content,
                        bool (*is_earlier_one)(const std::filesystem::path&));
  // Writes the report where it belongs now and returns that path. Throws std::system_error.
  std::filesystem::path write_report(const nlohmann::ordered_json& document, Durability durability);

  RunSettings settings_;
  AgentProfile profile_;
  BackendSet backends_;
  Redactor redactor_;
  RedactingProgress progress_;
  StepList steps_;
  std::unique_ptr<RunContext> context_;
  Report report_;
  SignalScope signals_;
  std::filesystem::path refused_report_file_;  // the refused run's report, in the state directory
  std::filesystem::path beside_report_file_;   // chosen once, so the run rewrites its own file
  std::vector<std::filesystem::path> written_;
  bool torn_down_ = false;
  bool finished_ = false;
};

}  // namespace tas
