#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace tas {

// The run as JUnit XML (docs/report.md, 'JUnit XML'), for CI systems that show test results: a
// <testsuite> named after the profile, with the run ID and the verdict as properties, and one
// <testcase> per step in order — its time the step's duration, a <failure> on the failed step, a
// <skipped> on a skipped or not-run one, the detail in <system-out>. Rendered from the report's
// JSON after redaction; every text is escaped.
[[nodiscard]] std::string render_junit_report(const nlohmann::ordered_json& report);

// The comment every JUnit report of this tool carries on its second line: what lets a later run
// replace one, and nothing else, at the same path.
inline constexpr std::string_view kJunitReportMarker = "<!-- test-as-self junit@1 -->";

// True when `text` is a JUnit report of this tool.
[[nodiscard]] bool is_junit_report_text(std::string_view text);

// The same decision over a file: true only for a regular file (not a symlink) that is one.
[[nodiscard]] bool is_junit_report_file(const std::filesystem::path& file);

}  // namespace tas
