// A failed run can be read without --keep (docs/report.md, 'Logs of a failed run'): the report
// and the console carry the last lines of the agent's logs and the children's output, redacted,
// and the logs are kept beside the report once the home is gone. A passing run keeps nothing.
#include "cli_process.hpp"
#include "files.hpp"
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <tas/engine/report.hpp>
#include <tas/fake/random_bot_token.hpp>

namespace tas::test {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// The excerpt of the log whose path ends with `suffix`, or null.
json excerpt_ending(const json& report, std::string_view suffix) {
  for (const json& excerpt : report["failure_logs"]["excerpts"]) {
    if (excerpt["path"].get<std::string>().ends_with(suffix)) return excerpt;
  }
  return nullptr;
}

bool has_line_containing(const json& excerpt, std::string_view text) {
  if (!excerpt.is_object()) return false;
  for (const json& line : excerpt["lines"]) {
    if (line.get<std::string>().find(text) != std::string::npos) return true;
  }
  return false;
}

// The files under `root` whose content holds `needle`.
std::vector<std::string> files_containing(const fs::path& root, std::string_view needle) {
  std::vector<std::string> found;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (entry.is_regular_file() && read_text(entry.path()).find(needle) != std::string::npos)
      found.push_back(entry.path().string());
  }
  return found;
}

// The names in `directory` that end with ".logs" or hold ".logs.": kept-logs directories.
std::vector<std::string> kept_logs_in(const fs::path& directory) {
  std::vector<std::string> found;
  for (const auto& entry : fs::directory_iterator(directory)) {
    const std::string name = entry.path().filename().string();
    if (name.ends_with(".logs") || name.find(".logs.") != std::string::npos) found.push_back(name);
  }
  return found;
}

class CliFailureLogs : public CliRunTest {
 protected:
  [[nodiscard]] std::string secret_half() const { return canary_.substr(canary_.find(':') + 1); }

  const std::string canary_ = fake::random_bot_token(7600000003);
};

TEST_F(CliFailureLogs, ARoundTripThatFailsShowsTheAgentsErrorLineRedactedAndKeepsItsLogs) {
  // The server fails each message with an error line that quotes its request URL, the canary
  // token in it, written past the agent's own redaction.
  const CliResult result = sandbox_.run(
      faulted_run({{"leakTokenOnMessage", true}}, sandbox_.put_secret(canary_, "canary bot"), 32));
  ASSERT_EQ(result.code(), 5) << result.out << result.err;
  EXPECT_FALSE(fs::exists(target())) << "teardown removed the home";

  // The report names the agent's own error line, masked.
  ASSERT_TRUE(is_report_file(report_beside())) << result.out;
  const json report = read_json(report_beside());
  ASSERT_TRUE(report["failure_logs"].is_object()) << report.dump(2);
  const json stderr_excerpt = excerpt_ending(report, "logs/server.stderr.log");
  EXPECT_TRUE(has_line_containing(stderr_excerpt, "handler failed: POST"))
      << report["failure_logs"].dump(2);
  EXPECT_TRUE(has_line_containing(stderr_excerpt, "/bot[REDACTED]/sendMessage"))
      << report["failure_logs"].dump(2);
  // The console shows it under the failed step, before the verdict.
  const std::size_t heading = result.out.find("as step 5 (round-trip) left them");
  ASSERT_NE(heading, std::string::npos) << result.out;
  EXPECT_NE(result.out.find("handler failed: POST", heading), std::string::npos) << result.out;
  EXPECT_LT(heading, result.out.find("VERDICT: FAIL")) << result.out;

  // The logs outlive the home, beside the report, and the report names them.
  const fs::path kept = sandbox_.work() / "run.test-as-self-report.logs";
  EXPECT_EQ(report["failure_logs"]["kept_directory"], kept.string());
  EXPECT_TRUE(report["failure_logs"]["kept_problems"].empty()) << report["failure_logs"].dump(2);
  const std::string kept_stderr = read_text(kept / "logs" / "server.stderr.log");
  EXPECT_NE(kept_stderr.find("handler failed: POST"), std::string::npos) << kept_stderr;
  EXPECT_NE(kept_stderr.find("/bot[REDACTED]/sendMessage"), std::string::npos) << kept_stderr;
  EXPECT_NE(read_text(kept / "agent-logs" / "lifeline.log").find("update 1 forwarded"),
            std::string::npos);
  EXPECT_NE(result.out.find("logs kept in " + kept.string()), std::string::npos) << result.out;

  // The canary is nowhere the harness wrote, nor on its console.
  for (const auto& file : files_containing(sandbox_.work(), secret_half()))
    ADD_FAILURE() << "the canary is in " << file;
  EXPECT_EQ(result.out.find(secret_half()), std::string::npos) << "the canary is on stdout";
  EXPECT_EQ(result.err.find(secret_half()), std::string::npos) << "the canary is on stderr";
}

