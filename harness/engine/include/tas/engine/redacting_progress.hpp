#pragma once

#include <tas/core/progress.hpp>
#include <tas/core/redaction.hpp>

namespace tas {

// Puts every line through the run's Redactor before it reaches the real sink, so nothing a step
// says while it works can show a secret (docs/architecture.md, 'Where secrets are redacted').
class RedactingProgress final : public ProgressSink {
 public:
  RedactingProgress(ProgressSink& sink, const Redactor& redactor)
      : sink_(sink), redactor_(redactor) {}

  void step_started(StepId id) override { sink_.step_started(id); }
  void step_finished(const StepResult& result) override;
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
