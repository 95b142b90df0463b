#include <algorithm>
#include <sstream>

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

// The lines of each log the console shows; the report keeps more of each (FailureLogLimits).
constexpr std::size_t kConsoleLinesPerLog = 10;

// A log's path as the console names it: relative to the home when it is in there.
std::string log_name(const std::string& path, const std::string& home) {
  if (!home.empty() && path.starts_with(home + "/")) return path.substr(home.size() + 1);
  return path;
}

// A failed run's last words, so that it can be read without --keep: the end of each log that has
// any, the empty ones named on one line, and where the logs were kept.
void print_failure_logs(std::ostream& out, const Report& report, const FailureLogs& logs) {
  out << (report.failing_step
              ? fmt::format("  the run's logs, as step {} ({}) left them:\n",
                            number_of(*report.failing_step), name_of(*report.failing_step))
              : std::string("  the run's logs, as teardown found them:\n"));
  std::string empty;
  for (const LogExcerpt& excerpt : logs.excerpts) {
    const std::string name = log_name(excerpt.path, report.target);
    if (excerpt.lines.empty()) {
      empty += (empty.empty() ? "" : ", ") + name;
      continue;
    }
    const std::size_t shown = std::min(excerpt.lines.size(), kConsoleLinesPerLog);
    out << fmt::format("    ── {} ({}last {} line(s))\n", name,
                       excerpt.truncated || shown < excerpt.lines.size() ? "" : "all, ", shown);
    for (std::size_t i = excerpt.lines.size() - shown; i < excerpt.lines.size(); ++i)
      out << "    │ " << excerpt.lines[i] << "\n";
  }
  if (!empty.empty()) out << "    (empty: " << empty << ")\n";
  if (logs.files_left_out > 0)
    out << fmt::format("    ({} more log(s) not shown)\n", logs.files_left_out);
  if (logs.kept) {
    out << "  logs kept in " << logs.kept->directory << "\n";
    for (const std::string& problem : logs.kept->problems)
      out << "    could not keep: " << problem << "\n";
  }
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
      // Why: an earlier step failed, a signal came, or the step was not asked for (--until).
      text += fmt::format("{} [{}/7] {:<12} not run{}\n", mark(step.status), number_of(step.id),
                          name_of(step.id),
                          step.detail.empty() ? std::string() : ": " + first_line(step.detail));
    }
  }
  if (report.failure_logs && !report.failure_logs->empty()) {
    std::ostringstream logs;
    print_failure_logs(logs, report, *report.failure_logs);
    text += logs.str();
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
  // A run stopped early passed only the steps it was asked for, and says so.
  const auto until = report.options.find("until");
  if (until != report.options.end() && until->is_string()) {
    return fmt::format("VERDICT: PASS (the steps up to {}; --until {})", until->get<std::string>(),
                       until->get<std::string>());
  }
  return "VERDICT: PASS";
}

}  // namespace tas
