// Token hygiene, proven (docs/architecture.md, 'Where secrets are redacted'): a full run — Secret
// Drop, the deploy, the round-trip, the LLM judge — with a canary token, and a look for it
// everywhere it must never be.
#include <algorithm>
#include <fstream>

#include "cli_process.hpp"
#include "files.hpp"
#include "processes.hpp"
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sys/stat.h>

#include <tas/core/home_layout.hpp>
#include <tas/fake/fake_llm_server.hpp>
#include <tas/fake/random_bot_token.hpp>

namespace tas::test {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// Where `needle` occurs in the files under `root` (symlinks not followed), except under `skip`.
std::vector<std::string> files_containing(const fs::path& root, std::string_view needle,
                                          const std::vector<fs::path>& skip = {}) {
  std::vector<std::string> found;
  if (!fs::exists(root)) return found;
  for (auto entry = fs::recursive_directory_iterator(root); entry != fs::end(entry); ++entry) {
    if (std::find(skip.begin(), skip.end(), entry->path()) != skip.end()) {
      if (entry->is_directory()) entry.disable_recursion_pending();
      continue;
    }
    if (!entry->is_symlink() && entry->is_regular_file() &&
        read_text(entry->path()).find(needle) != std::string::npos) {
      found.push_back(entry->path().string());
    }
  }
  return found;
}

class CliTokenHygiene : public CliRunTest {
 protected:
  // Fails the test for each place in `where` that holds the canary or its secret half.
  void expect_clean(std::string_view text, std::string_view where) const {
    EXPECT_EQ(text.find(canary_), std::string::npos) << "the canary token leaked into " << where;
    EXPECT_EQ(text.find(secret_half()), std::string::npos)
        << "the canary's secret half leaked into " << where;
  }
  [[nodiscard]] std::string secret_half() const { return canary_.substr(canary_.find(':') + 1); }

  const std::string canary_ = fake::random_bot_token(7600000001);
  fake::FakeLlmServer llm_{{.api_key = "judge-key-of-the-hygiene-test"}};
};

TEST_F(CliTokenHygiene, TheCanaryTokenIsNowhereButInTheTokenFileAndThatIsGoneAfterTeardown) {
  const std::string drop = sandbox_.put_secret(canary_, "canary bot");
  llm_.start();
  const fs::path key = sandbox_.work() / "judge.key";
  write_file(key, "judge-key-of-the-hygiene-test\n");
  const fs::path judge = sandbox_.work() / "judge.json";
  std::ofstream(judge) << json{
      {"mode", "advisory"},
      {"endpoint", llm_.anthropic_endpoint()},
      {"model", "fake-judge-1"},
      {"api_key_file",
       key.string()}}.dump();
  // The server holds its reply until the trigger exists: a known moment with everything running.
  const fs::path trigger = target() / "release-reply";
  const fs::path profile = write_reference_profile(sandbox_.work() / "profile.json",
                                                   {{"replyWhen", "{target}/release-reply"}});

  sandbox_.start({"--bot-token", drop, "--profile", profile.string(), "--target", target().string(),
                  "--timeout-s", "120", "--judge-config", judge.string(), "--keep"});
  // Not an ASSERT: a run that never gets there (a leak can break it) is still searched below.
  const bool held = eventually(
                        [&] {
                          return !files_containing(target(), "holding the reply until").empty() ||
                                 sandbox_.finished();
                        },
                        std::chrono::seconds(60)) &&
                    !sandbox_.finished();
  EXPECT_TRUE(held) << "the round-trip never reached the held reply:\n" << sandbox_.output();

  // While it runs: every process of the run, and the harness itself.
  const HomeLayout home = HomeLayout::of(target());
  if (held) {
    std::vector<int> pids = live_processes_with_environment("HOME", target().string());
    EXPECT_GE(pids.size(), 3U) << "the server, the lifeline and the demotion probe are running";
    pids.push_back(sandbox_.pid());
    for (const int pid : pids) {
      expect_clean(proc_file(pid, "cmdline"), fmt::format("/proc/{}/cmdline", pid));
      expect_clean(proc_file(pid, "environ"), fmt::format("/proc/{}/environ", pid));
    }
    ASSERT_TRUE(fs::exists(home.token_file));
    EXPECT_EQ(read_text(home.token_file), canary_) << "the agent got another token than the canary";
    EXPECT_EQ(fs::status(home.token_file).permissions() & fs::perms::all,
              fs::perms::owner_read | fs::perms::owner_write);
    for (const auto& file : files_containing(target(), secret_half(), {home.token_file})) {
      ADD_FAILURE() << "the canary is in " << file << " while the run goes on";
    }
  }

  std::ofstream(trigger) << "now\n";
  const CliResult result = sandbox_.finish(std::chrono::seconds(90));
  EXPECT_EQ(result.code(), 0) << result.out << result.err;
  expect_clean(result.out, "the harness's stdout");
  expect_clean(result.err, "the harness's stderr");
  // Every report the run names ("report: <path>"), wherever it went.
  int reports = 0;
  for (std::size_t at = result.out.find("report: "); at != std::string::npos;
       at = result.out.find("report: ", at + 1)) {
    const std::size_t end = result.out.find('\n', at);
    const fs::path report = result.out.substr(at + 8, end - at - 8);
    ASSERT_TRUE(fs::exists(report)) << report;
    expect_clean(read_text(report), "the report " + report.string());
    ++reports;
  }
  EXPECT_GE(reports, 1) << result.out;
  EXPECT_FALSE(fs::exists(home.token_file)) << "teardown left the token file";

  // Every file the run wrote, inside the kept home and outside it (state, registry, report,
  // the harness's HOME); the Secret Drop store holds the token by design and is skipped.
  for (const auto& file : files_containing(sandbox_.root(), secret_half(), {sandbox_.store()})) {
    ADD_FAILURE() << "the canary is in " << file << " after the run";
  }

  // What left the machine for the judge.
  EXPECT_EQ(llm_.calls(), 7U);
  for (const auto& request : llm_.requests()) {
    expect_clean(request.body, "a request to the LLM judge (" + request.step + ")");
    for (const auto& [name, value] : request.headers) {
      expect_clean(value, "the judge request's " + name + " header");
    }
  }
}

}  // namespace
}  // namespace tas::test
