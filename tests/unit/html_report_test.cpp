// The HTML report's renderer: every text escaped, each step in order, and the file recognized as
// one (so a later run may replace it) and nothing else.
#include <algorithm>
#include <fstream>

#include "report_forms_sample.hpp"
#include "temp_dir.hpp"
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <tas/engine/html_report.hpp>

namespace tas::test {
namespace {

namespace fs = std::filesystem;

std::string lowercase(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

TEST(HtmlReport, NothingARunRecordedCanOpenATag) {
  const std::string html = render_html_report(failed_run_report());
  EXPECT_EQ(lowercase(html).find("<script"), std::string::npos) << html;
  EXPECT_EQ(html.find("<b>"), std::string::npos);
  // Shown, escaped: the detail, the evidence and the log line.
  EXPECT_NE(html.find("no reply &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; "
                      "&quot;quoted&quot;"),
            std::string::npos);
  EXPECT_NE(html.find("&lt;/script&gt; &amp; \\&quot;quoted\\&quot;&lt;/pre&gt;"),
            std::string::npos)
      << "the evidence, as JSON";
  EXPECT_NE(html.find("\\x1b[31mboom\\x1b[0m &lt;script&gt;"), std::string::npos)
      << "the log line, its colour codes visible";
  EXPECT_NE(html.find("agent &lt;b&gt;"), std::string::npos);
}

TEST(HtmlReport, IsOnePageThatFetchesNothing) {
  const std::string html = lowercase(render_html_report(failed_run_report()));
  for (const char* outside : {"<link", " src=", "http://", "https://", "@import", "url("})
    EXPECT_EQ(html.find(outside), std::string::npos) << outside;
  EXPECT_NE(html.find("<style>"), std::string::npos);
}

TEST(HtmlReport, TheVerdictComesFirstThenEachStepInOrderWithItsDuration) {
  const std::string html = render_html_report(failed_run_report());
  const std::size_t verdict =
      html.find("<p id=\"verdict\" class=\"verdict verdict-fail\">FAIL</p>");
  ASSERT_NE(verdict, std::string::npos) << html;
  EXPECT_NE(html.find("<p id=\"reason\">step 5 (round-trip): no reply &lt;script&gt;"),
            std::string::npos);
  std::size_t last = verdict;
  const char* names[] = {"bot-acquire", "target-prep", "deploy",  "start",
                         "round-trip",  "verify",      "teardown"};
  for (int step = 1; step <= 7; ++step) {
    const std::size_t at = html.find("data-step=\"" + std::to_string(step) + "\"", last);
    ASSERT_NE(at, std::string::npos) << "step " << step;
    const std::size_t end = html.find("</tr>", at);
    const std::string cells = html.substr(at, end - at);
    EXPECT_NE(cells.find(names[step - 1]), std::string::npos) << cells;
    if (step != 6) {  // not run: no duration
      const int ms = 100 * step;
      EXPECT_NE(cells.find("data-duration-ms=\"" + std::to_string(ms) + "\""), std::string::npos)
          << cells;
      EXPECT_NE(cells.find(fmt::format("<td class=\"duration\">{} ms</td>", ms)), std::string::npos)
          << cells;
    }
    last = at;
  }
  EXPECT_NE(html.find("<tr class=\"step status-failed\" data-step=\"5\""), std::string::npos);
  EXPECT_NE(html.find("<details class=\"step status-failed\" id=\"step-5\" open>"),
            std::string::npos);
  EXPECT_NE(html.find("<details class=\"step status-passed\" id=\"step-4\">"), std::string::npos);
  EXPECT_NE(html.find("<tr class=\"step status-not-run\" data-step=\"6\""), std::string::npos);
}

TEST(HtmlReport, ShowsTheGateAndTheJudge) {
  const std::string html = render_html_report(failed_run_report());
  const std::size_t deploy = html.find("id=\"step-3\"");
  ASSERT_NE(deploy, std::string::npos);
  const std::string block = html.substr(deploy, html.find("</details>", deploy) - deploy);
  EXPECT_NE(block.find("rules: <strong class=\"check-passed\">proceed</strong> — all rules passed"),
            std::string::npos)
      << block;
  EXPECT_NE(block.find("✓ evidence has every key"), std::string::npos) << block;
  EXPECT_NE(block.find("<dt>mode</dt><dd>advisory</dd>"), std::string::npos) << block;
}

TEST(HtmlReport, APassedRunHasNoLogSection) {
  nlohmann::json report = failed_run_report();
  report["verdict"] = "pass";
  report["failure_logs"] = nullptr;
  const std::string html = render_html_report(report);
  EXPECT_NE(html.find(">PASS</p>"), std::string::npos);
  EXPECT_EQ(html.find("failure-logs"), std::string::npos);
}

TEST(HtmlReport, IsRecognizedByItsMarkerAndNothingElseIs) {
  EXPECT_TRUE(is_html_report_text(render_html_report(failed_run_report())));
  EXPECT_FALSE(is_html_report_text("<!DOCTYPE html><html><head><title>mine</title></head>"));
  EXPECT_FALSE(is_html_report_text("<!DOCTYPE html><html><head></head><body><pre>" +
                                   std::string(kHtmlReportMarker) + "</pre></body></html>"))
      << "a page that only quotes the marker";
  EXPECT_FALSE(is_html_report_text(""));
}

TEST(HtmlReport, BesideTheJsonReportItTakesNoNameOfTheUsers) {
  TempDir dir("tas-html");
  const fs::path json = dir / "run.test-as-self-report.json";
  EXPECT_EQ(html_report_beside(json), dir / "run.test-as-self-report.html");
  std::ofstream(dir / "run.test-as-self-report.html") << "my notes\n";
  EXPECT_EQ(html_report_beside(json), dir / "run.test-as-self-report.1.html");
  std::ofstream(dir / "run.test-as-self-report.1.html") << render_html_report(failed_run_report());
  EXPECT_EQ(html_report_beside(json), dir / "run.test-as-self-report.1.html")
      << "an earlier HTML report is replaced";
  fs::create_symlink(dir / "run.test-as-self-report.1.html", dir / "link.html");
  EXPECT_EQ(html_report_beside(dir / "link.json"), dir / "link.1.html")
      << "a symlink, even to a report, is the user's";
  EXPECT_EQ(html_report_beside(dir / "report.html"), dir / "report.html.html");
  EXPECT_EQ(html_report_beside(dir / "report"), dir / "report.html");
  EXPECT_FALSE(is_html_report_file(dir / "run.test-as-self-report.html"));
  EXPECT_FALSE(is_html_report_file("/dev/null"));
}

}  // namespace
}  // namespace tas::test
