// Files and values from outside: every user-named file must be a regular file of bounded size,
// every JSON text is depth-capped, and no error repeats the text it refuses. (The FIFO cases,
// which would hang a broken reader, are run on the real binary with a deadline in
// tests/cli/cli_untrusted_input_test.cpp.)
#include <fstream>
#include <string>

#include "temp_dir.hpp"
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sys/stat.h>

#include <tas/core/errors.hpp>
#include <tas/core/lease.hpp>
#include <tas/core/profile.hpp>
#include <tas/core/sha256.hpp>
#include <tas/core/untrusted_file.hpp>
#include <tas/core/untrusted_json.hpp>
#include <tas/engine/report.hpp>
#include <tas/tiers/live_config.hpp>

namespace tas {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::string nested(std::size_t depth) {
  return std::string(depth, '[') + std::string(depth, ']');
}

// A profile text that is valid except for `initial`, spliced in as raw JSON text.
std::string profile_with_initial(const std::string& initial) {
  return R"({"schema": "test-as-self/profile@1", "name": "agent", "dist": "/dist",
    "state_dir": "{target}/state", "config": {"path": "{target}/a.json", "initial": )" +
         initial + R"(},
    "server": {"argv": ["{dist}/server"], "no_poll_flag": "--no-poll"},
    "lifeline": {"argv": ["{dist}/lifeline"]},
    "demotion": {"lease_detected": "lease detected", "no_poll_flag": "by --no-poll"}})";
}

std::string load_refusal(const fs::path& file) {
  try {
    (void)load_profile(file);
  } catch (const UsageError& error) {
    EXPECT_EQ(error.exit_code(), 64);
    return error.what();
  }
  ADD_FAILURE() << "the profile was accepted";
  return {};
}

TEST(UntrustedJson, NestingDeeperThanTheCapIsRefusedWithItsPosition) {
  EXPECT_TRUE(parse_untrusted_json(nested(kMaxJsonDepth)).ok());
  const JsonParse deep = parse_untrusted_json(nested(50'000));
  ASSERT_FALSE(deep.ok());
  EXPECT_TRUE(deep.value.is_discarded());
  EXPECT_EQ(deep.error->line, 1u);
  EXPECT_EQ(deep.error->column, kMaxJsonDepth + 1);
  EXPECT_NE(deep.error->describe().find("nested deeper than 64 levels"), std::string::npos);
  // Brackets inside strings are text, not nesting.
  EXPECT_TRUE(parse_untrusted_json("[\"" + std::string(1000, '[') + "\\\"\"]").ok());
}

TEST(UntrustedJson, ParseErrorsNameLineColumnAndKindButNeverTheText) {
  const JsonParse parsed = parse_untrusted_json("{\n  \"a\": \"hunter2-Correct-Horse");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error->line, 2u);
  const std::string message = parsed.error->describe();
  EXPECT_NE(message.find("line 2, column"), std::string::npos) << message;
  EXPECT_NE(message.find("missing closing quote"), std::string::npos) << message;
  EXPECT_EQ(message.find("hunter2"), std::string::npos) << message;
  EXPECT_EQ(message.find("last read"), std::string::npos) << message;
}

// Found by the lease fuzzer: a number out of range throws out_of_range, not parse_error, and its
// message quotes the number.
TEST(UntrustedJson, ANumberTooLargeIsAParseErrorThatDoesNotQuoteIt) {
  const JsonParse parsed = parse_untrusted_json("{\"pid\": 333031232e330}");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error->describe(), "line 1, column 21: a number too large to represent");
}

TEST(UntrustedFile, OnlyARegularFileWithinItsCapIsRead) {
  test::TempDir dir;
  std::ofstream(dir / "small") << "12345";
  EXPECT_EQ(read_untrusted_file(dir / "small", "the file", 5).content, "12345");
  const UntrustedRead big = read_untrusted_file(dir / "small", "the file", 4);
  EXPECT_EQ(big.status, UntrustedFile::Status::too_large);
  EXPECT_NE(big.problem.find("more than the 4 bytes"), std::string::npos) << big.problem;
  ASSERT_EQ(::mkfifo((dir / "fifo").c_str(), 0600), 0);
  const UntrustedRead fifo = read_untrusted_file(dir / "fifo", "the file", 1024);
  EXPECT_EQ(fifo.status, UntrustedFile::Status::not_regular);
  EXPECT_NE(fifo.problem.find("FIFO"), std::string::npos) << fifo.problem;
  const UntrustedRead zero = read_untrusted_file("/dev/zero", "the file", 1024);
  EXPECT_EQ(zero.status, UntrustedFile::Status::not_regular);
  EXPECT_NE(zero.problem.find("character device"), std::string::npos) << zero.problem;
  EXPECT_EQ(read_untrusted_file(dir / "none", "the file", 1).status,
            UntrustedFile::Status::missing);
  // Files under /proc claim size 0: the cap still holds on what is read.
  EXPECT_EQ(read_untrusted_file("/proc/self/maps", "the file", 16).status,
            UntrustedFile::Status::too_large);
  EXPECT_TRUE(is_regular_or_missing(dir / "small"));
  EXPECT_TRUE(is_regular_or_missing(dir / "none"));
  EXPECT_FALSE(is_regular_or_missing(dir / "fifo"));
  EXPECT_FALSE(is_regular_or_missing("/dev/null"));
}

