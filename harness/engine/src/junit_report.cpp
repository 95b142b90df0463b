#include "markup_text.hpp"
#include "report_fields.hpp"
#include <fmt/format.h>

#include <tas/core/untrusted_file.hpp>
#include <tas/engine/junit_report.hpp>

namespace tas {
namespace {

using json = nlohmann::ordered_json;

std::string esc(std::string_view text) {
  return markup_text(text);
}

// JUnit's time: seconds, with the milliseconds the report has.
std::string junit_seconds(std::optional<std::int64_t> milliseconds) {
  return fmt::format("{:.3f}", static_cast<double>(milliseconds.value_or(0)) / 1000.0);
}

std::string property(std::string_view name, std::string_view value) {
  return fmt::format("    <property name=\"{}\" value=\"{}\"/>\n", esc(name), esc(value));
}

std::string testcase(const json& step, std::string_view suite) {
  const std::string status = text_at(step, "status");
  const std::string detail = text_at(step, "detail");
  std::string xml = fmt::format("  <testcase name=\"{}\" classname=\"{}\" time=\"{}\">\n",
                                esc(text_at(step, "name")), esc(suite),
                                junit_seconds(integer_at(step, "duration_ms")));
  if (status == "failed") {
    xml += fmt::format("    <failure message=\"{}\" type=\"step {} failed\">{}</failure>\n",
                       esc(first_line_of(detail)), esc(text_at(step, "number")), esc(detail));
  } else if (status != "passed") {
    // skipped, not-run, and pending in a report that never finished: none of them ran to a result.
    xml +=
        fmt::format("    <skipped message=\"{}: {}\"/>\n", esc(status), esc(first_line_of(detail)));
  }
  if (!detail.empty()) xml += fmt::format("    <system-out>{}</system-out>\n", esc(detail));
  xml += "  </testcase>\n";
  return xml;
}

}  // namespace

std::string render_junit_report(const json& report) {
  const json& steps = array_at(report, "steps");
  int failures = 0;
  int skipped = 0;
  for (const json& step : steps) {
    const std::string status = text_at(step, "status");
    failures += status == "failed" ? 1 : 0;
    skipped += status != "failed" && status != "passed" ? 1 : 0;
  }
  std::string suite = text_at(object_at(report, "profile"), "name");
  if (suite.empty()) suite = "test-as-self";
  std::string xml = fmt::format(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{}\n"
      "<testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"{}\" "
      "time=\"{}\" timestamp=\"{}\">\n  <properties>\n",
      kJunitReportMarker, esc(suite), steps.size(), failures, skipped,
      junit_seconds(integer_at(report, "duration_ms")), esc(text_at(report, "started_at")));
  xml += property("run_id", text_at(object_at(report, "options"), "run_id"));
  xml += property("verdict", text_at(report, "verdict"));
  xml += property("exit_code", text_at(report, "exit_code"));
  if (const std::string by = text_at(report, "interrupted_by"); !by.empty())
    xml += property("interrupted_by", by);
  xml += property("target", text_at(report, "target"));
  xml += property("backends", text_at(report, "backends"));
  xml += property("profile_source", text_at(object_at(report, "profile"), "source"));
  xml += "  </properties>\n";
  for (const json& step : steps)
    xml += testcase(step, suite);
  xml += "</testsuite>\n";
  return xml;
}

bool is_junit_report_text(std::string_view text) {
  const std::size_t declaration_end = text.find('\n');
  return text.starts_with("<?xml") && declaration_end != std::string_view::npos &&
         text.substr(declaration_end + 1).starts_with(kJunitReportMarker);
}

bool is_junit_report_file(const std::filesystem::path& file) {
  // Not through a symlink: writing would replace the link itself, which is the user's.
  const UntrustedRead read =
      read_untrusted_file(file, "the JUnit report", kMaxReportFileBytes, SymlinkPolicy::refuse);
  return read.ok() && is_junit_report_text(read.content);
}

}  // namespace tas
