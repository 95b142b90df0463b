#include <fmt/format.h>

#include <tas/engine/console_progress.hpp>
#include <tas/engine/report.hpp>
#include <tas/mocks/recording_progress.hpp>

namespace tas::mocks {

void RecordingProgress::step_started(StepId id) {
  std::lock_guard lock(mutex_);
  lines_.push_back(fmt::format("started {}", name_of(id)));
}

void RecordingProgress::step_finished(const StepResult& result) {
  std::lock_guard lock(mutex_);
  lines_.push_back(fmt::format("finished {} {}: {} {}", name_of(result.id),
                               to_string(result.status), result.detail, result.evidence.dump()));
}

void RecordingProgress::waiting(std::string_view what, std::chrono::milliseconds waited,
                                std::chrono::milliseconds budget) {
  std::lock_guard lock(mutex_);
  lines_.push_back(fmt::format("waiting {} {}/{}", what, waited.count(), budget.count()));
}

void RecordingProgress::note(std::string_view line) {
  std::lock_guard lock(mutex_);
  lines_.push_back(fmt::format("note {}", line));
}

void RecordingProgress::run_finished(const Report& report,
                                     const std::vector<std::filesystem::path>& report_files) {
  std::lock_guard lock(mutex_);
  lines_.push_back(verdict_line(report));
  for (const auto& file : report_files)
    lines_.push_back("report " + file.string());
}

std::vector<std::string> RecordingProgress::lines() const {
  std::lock_guard lock(mutex_);
  return lines_;
}

std::string RecordingProgress::text() const {
  std::string all;
  for (const std::string& line : lines())
    all += line + "\n";
  return all;
}

}  // namespace tas::mocks
