#include <fstream>

#include "temp_dir.hpp"
#include <gtest/gtest.h>

#include <tas/core/lease.hpp>
#include <tas/core/sha256.hpp>
#include <tas/evidence/file_verifier.hpp>

namespace tas {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const std::string kToken = "123456789:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

// A healthy deploy on disk: an owned lease, the two distinct mode lines, quiet logs.
class FileVerifierTest : public ::testing::Test {
 protected:
  void SetUp() override {
    input_.home = dir_.path();
    input_.state_dir = dir_ / "state";
    input_.token_hash = sha256_hex(kToken);
    lease::write_atomically(input_.state_dir, {4242, *input_.token_hash, lease::now_ms(), 1});
    fs::create_directories(dir_ / "logs");
    fs::create_directories(dir_ / "agent-logs");
    write("logs/server.stdout.log", "Telegram send-only mode (polling disabled by --no-poll)\n");
    write("logs/probe.stdout.log",
          "Telegram send-only mode (lifeline owns polling (lease detected))\n");
    write("agent-logs/lifeline.log", "polling\n");
    input_.logs = {dir_ / "agent-logs"};
    input_.demotion = {"lifeline owns polling (lease detected)", "polling disabled by --no-poll"};
    input_.no_poll_server_log = dir_ / "logs/server.stdout.log";
    input_.demoted_server_log = dir_ / "logs/probe.stdout.log";
    input_.children = {{"server", 11, std::nullopt, dir_ / "logs/server.stdout.log",
                        dir_ / "logs/server.stderr.log"},
                       {"lifeline", 12, std::nullopt, dir_ / "logs/l.out", dir_ / "logs/l.err"}};
    input_.crash_report_dir = dir_ / "crash-reports";
  }
  void write(const std::string& relative, const std::string& text) {
    std::ofstream(dir_ / relative) << text;
  }
  json check(const json& result, const std::string& name) {
    for (const json& row : result["checks"]) {
      if (row["name"] == name) return row;
    }
    ADD_FAILURE() << "no check named " << name << " in " << result.dump(2);
    return {};
  }
  // The verifier fails, and the named check is what failed.
  void expect_fails(const std::string& name, const std::string& detail) {
    const json result = FileVerifier().verify(input_);
    EXPECT_EQ(result["ok"], false);
    const json row = check(result, name);
    EXPECT_EQ(row["ok"], false) << row.dump();
    EXPECT_NE(row.value("detail", std::string()).find(detail), std::string::npos) << row.dump();
  }

  test::TempDir dir_{"tas-verifier"};
  VerifyInput input_;
};

TEST_F(FileVerifierTest, AHealthyDeployPassesEveryCheck) {
  const json result = FileVerifier().verify(input_);
  EXPECT_EQ(result["ok"], true) << result.dump(2);
  for (const char* name : {"lease", "lease hash-only", "demotion line", "no-poll line", "no 409",
                           "no crash signature", "children", "crash reports"}) {
    EXPECT_EQ(check(result, name)["ok"], true) << name;
  }
}

TEST_F(FileVerifierTest, AStaleLeaseFails) {
  lease::write_atomically(input_.state_dir,
                          {4242, *input_.token_hash, lease::now_ms() - 120'000, 1});
  expect_fails("lease", "stale");
}

TEST_F(FileVerifierTest, ARawTokenInTheLeaseFileFails) {
  write("state/telegram-poll-owner.json",
        json{{"pid", 1}, {"tokenHash", kToken}, {"heartbeatTs", lease::now_ms()}, {"v", 1}}.dump());
  expect_fails("lease hash-only", "raw Telegram bot token");
}

TEST_F(FileVerifierTest, TheDemotionLineMustComeFromTheServerStartedWithoutTheFlag) {
  // A check that matches either line cannot tell the two servers apart (docs/architecture.md,
  // 'Mistakes it is built to catch'): swap them.
  std::swap(input_.demoted_server_log, input_.no_poll_server_log);
  expect_fails("demotion line", "never logged 'lifeline owns polling (lease detected)'");
}

TEST_F(FileVerifierTest, AConflictInAnyLogFails) {
  write("agent-logs/lifeline.log",
        "getUpdates failed: 409 Conflict: terminated by other getUpdates request\n");
  expect_fails("no 409", "lifeline.log");
}

TEST_F(FileVerifierTest, ACrashSignatureInAChildsOutputFails) {
  write("logs/l.err", "terminate called after throwing an instance of 'std::bad_alloc'\n");
  expect_fails("no crash signature", "terminate called");
}

TEST_F(FileVerifierTest, APythonTracebackFailsAndItsLinesAreShown) {
  write("logs/server.stderr.log",
        "Traceback (most recent call last):\n  File \"agent.py\", line 3, in <module>\n"
        "ValueError: the config has no port\n");
  expect_fails("no crash signature", "ValueError: the config has no port");
  const json hits = check(FileVerifier().verify(input_), "no crash signature")["hits"];
  ASSERT_FALSE(hits.empty());
  EXPECT_EQ(hits[0]["context"].size(), 3u) << hits.dump();
}

TEST_F(FileVerifierTest, TheProfilesOwnCrashPatternsCount) {
  input_.crash_patterns = {"PANIC:"};
  write("agent-logs/lifeline.log", "PANIC: ran out of turtles\n");
  expect_fails("no crash signature", "PANIC:");
}

TEST_F(FileVerifierTest, AChildThatDiedByASignalFails) {
  ExitStatus segfault;
  segfault.kind = ExitStatus::Kind::signaled;
  segfault.signal = SIGSEGV;
  input_.children[1].exit = segfault;
  expect_fails("children", "lifeline (pid 12) killed by SIGSEGV");
}

TEST_F(FileVerifierTest, ACrashReportFailsAndIsIngested) {
  fs::create_directories(input_.crash_report_dir);
  write("crash-reports/report.1.json", "{\"header\": {\"event\": \"Allocation failed\"}}");
  const json result = FileVerifier().verify(input_);
  const json row = check(result, "crash reports");
  EXPECT_EQ(row["ok"], false);
  EXPECT_NE(row["reports"][0]["tail"].get<std::string>().find("Allocation failed"),
            std::string::npos);
}

TEST_F(FileVerifierTest, AFloodedLogCostsOnlyItsTail) {
  {
    std::ofstream out(dir_ / "agent-logs/server.log");
    const std::string line(1023, 'y');
    for (int i = 0; i < 50'000; ++i)
      out << line << '\n';  // 50 MB
  }
  FileVerifier::Limits limits;
  limits.tail_bytes = 64 * 1024;
  const json result = FileVerifier(limits).verify(input_);
  EXPECT_EQ(result["ok"], true);
  for (const json& log : result["logs_scanned"]) {
    EXPECT_LE(log["bytes_scanned"].get<std::size_t>(), limits.tail_bytes);
  }
}

}  // namespace
}  // namespace tas
