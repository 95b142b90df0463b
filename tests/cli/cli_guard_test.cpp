// The command line's guards and usage errors, checked on the real binary: each refusal exits with
// its code before any I/O, says why in one line, and leaves the filesystem as it was.
#include <algorithm>
#include <fstream>

#include "cli_process.hpp"
#include "files.hpp"
#include <gtest/gtest.h>

#include <tas/engine/report.hpp>

namespace tas::test {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kToken = "123456789:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

class CliGuards : public ::testing::Test {
 protected:
  void SetUp() override { before_ = snapshot(); }
  // What the command could have written to: its home, its state directory, its current directory.
  std::string snapshot() const { return sandbox_.user_visible_snapshot(); }
  void expect_nothing_created() const {
    EXPECT_EQ(snapshot(), before_) << "the refused command created files";
  }
  void expect_no_part_of_token(const CliResult& result) const {
    const std::string_view secret = kToken.substr(kToken.find(':') + 1);
    for (std::size_t at = 0; at + 6 <= secret.size(); ++at) {
      ASSERT_EQ((result.out + result.err).find(secret.substr(at, 6)), std::string::npos)
          << result.err;
    }
    EXPECT_EQ((result.out + result.err).find("123456789"), std::string::npos);
  }

  CliSandbox sandbox_;
  std::string before_;
};

TEST_F(CliGuards, ARawBotTokenExits12ShowsNoPartOfItAndCreatesNothing) {
  const CliResult result = sandbox_.run({"--bot-token", std::string(kToken), "--no-roundtrip"});
  EXPECT_EQ(result.code(), 12) << result.err;
  EXPECT_NE(result.err.find("--bot-token takes a Secret Drop ID"), std::string::npos) << result.err;
  EXPECT_EQ(result.out, "");
  expect_no_part_of_token(result);
  expect_nothing_created();
}

TEST_F(CliGuards, ARawSecretAnywhereInArgvExits12) {
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"--bot-token=" + std::string(kToken)},
        std::vector<std::string>{"--target", "/tmp/x", "--bogus-option", std::string(kToken)},
        std::vector<std::string>{"--report-json", "/tmp/bot" + std::string(kToken) + "/r.json"}}) {
    const CliResult result = sandbox_.run(args);
    EXPECT_EQ(result.code(), 12) << args.back();
    expect_no_part_of_token(result);
  }
  expect_nothing_created();
}

TEST_F(CliGuards, TheRootTheHomeAndWhatResolvesToTheCanonicalHomeExit11) {
  const fs::path canonical = sandbox_.home() / ".reference-agent";  // the reference profile's
  fs::create_directories(sandbox_.work() / "deep");
  fs::create_directory_symlink(canonical, sandbox_.work() / "link-to-agent");
  before_ = snapshot();
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"/", "filesystem root"},
      {sandbox_.home().string(), "your home directory"},
      {sandbox_.home().string() + "/", "your home directory"},
      {(sandbox_.work() / "link-to-agent").string(), "canonical agent home"},
      {(sandbox_.work() / "deep/../../home/.reference-agent").string(), "canonical agent home"},
      {"../home/.reference-agent/new", "inside the canonical agent home"},
      {(sandbox_.work() / "bob").string(), "named 'bob'"},
      {(sandbox_.work() / "bob/run-1").string(), "named 'bob'"},
      {sandbox_.root().parent_path().string(), "contains your home directory"},
  };
  for (const auto& [target, why] : cases) {
    const CliResult result = sandbox_.run({"--target", target});
    EXPECT_EQ(result.code(), 11) << target << "\n" << result.out << result.err;
    EXPECT_NE(result.err.find(why), std::string::npos) << target << ": " << result.err;
    EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 2)
        << "one line, then where the report is: " << result.err;
    EXPECT_NE(result.err.find("\nreport: " + sandbox_.state().string() + "/reports/"),
              std::string::npos)
        << result.err;
  }
  expect_nothing_created();
}

TEST_F(CliGuards, ACanonicalHomeOrProtectedPathGivenByFlagIsGuardedToo) {
  const fs::path agent = sandbox_.root() / "agents/mine";
  EXPECT_EQ(
      sandbox_.run({"--canonical-home", agent.string(), "--target", (agent / "x").string()}).code(),
      11);
  EXPECT_EQ(
      sandbox_.run({"--protect", agent.string(), "--target", agent.parent_path().string()}).code(),
      11);
  expect_nothing_created();
}

TEST_F(CliGuards, UsageErrorsExit64NamingTheProblem) {
  CliResult result = sandbox_.run({"--timeout-s", "abc"});
  EXPECT_EQ(result.code(), 64);
  EXPECT_NE(result.err.find("--timeout-s expects a whole number of seconds"), std::string::npos)
      << result.err;
  result = sandbox_.run({"--no-such-option"});
  EXPECT_EQ(result.code(), 64);
  EXPECT_NE(result.err.find("--no-such-option"), std::string::npos) << result.err;
  result = sandbox_.run({"--profile", (sandbox_.work() / "missing.json").string()});
  EXPECT_EQ(result.code(), 64);
  EXPECT_NE(result.err.find("cannot read the profile"), std::string::npos) << result.err;
  expect_nothing_created();
}

TEST_F(CliGuards, AMalformedProfileNamesTheField) {
  nlohmann::json profile = read_json(kReferenceProfile);
  profile["server"]["argv"] = "reference-agent-server --config x";
  const fs::path file = sandbox_.work() / "bad-profile.json";
  std::ofstream(file) << profile.dump();
  before_ = snapshot();
  const CliResult result = sandbox_.run({"--profile", file.string()});
  EXPECT_EQ(result.code(), 64);
  EXPECT_NE(result.err.find("/server/argv: expected a non-empty array of strings, found a string"),
            std::string::npos)
      << result.err;
  expect_nothing_created();
}

TEST_F(CliGuards, AReportPathHoldingSomethingElseIsNeverOverwritten) {
  const fs::path notes = sandbox_.work() / "notes.json";
  std::ofstream(notes) << "{\"mine\": true}";
  before_ = snapshot();
  const CliResult result =
      sandbox_.run({"--report-json", notes.string(), "--target", (sandbox_.work() / "t").string()});
  EXPECT_EQ(result.code(), 64);
  EXPECT_NE(result.err.find("is not a test-as-self report"), std::string::npos) << result.err;
  EXPECT_EQ(read_text(notes), "{\"mine\": true}");
  expect_nothing_created();
}

TEST_F(CliGuards, HelpShowsTheLockedSurface) {
  const CliResult result = sandbox_.run({"--help"});
  EXPECT_EQ(result.code(), 0);
  for (const char* option :
       {"--target <dir>", "--bot-token <drop-id>", "--keep", "--no-roundtrip",
        "--report-json <path>", "--timeout-s <secs>", "--profile <file>", "--version"}) {
    EXPECT_NE(result.out.find(option), std::string::npos) << option;
  }
  EXPECT_EQ(sandbox_.run({"--version"}).out, "test-as-self 0.1.0\n");
}

}  // namespace
}  // namespace tas::test
