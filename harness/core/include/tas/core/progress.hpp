#pragma once

#include <chrono>
#include <filesystem>
#include <string_view>
#include <vector>

#include <tas/core/step.hpp>

namespace tas {

struct Report;

// Where a run shows what it is doing while it does it: each step as it starts and ends, waits
// that take a while, and the verdict. The console prints it; tests record it.
class ProgressSink {
 public:
  virtual ~ProgressSink() = default;
  virtual void step_started(StepId id) = 0;
  virtual void step_finished(const StepResult& result) = 0;
  // Called now and then during a long wait: what it waits for, for how long so far, of how long.
  virtual void waiting(std::string_view what, std::chrono::milliseconds waited,
                       std::chrono::milliseconds budget) = 0;
  // A line the operator must see (a URL to open, a warning).
  virtual void note(std::string_view line) = 0;
  // The verdict, and where the report was written.
  virtual void run_finished(const Report& report,
                            const std::vector<std::filesystem::path>& report_files) = 0;
};

}  // namespace tas
