#include "report_paths.hpp"

#include <fmt/format.h>

#include <tas/core/errors.hpp>
#include <tas/engine/html_report.hpp>
#include <tas/engine/junit_report.hpp>

namespace tas::cli {

namespace fs = std::filesystem;

fs::path checked_report_file(const fs::path& given, const ReportOption& report,
                             const ProtectedTargets& guarded) {
  // --report-json keeps the words its refusals have always had; the others are named as given.
  const fs::path file = report.option == "--report-json"
                            ? check_report_location(given, guarded)
                            : check_report_location(given, guarded, report.option);
  std::error_code error;
  const fs::file_status status = fs::symlink_status(file, error);
  if (fs::is_directory(status)) {
    throw UsageError(
        fmt::format("{} '{}' is a directory; pass a file path", report.option, given.string()));
  }
  if (fs::exists(status) && !fs::is_regular_file(status)) {
    throw UsageError(fmt::format(
        "{} '{}' exists and is not a regular file (a FIFO, a device or a socket): a report is a "
        "file. Choose another path.",
        report.option, given.string()));
  }
  if (!fs::is_directory(fs::status(file.parent_path(), error))) {
    throw UsageError(fmt::format(
        "{} '{}': the directory '{}' does not exist, and a run never creates directories for its "
        "report. Create it first, or choose another path.",
        report.option, given.string(), file.parent_path().string()));
  }
  if (fs::exists(status) && !report.is_earlier_one(file)) {
    throw UsageError(fmt::format(
        "refusing {} '{}': the file exists and is not {}, and a run never overwrites what it did "
        "not create. Choose another path.",
        report.option, given.string(), report.kind));
  }
  return file;
}

void set_other_report_forms(const CommandLine& line, const ProtectedTargets& guarded,
                            fs::path (*given_path)(const fs::path&), RunSettings& settings) {
  static constexpr ReportOption kHtml{"--report-html", "a test-as-self HTML report",
                                      is_html_report_file};
  static constexpr ReportOption kJunit{"--junit", "a test-as-self JUnit report",
                                       is_junit_report_file};
  settings.report_html = !line.no_report_html;
  if (line.report_html)
    settings.report_html_file = checked_report_file(given_path(*line.report_html), kHtml, guarded);
  if (line.junit)
    settings.junit_file = checked_report_file(given_path(*line.junit), kJunit, guarded);
  // Two reports at one path would each overwrite the other, and the second check above would have
  // passed only because the first file is not there yet.
  const std::pair<std::string_view, const fs::path*> named[] = {
      {"--report-json", settings.report_file_given ? &settings.report_file : nullptr},
      {"--report-html", settings.report_html_file.empty() ? nullptr : &settings.report_html_file},
      {"--junit", settings.junit_file.empty() ? nullptr : &settings.junit_file}};
  for (std::size_t i = 0; i < std::size(named); ++i) {
    for (std::size_t j = i + 1; j < std::size(named); ++j) {
      if (named[i].second != nullptr && named[j].second != nullptr &&
          *named[i].second == *named[j].second) {
        throw UsageError(fmt::format(
            "{} and {} name the same file '{}': each report needs a path of its own. Choose "
            "another path for one of them.",
            named[i].first, named[j].first, named[i].second->string()));
      }
    }
  }
}

}  // namespace tas::cli
