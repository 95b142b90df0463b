#pragma once

#include <tas/core/progress.hpp>
#include <tas/core/redaction.hpp>

namespace tas {

// The console's way out: every line a step says while it works (what it waits for, notes) goes
// through the run's Redactor before it reaches the real sink, so none can show a secret
// (docs/architecture.md, 'Where secrets are redacted'). Finished steps and the finished report
// are the run's record, which the engine redacted once as each step ended: they pass as they are.
class RedactingProgress final : public ProgressSink {
 public:
  RedactingProgress(ProgressSink& sink, const Redactor& redactor)
      : sink_(sink), redactor_(redactor) {}

  void step_started(StepId id) override { sink_.step_started(id); }
  void step_finished(const StepResult& result) override { sink_.step_finished(result); }
  void waiting(std::string_view what, std::chrono::milliseconds waited,
               std::chrono::milliseconds budget) override {
    sink_.waiting(redactor_.redact(what), waited, budget);
  }
  void note(std::string_view line) override { sink_.note(redactor_.redact(line)); }
  void run_finished(const Report& report,
                    const std::vector<std::filesystem::path>& report_files) override {
    sink_.run_finished(report, report_files);
  }

 private:
  ProgressSink& sink_;
  const Redactor& redactor_;
};

}  // namespace tas
