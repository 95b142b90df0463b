#pragma once

#include <ostream>

#include <tas/core/console_charset.hpp>
#include <tas/core/progress.hpp>

namespace tas {

// The live view of a run on a terminal: each step as it starts and ends (number, name, ✓/✗,
// duration, one line of evidence), waits that take a while, and the verdict with the report's
// path:
//
//   → [4/7] start
//       … waiting for health 200 at http://127.0.0.1:40123/health and the lease (5.0 s of 150.0 s)
//   ✓ [4/7] start  1.2 s  health 200 after 0.3 s; lease owned by lifeline pid 4242 after 0.9 s
//   VERDICT: PASS
//
// On a console that takes only ASCII the marks are ">", "+", "X", "-" and "." (one column, as
// the symbols are), and every line is written as ASCII (tas::to_ascii).
class ConsoleProgress final : public ProgressSink {
 public:
  explicit ConsoleProgress(std::ostream& out, ConsoleCharset charset = ConsoleCharset::utf8)
      : out_(out), charset_(charset) {}

  void step_started(StepId id) override;
  void step_finished(const StepResult& result) override;
  void waiting(std::string_view what, std::chrono::milliseconds waited,
               std::chrono::milliseconds budget) override;
  void note(std::string_view line) override;
  void run_finished(const Report& report,
                    const std::vector<std::filesystem::path>& report_files) override;

 private:
  // Writes `text` as the console can show it, and flushes: a run's progress is watched live.
  void write(std::string_view text);
  [[nodiscard]] std::string_view mark(StepStatus status) const;

  std::ostream& out_;
  ConsoleCharset charset_;
};

// "VERDICT: PASS", "VERDICT: FAIL (step 4: why)", "VERDICT: FAIL (interrupted by SIGINT)".
[[nodiscard]] std::string verdict_line(const Report& report);

}  // namespace tas