TEST_F(CliFailureLogs, ATeardownThatFindsACrashShowsTheCrashingProcessesLastLines) {
  const CliResult result =
      sandbox_.run(faulted_run({{"crashOnSigterm", {{"process", "lifeline"}, {"kind", "abort"}}}},
                               sandbox_.put_bot_token(), 120));
  ASSERT_EQ(result.code(), 7) << result.out << result.err;
  const json report = read_json(report_beside());
  // Its last words were written while teardown stopped it, and still reached the report.
  EXPECT_TRUE(has_line_containing(excerpt_ending(report, "agent-logs/lifeline.log"),
                                  "crashOnSigterm fault: crashing now"))
      << report["failure_logs"].dump(2);
  EXPECT_NE(result.out.find("as step 7 (teardown) left them"), std::string::npos) << result.out;
  EXPECT_TRUE(fs::is_directory(sandbox_.work() / "run.test-as-self-report.logs"));
}

TEST_F(CliFailureLogs, AnEarlierDirectoryOfTheUsersBesideTheReportIsLeftAloneAndAnotherNameUsed) {
  const fs::path report = sandbox_.work() / "out.json";
  const fs::path users = sandbox_.work() / "out.logs";
  fs::create_directories(users);
  write_file(users / "notes.txt", "mine\n");
  const CliResult result =
      sandbox_.run(faulted_run({{"crashAtStart", {{"process", "server"}, {"kind", "abort"}}}},
                               sandbox_.put_bot_token(), 32, {"--report-json", report.string()}));
  ASSERT_EQ(result.code(), 4) << result.out << result.err;
  EXPECT_EQ(read_text(users / "notes.txt"), "mine\n");
  EXPECT_EQ(kept_logs_in(users).size(), 0u);
  const json written = read_json(report);
  const fs::path kept = sandbox_.work() / "out.logs.1";
  EXPECT_EQ(written["failure_logs"]["kept_directory"], kept.string()) << written.dump(2);
  EXPECT_NE(read_text(kept / "logs" / "server.stdout.log").find("crashAtStart fault: crashing now"),
            std::string::npos);
  EXPECT_TRUE(has_line_containing(excerpt_ending(written, "logs/server.stdout.log"),
                                  "crashAtStart fault: crashing now"))
      << written["failure_logs"].dump(2);
}

TEST_F(CliFailureLogs, APassingRunKeepsNoLogs) {
  const CliResult result = sandbox_.run({"--bot-token", sandbox_.put_bot_token(), "--target",
                                         target().string(), "--timeout-s", "120"});
  ASSERT_EQ(result.code(), 0) << result.out << result.err;
  const json report = read_json(report_beside());
  EXPECT_TRUE(report["failure_logs"].is_null()) << report["failure_logs"].dump(2);
  EXPECT_TRUE(kept_logs_in(sandbox_.work()).empty());
  EXPECT_EQ(result.out.find("left them"), std::string::npos) << result.out;
}

}  // namespace
}  // namespace tas::test
