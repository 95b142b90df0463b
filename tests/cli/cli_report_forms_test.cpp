// The report's other forms on the real binary (docs/report.md, 'The HTML report', 'JUnit XML'):
// the HTML report beside the JSON one by default, JUnit XML when asked for, both readable by
// their tools, redacted, and never written over a file of the user's.

#include "cli_process.hpp"
#include "files.hpp"
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sys/stat.h>

#include <tas/engine/html_report.hpp>
#include <tas/engine/junit_report.hpp>
#include <tas/engine/report.hpp>
#include <tas/fake/random_bot_token.hpp>

namespace tas::test {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// The testcases of a JUnit file in order: name, and what marks it ("failure", "skipped" or "").
std::vector<std::pair<std::string, std::string>> testcases(const std::string& xml) {
  std::vector<std::pair<std::string, std::string>> found;
  const std::string open = "<testcase name=\"";
  for (std::size_t at = xml.find(open); at != std::string::npos; at = xml.find(open, at + 1)) {
    const std::size_t name_end = xml.find('"', at + open.size());
    const std::size_t end = xml.find("</testcase>", at);
    if (name_end == std::string::npos || end == std::string::npos) break;
    const std::string body = xml.substr(name_end, end - name_end);
    found.emplace_back(xml.substr(at + open.size(), name_end - at - open.size()),
                       body.find("<failure ") != std::string::npos   ? "failure"
                       : body.find("<skipped ") != std::string::npos ? "skipped"
                                                                     : "");
  }
  return found;
}

// xmllint's verdict on a file, when libxml2's tools are installed: its exit code, or -1 without it.
int xmllint(const fs::path& file) {
  if (!fs::exists("/usr/bin/xmllint")) return -1;
  const std::string command = "/usr/bin/xmllint --noout '" + file.string() + "' 2>&1";
  return WEXITSTATUS(std::system(command.c_str()));
}

class CliReportForms : public CliRunTest {
 protected:
  [[nodiscard]] fs::path html_beside() const {
    return sandbox_.work() / "run.test-as-self-report.html";
  }
  CliResult passing_run(std::vector<std::string> extra = {}) {
    std::vector<std::string> args{"--no-roundtrip", "--target", target().string(), "--timeout-s",
                                  "60"};
    args.insert(args.end(), extra.begin(), extra.end());
    return sandbox_.run(args);
  }
  // A refused run: exit 64 naming `option`, and the file at `path` as it was.
  void expect_refused(const std::vector<std::string>& args, std::string_view option,
                      const fs::path& path, const std::string& content) {
    const CliResult result = sandbox_.run(args, std::chrono::seconds(30));
    EXPECT_EQ(result.code(), 64) << result.out << result.err;
    EXPECT_NE(result.err.find(option), std::string::npos) << result.err;
    EXPECT_NE(result.err.find("hoose another path"), std::string::npos) << result.err;
    EXPECT_FALSE(fs::exists(target())) << "refused before anything was created";
    if (!content.empty()) {
      EXPECT_EQ(read_text(path), content);
    }
  }
};

TEST_F(CliReportForms, APassingRunWritesItsHtmlReportBesideTheJsonReport) {
  const CliResult result = passing_run();
  ASSERT_EQ(result.code(), 0) << result.out << result.err;
  ASSERT_TRUE(is_report_file(report_beside())) << result.out;
  ASSERT_TRUE(is_html_report_file(html_beside())) << result.out;
  EXPECT_NE(result.out.find("report: " + html_beside().string()), std::string::npos) << result.out;
  const std::string html = read_text(html_beside());
  EXPECT_NE(html.find(">PASS</p>"), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(fs::status(html_beside()).permissions(), fs::perms(0644));
}

TEST_F(CliReportForms, NoReportHtmlWritesNone) {
  const CliResult result = passing_run({"--no-report-html"});
  ASSERT_EQ(result.code(), 0) << result.out << result.err;
  EXPECT_TRUE(is_report_file(report_beside()));
  EXPECT_FALSE(fs::exists(html_beside()));
  EXPECT_EQ(result.out.find(".html"), std::string::npos) << result.out;
}

TEST_F(CliReportForms, AUsersFileWhereTheHtmlReportWouldGoIsLeftAloneAndAnotherNameUsed) {
  write_file(html_beside(), "my notes\n");
  const CliResult result = passing_run();
  ASSERT_EQ(result.code(), 0) << result.out << result.err;
  EXPECT_EQ(read_text(html_beside()), "my notes\n");
  const fs::path next = sandbox_.work() / "run.test-as-self-report.1.html";
  EXPECT_TRUE(is_html_report_file(next)) << result.out;
  EXPECT_NE(result.out.find("report: " + next.string()), std::string::npos) << result.out;
}

TEST_F(CliReportForms, ANamedHtmlReportOrJunitFileOfTheUsersIsRefused) {
  const fs::path mine = sandbox_.work() / "mine.html";
  write_file(mine, "<html>mine</html>\n");
  expect_refused({"--no-roundtrip", "--target", target().string(), "--report-html", mine.string()},
                 "refusing --report-html", mine, "<html>mine</html>\n");
  const fs::path results = sandbox_.work() / "results.xml";
  write_file(results, "<testsuites/>\n");
  expect_refused({"--no-roundtrip", "--target", target().string(), "--junit", results.string()},
                 "refusing --junit", results, "<testsuites/>\n");
  ASSERT_EQ(::mkfifo((sandbox_.work() / "fifo").c_str(), 0600), 0);
  expect_refused({"--no-roundtrip", "--target", target().string(), "--report-html",
                  (sandbox_.work() / "fifo").string()},
                 "not a regular file", {}, {});
  expect_refused({"--no-roundtrip", "--target", target().string(), "--junit",
                  (sandbox_.work() / "no-such-dir" / "j.xml").string()},
                 "never creates directories", {}, {});
  EXPECT_FALSE(fs::exists(sandbox_.work() / "no-such-dir"));
  const fs::path same = sandbox_.work() / "same";
  expect_refused({"--no-roundtrip", "--target", target().string(), "--report-json", same.string(),
                  "--junit", same.string()},
                 "name the same file", {}, {});
  const CliResult both =
      sandbox_.run({"--report-html", mine.string(), "--no-report-html"}, std::chrono::seconds(30));
  EXPECT_EQ(both.code(), 64) << both.err;
}

TEST_F(CliReportForms, AnEarlierReportOfTheSameKindIsReplaced) {
  const fs::path html = sandbox_.work() / "r.html";
  const fs::path junit = sandbox_.work() / "r.xml";
  ASSERT_EQ(passing_run({"--report-html", html.string(), "--junit", junit.string()}).code(), 0);
  const std::string first_run = read_text(junit);
  const CliResult again = passing_run({"--report-html", html.string(), "--junit", junit.string()});
  ASSERT_EQ(again.code(), 0) << again.out << again.err;
  EXPECT_TRUE(is_html_report_file(html));
  EXPECT_TRUE(is_junit_report_file(junit));
  EXPECT_NE(read_text(junit), first_run) << "a new run ID";
}

TEST_F(CliReportForms, AFailedRunsJunitHasSevenTestcasesAndTheFailureOnItsStep) {
  const std::string canary = fake::random_bot_token(7600000011);
  const fs::path junit = sandbox_.work() / "junit.xml";
  const CliResult result = sandbox_.run(faulted_run({{"leakTokenOnMessage", true}},
                                                    sandbox_.put_secret(canary, "canary"), 32,
                                                    {"--junit", junit.string()}));
  ASSERT_EQ(result.code(), 5) << result.out << result.err;
  ASSERT_TRUE(is_junit_report_file(junit)) << result.out;
  const std::string xml = read_text(junit);
  EXPECT_NE(xml.find("<testsuite name=\"reference-agent\""), std::string::npos) << xml;
  const json report = read_json(report_beside());
  EXPECT_NE(xml.find("<property name=\"run_id\" value=\"" +
                     report["options"]["run_id"].get<std::string>() + "\"/>"),
            std::string::npos)
      << xml;
  EXPECT_NE(xml.find("<property name=\"verdict\" value=\"fail\"/>"), std::string::npos);
  using Case = std::pair<std::string, std::string>;
  EXPECT_EQ(testcases(xml), (std::vector<Case>{{"bot-acquire", ""},
                                               {"target-prep", ""},
                                               {"deploy", ""},
                                               {"start", ""},
                                               {"round-trip", "failure"},
                                               {"verify", "skipped"},
                                               {"teardown", ""}}))
      << xml;
  EXPECT_NE(xmllint(junit), 1) << xml;
  EXPECT_NE(xmllint(junit), 2) << xml;

  // The HTML report beside the JSON report shows the failure and its logs, the token masked.
  const std::string html = read_text(html_beside());
  EXPECT_NE(html.find("<tr class=\"step status-failed\" data-step=\"5\""), std::string::npos);
  EXPECT_NE(html.find("handler failed: POST"), std::string::npos);
  EXPECT_NE(html.find("/bot[REDACTED]/sendMessage"), std::string::npos);
  const std::string secret_half = canary.substr(canary.find(':') + 1);
  for (const fs::path& file : {junit, html_beside()}) {
    EXPECT_EQ(read_text(file).find(secret_half), std::string::npos) << "the canary is in " << file;
  }
}

}  // namespace
}  // namespace tas::test
