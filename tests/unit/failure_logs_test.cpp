// The logs of a failed run (docs/report.md, 'Logs of a failed run'): bounded however large or many
// the logs are, redacted in the report and in the copies, and kept only where nothing that
// test-as-self did not make would be replaced.
#include <fstream>

#include "files.hpp"
#include "temp_dir.hpp"
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <tas/engine/failure_logs.hpp>

namespace tas {
namespace {

namespace fs = std::filesystem;

// A canary shaped like a bot token: the redactor must mask it even if nobody registered it.
constexpr std::string_view kCanary = "7600000042:AAHcanaryCanaryCanaryCanaryCanary0042";
constexpr std::string_view kCanarySecretHalf = "AAHcanaryCanaryCanaryCanaryCanary0042";

void write_text(const fs::path& file, std::string_view text) {
  std::ofstream(file, std::ios::binary) << text;
}

// `count` numbered lines, "line 0" … "line <count-1>".
void write_lines(const fs::path& file, std::size_t count) {
  std::ofstream out(file, std::ios::binary);
  for (std::size_t i = 0; i < count; ++i)
    out << "line " << i << "\n";
}

std::size_t total_bytes(const std::vector<std::string>& lines) {
  std::size_t bytes = 0;
  for (const std::string& line : lines)
    bytes += line.size();
  return bytes;
}

class FailureLogsTest : public ::testing::Test {
 protected:
  test::TempDir dir_{"tas-failure-logs"};
  Redactor redactor_;
  FailureLogLimits limits_;
};

TEST_F(FailureLogsTest, TheExcerptOfAHugeLogIsItsLastLinesWithinTheBounds) {
  const fs::path log = dir_ / "huge.log";
  write_lines(log, 1'000'000);  // about 13 MB
  const LogExcerpt excerpt = excerpt_of(log, limits_, redactor_);
  ASSERT_EQ(excerpt.lines.size(), limits_.excerpt_lines);
  EXPECT_EQ(excerpt.lines.front(), "line 999980");
  EXPECT_EQ(excerpt.lines.back(), "line 999999");
  EXPECT_LE(total_bytes(excerpt.lines), limits_.excerpt_bytes);
  EXPECT_TRUE(excerpt.truncated);
  EXPECT_EQ(excerpt.size, fs::file_size(log));
}

TEST_F(FailureLogsTest, LongLinesGiveWayToTheByteBoundAndTheLastOneKeepsItsEnd) {
  const fs::path log = dir_ / "wide.log";
  {
    std::ofstream out(log, std::ios::binary);
    out << std::string(3000, 'a') << "\n" << std::string(3000, 'b') << "\n";
    out << std::string(10000, 'c') << "the end\n";
  }
  const LogExcerpt excerpt = excerpt_of(log, limits_, redactor_);
  ASSERT_EQ(excerpt.lines.size(), 1u);
  EXPECT_TRUE(excerpt.lines[0].starts_with("…"));
  EXPECT_TRUE(excerpt.lines[0].ends_with("the end"));
  EXPECT_LE(excerpt.lines[0].size(), limits_.excerpt_bytes + std::string_view("…").size());
  EXPECT_TRUE(excerpt.truncated);
}

TEST_F(FailureLogsTest, ASmallLogIsShownWholeAndNotMarkedTruncated) {
  const fs::path log = dir_ / "small.log";
  write_lines(log, 3);
  const LogExcerpt excerpt = excerpt_of(log, limits_, redactor_);
  EXPECT_EQ(excerpt.lines, (std::vector<std::string>{"line 0", "line 1", "line 2"}));
  EXPECT_FALSE(excerpt.truncated);
}

TEST_F(FailureLogsTest, BytesThatAreNotUtf8BecomeReplacementCharactersSoTheReportStaysJson) {
  const fs::path log = dir_ / "binary.log";
  write_text(log, std::string("ok \xff\xfe done\n"));
  const LogExcerpt excerpt = excerpt_of(log, limits_, redactor_);
  ASSERT_EQ(excerpt.lines.size(), 1u);
  EXPECT_EQ(excerpt.lines[0], "ok \xEF\xBF\xBD\xEF\xBF\xBD done");
  FailureLogs logs;
  logs.excerpts.push_back(excerpt);
  EXPECT_NO_THROW((void)to_json(logs).dump());
}

TEST_F(FailureLogsTest, ManyLogsAreCappedAndTheRestCounted) {
  std::vector<fs::path> files;
  for (int i = 0; i < 40; ++i) {
    files.push_back(dir_ / "home" / "logs" / fmt::format("child-{:02}.log", i));
    fs::create_directories(files.back().parent_path());
    write_lines(files.back(), 2);
  }
  const FailureLogs logs = excerpts_of(files, limits_, redactor_);
  EXPECT_EQ(logs.excerpts.size(), limits_.max_files);
  EXPECT_EQ(logs.files_left_out, 40 - limits_.max_files);
  EXPECT_EQ(to_json(logs)["files_left_out"], 40 - limits_.max_files);

  const KeptLogs kept = keep_logs(files, dir_ / "home", dir_ / "run.logs", limits_, redactor_);
  EXPECT_EQ(kept.files.size(), limits_.max_files);
  EXPECT_TRUE(kept.problems.empty());
  EXPECT_TRUE(fs::exists(dir_ / "run.logs" / "logs" / "child-00.log"));
  EXPECT_FALSE(fs::exists(dir_ / "run.logs" / "logs" / "child-39.log"));
}

TEST_F(FailureLogsTest, TheCopyOfAHugeLogIsItsTailFromALineStart) {
  const fs::path home = dir_ / "home";
  fs::create_directories(home / "agent-logs");
  const fs::path log = home / "agent-logs" / "server.log";
  write_lines(log, 1'000'000);
  const KeptLogs kept = keep_logs({log}, home, dir_ / "run.logs", limits_, redactor_);
  ASSERT_EQ(kept.files.size(), 1u);
  const fs::path copy = dir_ / "run.logs" / "agent-logs" / "server.log";
  EXPECT_EQ(kept.files[0].copy, copy.string());
  EXPECT_TRUE(kept.files[0].truncated);
  EXPECT_LE(fs::file_size(copy), limits_.kept_bytes);
  const std::string content = test::read_text(copy);
  EXPECT_TRUE(content.starts_with("line ")) << content.substr(0, 20);
  EXPECT_TRUE(content.ends_with("line 999999\n"));
  EXPECT_EQ(fs::status(copy).permissions() & fs::perms::mask, fs::perms(0600));
}

TEST_F(FailureLogsTest, ATokenInALogIsMaskedInTheExcerptAndInTheKeptCopy) {
  const fs::path home = dir_ / "home";
  fs::create_directories(home / "logs");
  const fs::path log = home / "logs" / "server.stderr.log";
  write_text(log, fmt::format("handler failed: POST http://127.0.0.1:1/bot{}/sendMessage\n"
                              "and the registered one alone: {}\n",
                              kCanary, kCanarySecretHalf));
  // The run's redactor knows its token; the raw shape is masked even when it does not.
  redactor_.add_secret_text(kCanarySecretHalf);
  const LogExcerpt excerpt = excerpt_of(log, limits_, redactor_);
  ASSERT_EQ(excerpt.lines.size(), 2u);
  for (const std::string& line : excerpt.lines) {
    EXPECT_EQ(line.find(kCanarySecretHalf), std::string::npos) << line;
    EXPECT_NE(line.find(Redactor::kMask), std::string::npos) << line;
  }
  const KeptLogs kept = keep_logs({log}, home, dir_ / "run.logs", limits_, redactor_);
  ASSERT_EQ(kept.files.size(), 1u);
  const std::string copy = test::read_text(dir_ / "run.logs" / "logs" / "server.stderr.log");
  EXPECT_EQ(copy.find(kCanarySecretHalf), std::string::npos) << copy;
  EXPECT_NE(copy.find("handler failed"), std::string::npos) << copy;
}

TEST_F(FailureLogsTest, TheKeptDirectoryIsNamedAfterTheReport) {
  EXPECT_EQ(kept_logs_directory_for(dir_ / "run.json"), dir_ / "run.logs");
  EXPECT_EQ(kept_logs_directory_for(dir_ / "home.test-as-self-report.1.json"),
            dir_ / "home.test-as-self-report.1.logs");
  EXPECT_EQ(kept_logs_directory_for(dir_ / "report"), dir_ / "report.logs");
}

TEST_F(FailureLogsTest, ADirectoryOrFileTestAsSelfDidNotMakeIsNeverChosenNorReplaced) {
  fs::create_directories(dir_ / "run.logs");
  write_text(dir_ / "run.logs" / "notes.txt", "mine");
  write_text(dir_ / "run.logs.1", "a file of mine");
  EXPECT_EQ(kept_logs_directory_for(dir_ / "run.json"), dir_ / "run.logs.2");

  // Asked to keep logs there all the same, it refuses and leaves it as it was.
  const fs::path home = dir_ / "home";
  fs::create_directories(home / "logs");
  write_lines(home / "logs" / "server.stderr.log", 2);
  const KeptLogs kept =
      keep_logs({home / "logs" / "server.stderr.log"}, home, dir_ / "run.logs", limits_, redactor_);
  EXPECT_TRUE(kept.files.empty());
  ASSERT_EQ(kept.problems.size(), 1u);
  EXPECT_NE(kept.problems[0].find("not made by test-as-self"), std::string::npos);
  EXPECT_EQ(test::read_text(dir_ / "run.logs" / "notes.txt"), "mine");
  EXPECT_FALSE(fs::exists(dir_ / "run.logs" / "logs"));
  EXPECT_FALSE(is_kept_logs_directory(dir_ / "run.logs"));
}

TEST_F(FailureLogsTest, AnEarlierRunsKeptLogsForTheSameReportAreReplaced) {
  const fs::path home = dir_ / "home";
  fs::create_directories(home / "logs");
  write_lines(home / "logs" / "old.log", 1);
  const fs::path directory = kept_logs_directory_for(dir_ / "run.json");
  ASSERT_TRUE(
      keep_logs({home / "logs" / "old.log"}, home, directory, limits_, redactor_).problems.empty());
  EXPECT_TRUE(is_kept_logs_directory(directory));

  write_lines(home / "logs" / "new.log", 1);
  EXPECT_EQ(kept_logs_directory_for(dir_ / "run.json"), directory);
  const KeptLogs kept = keep_logs({home / "logs" / "new.log"}, home, directory, limits_, redactor_);
  EXPECT_TRUE(kept.problems.empty());
  EXPECT_TRUE(fs::exists(directory / "logs" / "new.log"));
  EXPECT_FALSE(fs::exists(directory / "logs" / "old.log"));
}

TEST_F(FailureLogsTest, TheRunsLogsAreTheAgentsOwnThenTheHomesLogsEachOnce) {
  const fs::path home = dir_ / "home";
  fs::create_directories(home / "agent-logs");
  fs::create_directories(home / "logs");
  write_lines(home / "agent-logs" / "b.log", 1);
  write_lines(home / "agent-logs" / "a.log", 1);
  write_lines(home / "logs" / "server.stderr.log", 1);
  write_lines(home / "extra.log", 1);
  const std::vector<fs::path> files =
      run_log_files({home / "agent-logs", home / "extra.log", home / "missing.log",
                     home / "logs" / "server.stderr.log"},
                    home / "logs");
  EXPECT_EQ(files,
            (std::vector<fs::path>{home / "agent-logs" / "a.log", home / "agent-logs" / "b.log",
                                   home / "extra.log", home / "logs" / "server.stderr.log"}));
}

}  // namespace
}  // namespace tas
