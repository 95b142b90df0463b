#include <fmt/format.h>

#include <tas/core/ascii_text.hpp>
#include <tas/engine/console_progress.hpp>
#include <tas/engine/report.hpp>

namespace tas {
namespace {

std::string seconds(std::chrono::milliseconds duration) {
  return fmt::format("{:.1f} s", static_cast<double>(duration.count()) / 1000.0);
}

// The first line of a detail: the console shows one line per step; the report keeps it all.
std::string first_line(const std::string& text) {
  const std::size_t end = text.find('\n');
  return end == std::string::npos ? text : text.substr(0, end) + " …";
}

// The judge's word on a step (docs/judge.md), when it was asked: its verdict and reason, or why it
// gave none — so an operator sees what the judge said without opening the report.
std::string judge_line(const nlohmann::json& judge) {
  const std::string mode = judge.value("mode", "");
  const std::string outcome = judge.value("outcome", "");
  const std::string reason = first_line(judge.value("reason", ""));
  const std::string latency = fmt::format("{} ms", judge.value("latency_ms", 0));
  if (outcome != "answered") {
    return fmt::format("    judge ({}): no verdict ({}: {}); the run goes on", mode, outcome,
                       reason);
  }
  const bool proceed = judge.value("proceed", true);
  const std::string effect = judge.value("acted", false) ? ", vetoed the step"
                             : !proceed                  ? ", recorded only"
                                                         : "";
  return fmt::format("    judge ({}): {} — {} [{}{}]", mode, proceed ? "proceed" : "stop", reason,
                     latency, effect);
}

}  // namespace

void ConsoleProgress::write(std::string_view text) {
  if (charset_ == ConsoleCharset::ascii) {
    out_ << to_ascii(text);
  } else {
    out_ << text;
  }
  out_ << std::flush;
}

std::string_view ConsoleProgress::mark(StepStatus status) const {
  const bool ascii = charset_ == ConsoleCharset::ascii;
  switch (status) {
    case StepStatus::passed:
      return ascii ? "+" : "✓";
    case StepStatus::failed:
      return ascii ? "X" : "✗";
    case StepStatus::skipped:
      return ascii ? "-" : "–";
    default:
      return ascii ? "." : "·";
  }
}

void ConsoleProgress::step_started(StepId id) {
  const std::string_view arrow = charset_ == ConsoleCharset::ascii ? ">" : "→";
  write(fmt::format("{} [{}/7] {}\n", arrow, number_of(id), name_of(id)));
}

void ConsoleProgress::step_finished(const StepResult& result) {
  const std::string status = result.status == StepStatus::skipped ? "skipped: " : "";
  std::string text =
      fmt::format("{} [{}/7] {:<12} {:>7}  {}{}\n", mark(result.status), number_of(result.id),
                  name_of(result.id), seconds(result.duration), status, first_line(result.detail));
  if (result.status == StepStatus::failed && result.detail.find('\n') != std::string::npos) {
    text += result.detail.substr(result.detail.find('\n') + 1) + "\n";
  }
  if (result.gate.is_object() && result.gate.contains("judge") &&
      result.gate["judge"].is_object()) {
    text += judge_line(result.gate["judge"]) + "\n";
  }
  write(text);
}

void ConsoleProgress::waiting(std::string_view what, std::chrono::milliseconds waited,
                              std::chrono::milliseconds budget) {
  write(fmt::format("    … waiting for {} ({} of {})\n", what, seconds(waited), seconds(budget)));
}

void ConsoleProgress::note(std::string_view line) {
  write(fmt::format("    {}\n", line));
}

void ConsoleProgress::run_finished(const Report& report,
                                   const std::vector<std::filesystem::path>& report_files) {
  std::string text;
  for (const StepResult& step : report.steps) {
    if (step.status == StepStatus::not_run) {
      text += fmt::format("{} [{}/7] {:<12} not run\n", mark(step.status), number_of(step.id),
                          name_of(step.id));
    }
  }
  text += verdict_line(report) + "\n";
  for (const auto& file : report_files)
    text += "report: " + file.string() + "\n";
  write(text);
}

std::string verdict_line(const Report& report) {
  if (!report.interrupted_by.empty()) {
    return report.failing_step
               ? fmt::format("VERDICT: FAIL (interrupted by {} during step {}: {})",
                             report.interrupted_by, number_of(*report.failing_step),
                             name_of(*report.failing_step))
               : fmt::format("VERDICT: FAIL (interrupted by {})", report.interrupted_by);
  }
  if (report.failing_step) {
    return fmt::format("VERDICT: FAIL (step {}: {})", number_of(*report.failing_step),
                       first_line(report.reason));
  }
  return "VERDICT: PASS";
}

}  // namespace tas
