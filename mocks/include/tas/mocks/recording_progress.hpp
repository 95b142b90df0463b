#pragma once

#include <mutex>
#include <string>
#include <vector>

#include <tas/core/progress.hpp>

namespace tas::mocks {

// Keeps every progress event as a line of text, so a test can check what an operator would have
// seen (and that no secret was among it).
class RecordingProgress final : public ProgressSink {
 public:
  void step_started(StepId id) override;
  void step_finished(const StepResult& result) override;
  void waiting(std::string_view what, std::chrono::milliseconds waited,
               std::chrono::milliseconds budget) override;
  void note(std::string_view line) override;
  void run_finished(const Report& report,
                    const std::vector<std::filesystem::path>& report_files) override;

  [[nodiscard]] std::vector<std::string> lines() const;
  [[nodiscard]] std::string text() const;

 private:
  mutable std::mutex mutex_;
  std::vector<std::string> lines_;
};

}  // namespace tas::mocks
