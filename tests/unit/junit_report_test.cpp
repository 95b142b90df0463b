// The JUnit renderer: one testcase per step in order, failed, skipped and not-run steps marked as
// JUnit readers expect, every text escaped.
#include <regex>

#include "report_forms_sample.hpp"
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <tas/engine/junit_report.hpp>

namespace tas::test {
namespace {

std::vector<std::string> testcase_names(const std::string& xml) {
  static const std::regex kTestcase(
      "<testcase name=\"([^\"]*)\" classname=\"[^\"]*\" time=\"([0-9.]+)\"");
  std::vector<std::string> names;
  for (auto it = std::sregex_iterator(xml.begin(), xml.end(), kTestcase);
       it != std::sregex_iterator(); ++it) {
    names.push_back((*it)[1].str() + "@" + (*it)[2].str());
  }
  return names;
}

std::string testcase_of(const std::string& xml, std::string_view name) {
  const std::size_t at = xml.find(fmt::format("<testcase name=\"{}\"", name));
  if (at == std::string::npos) return {};
  return xml.substr(at, xml.find("</testcase>", at) - at);
}

TEST(JunitReport, OneTestcasePerStepInOrderWithItsTime) {
  const std::string xml = render_junit_report(failed_run_report());
  EXPECT_EQ(testcase_names(xml),
            (std::vector<std::string>{"bot-acquire@0.100", "target-prep@0.200", "deploy@0.300",
                                      "start@0.400", "round-trip@0.500", "verify@0.000",
                                      "teardown@0.700"}))
      << xml;
  EXPECT_NE(xml.find("<testsuite name=\"agent &lt;b&gt;\" tests=\"7\" failures=\"1\" errors=\"0\" "
                     "skipped=\"2\" time=\"10.000\" timestamp=\"2026-11-23T10:00:00.000Z\">"),
            std::string::npos)
      << xml;
  EXPECT_NE(xml.find("<property name=\"run_id\" value=\"run-1234\"/>"), std::string::npos);
  EXPECT_NE(xml.find("<property name=\"verdict\" value=\"fail\"/>"), std::string::npos);
}

TEST(JunitReport, TheFailedStepHasTheFailureAndTheOthersAreSkipped) {
  const std::string xml = render_junit_report(failed_run_report());
  const std::string failed = testcase_of(xml, "round-trip");
  EXPECT_NE(
      failed.find("<failure message=\"no reply &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; "
                  "&amp; &quot;quoted&quot;\" type=\"step 5 failed\">"),
      std::string::npos)
      << failed;
  EXPECT_NE(failed.find("<system-out>no reply &lt;script&gt;"), std::string::npos) << failed;
  EXPECT_EQ(std::count(xml.begin(), xml.end(), '<') - std::count(xml.begin(), xml.end(), '>'), 0);
  EXPECT_EQ(xml.find("<failure", xml.find("<failure") + 1), std::string::npos) << "one failure";
  EXPECT_NE(testcase_of(xml, "bot-acquire").find("<skipped message=\"skipped: no bot token"),
            std::string::npos);
  EXPECT_NE(testcase_of(xml, "verify").find("<skipped message=\"not-run: step 5 failed\"/>"),
            std::string::npos);
  const std::string passed = testcase_of(xml, "deploy");
  EXPECT_EQ(passed.find("<skipped"), std::string::npos);
  EXPECT_EQ(passed.find("<failure"), std::string::npos);
}

TEST(JunitReport, ControlCharactersXmlCannotHoldAreShownNotWritten) {
  nlohmann::json report = failed_run_report();
  report["steps"][4]["detail"] = "red \x1b[31m and a bell \x07";
  const std::string xml = render_junit_report(report);
  EXPECT_NE(xml.find("red \\x1b[31m and a bell \\x07"), std::string::npos);
  for (const char c : xml) {
    const auto byte = static_cast<unsigned char>(c);
    EXPECT_FALSE(byte < 0x20 && c != '\n' && c != '\t' && c != '\r') << int(byte);
  }
}

TEST(JunitReport, IsRecognizedByItsMarkerAndNothingElseIs) {
  EXPECT_TRUE(is_junit_report_text(render_junit_report(failed_run_report())));
  EXPECT_FALSE(is_junit_report_text("<?xml version=\"1.0\"?>\n<testsuites/>\n"));
  EXPECT_FALSE(is_junit_report_text(std::string(kJunitReportMarker)));
  EXPECT_FALSE(is_junit_report_file("/dev/null"));
}

}  // namespace
}  // namespace tas::test
