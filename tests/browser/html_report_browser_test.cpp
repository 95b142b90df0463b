// The HTML report of real runs of the binary, opened in a real headless Chromium from file:// as a
// person would open it, its DOM read over WebDriver: the verdict, the seven steps in order with
// their durations, the failed step marked, the failed run's log lines, and no script.
#include <memory>

#include "browser_test.hpp"
#include "cli_process.hpp"
#include "files.hpp"
#include "webdriver.hpp"
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <tas/engine/html_report.hpp>

namespace tas::test {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

class HtmlReportInBrowser : public BrowserTest {
 protected:
  // Runs test-as-self with `args` on a home in the sandbox, expects `code`, and opens the HTML
  // report written beside the JSON report. Returns the JSON report.
  json run_and_open(std::vector<std::string> args, int code) {
    const fs::path target = sandbox_.work() / "run";
    args.insert(args.end(), {"--target", target.string()});
    const CliResult result = sandbox_.run(args);
    EXPECT_EQ(result.code(), code) << result.out << result.err;
    const fs::path html = sandbox_.work() / "run.test-as-self-report.html";
    EXPECT_TRUE(is_html_report_file(html)) << result.out;
    open_browser(sandbox_.root() / "browser");
    browser_->navigate("file://" + html.string());
    return read_json(sandbox_.work() / "run.test-as-self-report.json");
  }

  [[nodiscard]] json dom(const std::string& script) const { return browser_->execute(script); }

  // The timeline's rows as the browser laid them out, checked against the JSON report's steps.
  void expect_timeline_matches(const json& report) const {
    const json rows = dom(R"(
      return Array.from(document.querySelectorAll('#timeline tbody tr')).map(row => ({
        number: row.querySelector('.number').textContent,
        name: row.querySelector('.name').textContent,
        status: row.querySelector('.status').textContent,
        duration: row.querySelector('.duration').textContent,
        duration_ms: row.dataset.durationMs,
        failed: row.classList.contains('status-failed'),
        bar: row.querySelector('.bar') ? row.querySelector('.bar').getBoundingClientRect().width
                                       : -1}));)");
    ASSERT_EQ(rows.size(), 7u) << rows.dump(2);
    for (std::size_t i = 0; i < 7; ++i) {
      const json& step = report["steps"][i];
      const json& row = rows[i];
      EXPECT_EQ(row["number"], std::to_string(i + 1));
      EXPECT_EQ(row["name"], step["name"]);
      EXPECT_EQ(row["status"], step["status"]);
      EXPECT_EQ(row["failed"], step["status"] == "failed") << row.dump();
      if (step["duration_ms"].is_number()) {
        const auto ms = step["duration_ms"].get<std::int64_t>();
        EXPECT_EQ(row["duration_ms"], std::to_string(ms));
        EXPECT_EQ(row["duration"], ms < 1000
                                       ? fmt::format("{} ms", ms)
                                       : fmt::format("{:.1f} s", static_cast<double>(ms) / 1000));
        EXPECT_GT(row["bar"].get<double>(), 0.0) << row.dump();
      } else {
        EXPECT_EQ(row["duration"], "—");
        EXPECT_EQ(row["bar"], -1);
      }
    }
  }

  CliSandbox sandbox_;
};

TEST_F(HtmlReportInBrowser, AFailedRunShowsItsVerdictItsFailedStepAndItsLogs) {
  const fs::path profile =
      write_reference_profile(sandbox_.work() / "profile.json", {{"leakTokenOnMessage", true}});
  const json report = run_and_open(
      {"--bot-token", sandbox_.put_bot_token(), "--profile", profile.string(), "--timeout-s", "32"},
      5);
  ASSERT_TRUE(browser_);
  EXPECT_EQ(browser_->text(browser_->find("#verdict")), "FAIL");
  EXPECT_EQ(browser_->title(), "test-as-self: FAIL — reference-agent");
  EXPECT_EQ(browser_->text(browser_->find("#reason")).rfind("step 5 (round-trip): no reply", 0), 0u)
      << browser_->text(browser_->find("#reason"));
  expect_timeline_matches(report);
  // The round-trip waited for a reply that never came: its bar is the longest.
  const json bars = dom(
      "return Array.from(document.querySelectorAll('#timeline tbody tr')).map(row => "
      "row.querySelector('.bar') ? row.querySelector('.bar').getBoundingClientRect().width : 0);");
  ASSERT_EQ(bars.size(), 7u);
  for (std::size_t i = 0; i < 7; ++i) {
    if (i != 4) {
      EXPECT_GT(bars[4].get<double>(), bars[i].get<double>()) << bars.dump();
    }
  }
  // The failed step is open, the others folded.
  EXPECT_EQ(dom("return document.querySelector('details#step-5').open;"), true);
  EXPECT_EQ(dom("return document.querySelector('details#step-4').open;"), false);
  EXPECT_NE(browser_->text(browser_->find("details#step-5 .detail")).find("no reply"),
            std::string::npos);
  // The server's error line, as the failure left it, with the token masked.
  const std::string logs = browser_->text(browser_->find("#failure-logs"));
  EXPECT_NE(logs.find("handler failed: POST"), std::string::npos) << logs;
  EXPECT_NE(logs.find("/bot[REDACTED]/sendMessage"), std::string::npos) << logs;
  EXPECT_NE(logs.find("logs/server.stderr.log"), std::string::npos) << logs;
  EXPECT_EQ(dom("return document.querySelectorAll('script').length;"), 0);
  // The verdict is the first thing on the page.
  EXPECT_EQ(dom("return document.querySelector('#verdict').getBoundingClientRect().top < "
                "document.querySelector('#timeline').getBoundingClientRect().top;"),
            true);
}

TEST_F(HtmlReportInBrowser, APassedRunShowsSevenPassedStepsAndNoLogs) {
  const json report =
      run_and_open({"--bot-token", sandbox_.put_bot_token(), "--timeout-s", "120"}, 0);
  ASSERT_TRUE(browser_);
  EXPECT_EQ(browser_->text(browser_->find("#verdict")), "PASS");
  expect_timeline_matches(report);
  EXPECT_EQ(dom("return document.querySelectorAll('#timeline tr.status-passed').length;"), 7);
  EXPECT_FALSE(browser_->exists("#failure-logs"));
  EXPECT_FALSE(browser_->exists("details[open]"));
  EXPECT_EQ(dom("return document.querySelectorAll('script').length;"), 0);
  // Each step's evidence is there to unfold: the start step's, with its health check.
  browser_->click(browser_->find("details#step-4 summary"));
  EXPECT_NE(browser_->text(browser_->find("details#step-4 pre.evidence")).find("\"health\""),
            std::string::npos);
}

}  // namespace
}  // namespace tas::test
