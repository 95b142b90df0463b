#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace tas {

// The run's report for people (docs/report.md, 'The HTML report'): one self-contained page —
// inline CSS, no script, nothing fetched — with the verdict, a timeline of the seven steps, each
// step's detail, gate verdict and evidence, and a failed run's log excerpts. Rendered from the
// report's JSON after redaction, so it holds nothing the JSON report does not; every text in it
// is escaped.
[[nodiscard]] std::string render_html_report(const nlohmann::ordered_json& report);

// The tag every HTML report carries in its head: what lets a later run replace one, and nothing
// else, at the same path.
inline constexpr std::string_view kHtmlReportMarker =
    R"(<meta name="test-as-self-report" content="html@1">)";

// True when `text` is an HTML report of this tool (its marker in its head).
[[nodiscard]] bool is_html_report_text(std::string_view text);

// The same decision over a file: true only for a regular file that is one. A file that is missing,
// a FIFO, a device or anything of the user's is not.
[[nodiscard]] bool is_html_report_file(const std::filesystem::path& file);

// Where the HTML report goes when it is not named: beside the JSON report, ".json" made ".html"
// ("run.test-as-self-report.html"), or the first free "<stem>.<n>.html" when that name holds
// anything but an earlier HTML report.
[[nodiscard]] std::filesystem::path html_report_beside(const std::filesystem::path& json_report);

}  // namespace tas