// Before: /dev/zero was read without bound (std::bad_alloc); a device is refused unread.
TEST(UntrustedProfile, ADeviceAsTheProfileIsAUsageErrorNamingWhatItIs) {
  const std::string message = load_refusal("/dev/null");
  EXPECT_NE(message.find("character device, not a regular file"), std::string::npos) << message;
}

// Before: a 50,000-deep config.initial crashed the CLI (SIGSEGV).
TEST(UntrustedProfile, DeepNestingIsAUsageErrorWithItsPosition) {
  test::TempDir dir;
  std::ofstream(dir / "p.json") << profile_with_initial("{\"a\": " + nested(50'000) + "}");
  const std::string message = load_refusal(dir / "p.json");
  EXPECT_NE(message.find("nested deeper than 64 levels"), std::string::npos) << message;
  EXPECT_NE(message.find("line 2, column"), std::string::npos) << message;
}

// Before: the message quoted the text at the error ("last read: '...'"), 52 MB for a 50 MB string.
TEST(UntrustedProfile, AParseErrorNamesThePlaceNeverTheText) {
  test::TempDir dir;
  std::ofstream(dir / "p.json") << "{\"name\": \"hunter2-Correct-Horse-Battery-42"
                                << std::string(100'000, 'x');
  const std::string message = load_refusal(dir / "p.json");
  EXPECT_EQ(message.find("hunter2"), std::string::npos) << message.substr(0, 300);
  EXPECT_LT(message.size(), 400u);
  EXPECT_NE(message.find("line 1, column"), std::string::npos) << message;
}

TEST(UntrustedProfile, AnOversizedProfileIsRefusedByItsSize) {
  test::TempDir dir;
  std::ofstream(dir / "p.json") << std::string(kMaxConfigFileBytes + 1, ' ');
  const std::string message = load_refusal(dir / "p.json");
  EXPECT_NE(message.find("more than the 1048576 bytes"), std::string::npos) << message;
}

// Before: 9223372036854775807 s overflowed the deadline and killed init after 0.1 s.
TEST(UntrustedProfile, EveryNumberIsRangeChecked) {
  test::TempDir dir;
  for (const std::string& timeouts :
       {std::string(R"({"command_s": 9223372036854775807})"),
        std::string(R"({"command_s": 86401})"),
        std::string(R"({"stop_grace_s": 9223372036854775807})"),
        std::string(R"({"stop_grace_s": 18446744073709551615})"),
        std::string(R"({"stop_grace_s": -1})"), std::string(R"({"stop_grace_s": 1.5})")}) {
    std::string text = profile_with_initial("{}");
    text.insert(text.rfind('}'), ", \"timeouts\": " + timeouts);
    std::ofstream(dir / "p.json", std::ios::trunc) << text;
    const std::string message = load_refusal(dir / "p.json");
    EXPECT_NE(message.find(": /timeouts/"), std::string::npos) << message;
    EXPECT_NE(message.find("expected an integer from 1 to "), std::string::npos) << message;
  }
  std::string text = profile_with_initial("{}");
  text.insert(text.rfind('}'), R"(, "timeouts": {"command_s": 86400, "stop_grace_s": 300})");
  std::ofstream(dir / "p.json", std::ios::trunc) << text;
  const AgentProfile profile = load_profile(dir / "p.json");
  EXPECT_EQ(profile.command_timeout, std::chrono::seconds(86400));
  EXPECT_EQ(profile.stop_grace, std::chrono::seconds(300));
}

// Before: both were accepted and failed only at run time.
TEST(UntrustedProfile, PortFromConfigInTheInitialConfigAndSecretShapedNamesAreProfileErrors) {
  test::TempDir dir;
  std::string text = profile_with_initial(R"({"server": {"port": "{port}"}})");
  text.insert(text.rfind('}'), R"(, "port": {"source": "config", "pointer": "/server/port"})");
  std::ofstream(dir / "p.json", std::ios::trunc) << text;
  std::string message = load_refusal(dir / "p.json");
  EXPECT_NE(message.find("config.initial.server.port"), std::string::npos) << message;
  EXPECT_NE(message.find("{port}"), std::string::npos) << message;

  const std::string secret_name = "ghp_" + std::string(36, 'A');
  text = profile_with_initial("{}");
  text.insert(text.rfind('}'), R"(, "environment": {"set": {")" + secret_name + R"(": "x"}})");
  std::ofstream(dir / "p.json", std::ios::trunc) << text;
  message = load_refusal(dir / "p.json");
  EXPECT_NE(message.find("environment.set"), std::string::npos) << message;
  EXPECT_EQ(message.find(secret_name.substr(4, 10)), std::string::npos) << message;
}

// Before: a device in the lease's place was read (and /dev/zero without end).
TEST(UntrustedLease, ADeviceInTheLeasesPlaceIsUnreadableNotRead) {
  test::TempDir dir;
  fs::create_symlink("/dev/null", dir / std::string(lease::kFileName));
  EXPECT_EQ(lease::read_and_decide(dir.path(), sha256_hex("x"), 1).decision,
            lease::Decision::unreadable);
}

// Before: now - heartbeatTs overflowed (undefined behaviour) for a heartbeat far in the past.
TEST(UntrustedLease, AnExtremeHeartbeatDoesNotOverflowTheAge) {
  const std::string text = json{
      {"pid", 1},
      {"tokenHash", sha256_hex("x")},
      {"heartbeatTs", std::numeric_limits<std::int64_t>::min()},
      {"v", 1}}.dump();
  const lease::Verdict verdict = lease::decide(text, sha256_hex("x"), 1'800'000'000'000);
  EXPECT_EQ(verdict.decision, lease::Decision::stale);
  EXPECT_EQ(verdict.age_ms, std::numeric_limits<std::int64_t>::max());
}

// Before: "<name>.test-as-self-report.json" exceeded NAME_MAX and the report was lost.
TEST(UntrustedReport, ALongHomeNameGetsAShortenedDeterministicReportName) {
  test::TempDir dir;
  for (const std::size_t length : {190u, 231u, 255u}) {
    const std::string name(length, 'h');
    const fs::path report = report_beside(dir / name);
    EXPECT_LE(report.filename().string().size(), 255u);
    EXPECT_EQ(report, report_beside(dir / name));  // deterministic
    write_json_file(report, json{{"schema", "test-as-self/report@1"}}, Durability::crash_safe);
    EXPECT_TRUE(is_report_file(report));
  }
  EXPECT_NE(report_stem(std::string(250, 'a') + "1"), report_stem(std::string(250, 'a') + "2"));
  EXPECT_EQ(report_stem("short"), "short");
}

TEST(UntrustedReport, ADeviceOrDeepJsonIsNotAReport) {
  EXPECT_FALSE(is_report_file("/dev/zero"));
  EXPECT_FALSE(
      is_report_text("{\"schema\": \"test-as-self/report@1\", \"x\": " + nested(50'000) + "}"));
}

TEST(UntrustedLiveConfig, AMissingFieldOrAnIdOutOfRangeIsAUsageErrorNotACrash) {
  for (
      const std::string& text :
      {std::string(R"({"schema": "test-as-self/live@1", "user_driver": {}})"),
       std::string(
           R"({"schema": "test-as-self/live@1", "user_driver": {"url": "http://x", "user_id": 18446744073709551615, "chat_id": 1}})"),
       std::string(R"({"schema": 1})"),
       std::string("{\"schema\": \"test-as-self/live@1\", \"x\": " + nested(10'000) + "}")}) {
    EXPECT_THROW((void)parse_live_config(text, "/live.json"), UsageError) << text.substr(0, 80);
  }
}

// Before: any string was taken as the live bot's drop ID, and went into the report as it was.
TEST(UntrustedLiveConfig, ADropIdThatIsNotOneIsRefusedWithoutRepeatingIt) {
  try {
    (void)parse_live_config(
        R"({"schema": "test-as-self/live@1", "bot_token": {"drop_id": "hunter2-Correct-Horse"}})",
        "/live.json");
    ADD_FAILURE() << "accepted";
  } catch (const UsageError& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find("/bot_token/drop_id: expected a Secret Drop ID"), std::string::npos)
        << message;
    EXPECT_EQ(message.find("hunter2"), std::string::npos) << message;
  }
}

}  // namespace
}  // namespace tas
