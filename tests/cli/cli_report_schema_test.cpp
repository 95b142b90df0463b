// The reports real runs write conform to docs/schemas/report.schema.json: a passing run, a run
// that fails with its logs in the report, and a run refused before it started.
#include <fstream>

#include "cli_process.hpp"
#include "files.hpp"
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <tas/core/json_schema.hpp>
#include <tas/engine/report.hpp>

namespace tas::test {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

class CliReportSchema : public CliRunTest {
 protected:
  // "" when `file` is a report that conforms, else where and how it does not.
  static std::string violation_of(const fs::path& file) {
    if (!is_report_file(file)) return "no report at " + file.string();
    const auto violation = schema_violation(read_json(file), kReportSchemaFile);
    return violation ? violation->describe() : std::string();
  }
};

TEST_F(CliReportSchema, APassingRunsReportConforms) {
  const CliResult result = sandbox_.run({"--bot-token", sandbox_.put_bot_token(), "--target",
                                         target().string(), "--timeout-s", "120"});
  ASSERT_EQ(result.code(), 0) << result.out << result.err;
  EXPECT_EQ(violation_of(report_beside()), "");
  // The file reads in the documented order: the outcome first.
  EXPECT_EQ(read_text(report_beside())
                .rfind("{\n  \"schema\": \"test-as-self/report@1\",\n  \"verdict\": \"pass\",\n  "
                       "\"exit_code\": 0,",
                       0),
            0u);
}

TEST_F(CliReportSchema, AFailingRunsReportWithItsLogsConforms) {
  const CliResult result =
      sandbox_.run(faulted_run({{"crashAtStart", {{"process", "server"}, {"kind", "abort"}}}},
                               sandbox_.put_bot_token(), 120));
  ASSERT_EQ(result.code(), 4) << result.out << result.err;
  EXPECT_EQ(violation_of(report_beside()), "");
  EXPECT_TRUE(read_json(report_beside())["failure_logs"].is_object());
}

TEST_F(CliReportSchema, ARefusedRunsReportConforms) {
  const fs::path profile = sandbox_.work() / "profile.json";
  std::ofstream(profile) << R"({"schema": "test-as-self/profile@1", "nmae": "typo"})";
  const CliResult result =
      sandbox_.run({"--profile", profile.string(), "--target", target().string()});
  ASSERT_EQ(result.code(), 64) << result.out << result.err;
  EXPECT_NE(result.err.find("/nmae: unknown field"), std::string::npos) << result.err;
  std::vector<fs::path> reports;
  for (const auto& entry : fs::directory_iterator(sandbox_.state() / "reports"))
    reports.push_back(entry.path());
  ASSERT_EQ(reports.size(), 1u);
  EXPECT_EQ(violation_of(reports.front()), "");
  EXPECT_EQ(read_json(reports.front())["verdict"], "refused");
}

}  // namespace
}  // namespace tas::test
