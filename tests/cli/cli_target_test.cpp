// What the real binary does with the targets and report paths it is given: every refusal exits 11
// (or 64 for a bad value) before anything of the user's is created, writes its report into the
// state directory rather than beside what it refused, and a target is locked for the run's life.
#include <algorithm>
#include <fstream>

#include "cli_process.hpp"
#include "files.hpp"
#include "processes.hpp"
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <tas/engine/report.hpp>
#include <tas/engine/target_lock.hpp>

namespace tas::test {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::string passwd_home() {
  const passwd* entry = ::getpwuid(::getuid());
  return entry != nullptr && entry->pw_dir != nullptr ? entry->pw_dir : "";
}

class CliTarget : public CliRunTest {
 protected:
  // The refused run's report: in the state directory's reports, named on stderr.
  json refusal_report(const CliResult& result) {
    const std::string marker = "report: ";
    const auto at = result.err.rfind(marker);
    EXPECT_NE(at, std::string::npos) << result.err;
    if (at == std::string::npos) return json::object();
    std::string file = result.err.substr(at + marker.size());
    while (!file.empty() && file.back() == '\n')
      file.pop_back();
    EXPECT_TRUE(fs::path(file).parent_path() == sandbox_.state() / "reports") << file;
    EXPECT_TRUE(is_report_file(file)) << file;
    return is_report_file(file) ? read_json(file) : json::object();
  }

  // Runs, expects `code`, a message naming `why`, and nothing of the user's touched.
  CliResult expect_refused(const std::vector<std::string>& args, int code, std::string_view why) {
    const std::string before = sandbox_.user_visible_snapshot();
    const std::string root_before = root_listing();
    CliResult result = sandbox_.run(args, std::chrono::seconds(30));
    EXPECT_EQ(result.code(), code) << args.back() << "\n" << result.out << result.err;
    EXPECT_NE(result.err.find(why), std::string::npos) << args.back() << ": " << result.err;
    EXPECT_EQ(sandbox_.user_visible_snapshot(), before) << args.back() << " created something";
    EXPECT_EQ(root_listing(), root_before) << args.back() << " wrote into /";
    return result;
  }
};

TEST_F(CliTarget, AForgedMarkerNeverEmptiesADirectory) {
  const fs::path thesis_dir = sandbox_.work() / "g";
  fs::create_directory(thesis_dir);
  std::ofstream(thesis_dir / ".test-as-self-home") << "{}";
  std::ofstream(thesis_dir / "thesis.tex") << "\\chapter{Four years}";
  const CliResult result = expect_refused({"--no-roundtrip", "--target", thesis_dir.string()}, 11,
                                          "a marker file alone proves nothing");
  EXPECT_EQ(read_text(thesis_dir / "thesis.tex"), "\\chapter{Four years}");
  EXPECT_EQ(refusal_report(result)["verdict"], "refused");
  EXPECT_EQ(refusal_report(result)["exit_code"], 11);
}

TEST_F(CliTarget, AMarkerCopiedFromARealKeptHomeProvesNothingElsewhere) {
  const CliResult kept = sandbox_.run({"--no-roundtrip", "--keep", "--target", target().string()});
  ASSERT_EQ(kept.code(), 0) << kept.out << kept.err;
  const fs::path other = sandbox_.work() / "other";
  fs::create_directory(other);
  fs::copy_file(target() / ".test-as-self-home", other / ".test-as-self-home");
  std::ofstream(other / "notes.txt") << "mine";
  expect_refused({"--no-roundtrip", "--target", other.string()}, 11, "no --keep run recorded");
  EXPECT_EQ(read_text(other / "notes.txt"), "mine");
}

TEST_F(CliTarget, AHomeKeptByAnEarlierRunIsResumedAndThenRemoved) {
  const CliResult kept = sandbox_.run({"--no-roundtrip", "--keep", "--target", target().string()});
  ASSERT_EQ(kept.code(), 0) << kept.out << kept.err;
  const std::string marker = read_text(target() / ".test-as-self-home");
  ASSERT_NE(marker.find("run_id"), std::string::npos) << marker;
  const CliResult resumed = sandbox_.run({"--no-roundtrip", "--target", target().string()});
  ASSERT_EQ(resumed.code(), 0) << resumed.out << resumed.err;
  EXPECT_NE(resumed.out.find("resumed"), std::string::npos) << resumed.out;
  EXPECT_FALSE(fs::exists(target()));
  // Its record went with it: the same path, filled again by hand, is not the run's any more.
  fs::create_directory(target());
  std::ofstream(target() / ".test-as-self-home") << marker;
  std::ofstream(target() / "mine.txt") << "mine";
  expect_refused({"--no-roundtrip", "--target", target().string()}, 11, "proves nothing");
}

TEST_F(CliTarget, SystemDirectoriesAndWhatResolvesToThemExit11WithTheReportInTheStateDirectory) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"/proc", "system directory /proc"},
      {"/dev/null", "system directory /dev"},
      {"/tmp", "refusing target '/tmp'"},  // also the sandbox home's ancestor, which comes first
      {"/var/tmp", "system directory /var/tmp itself"},
      {"/var/tmp/", "system directory /var/tmp itself"},
      {"/tmp/x/../..", "filesystem root"},
      {"/etc/test-as-self-x", "inside the system directory /etc"},
      {"/usr/local/x", "inside the system directory /usr"},
      {"/var/lib/x", "inside the system directory /var"},
      {"/sys/x", "inside the system directory /sys"},
      {"/run", "system directory /run"},
      {"/boot", "system directory /boot"},
  };
  for (const auto& [target, why] : cases) {
    const CliResult result = expect_refused({"--no-roundtrip", "--target", target}, 11, why);
    const json report = refusal_report(result);
    EXPECT_EQ(report.value("verdict", ""), "refused") << target;
    EXPECT_EQ(report.value("/steps/1/status"_json_pointer, ""), "not-run") << target;
  }
  EXPECT_FALSE(fs::exists("/proc.test-as-self-report.json"));
  EXPECT_FALSE(fs::exists("/tmp.test-as-self-report.json"));
}

TEST_F(CliTarget, WhatTheFilesystemHoldsAtTheTargetDecidesBeforeAnythingIsCreated) {
  const fs::path file = sandbox_.work() / "a-file";
  std::ofstream(file) << "data";
  const fs::path fifo = sandbox_.work() / "a-fifo";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  fs::create_symlink("loop-b", sandbox_.work() / "loop-a");
  fs::create_symlink("loop-a", sandbox_.work() / "loop-b");
  const fs::path occupied = sandbox_.work() / "occupied";
  fs::create_directory(occupied);
  std::ofstream(occupied / "keep.txt") << "mine";

  expect_refused({"--no-roundtrip", "--target", file.string()}, 11, "exists and is a regular file");
  expect_refused({"--no-roundtrip", "--target", fifo.string()}, 11, "exists and is a FIFO");
  expect_refused({"--no-roundtrip", "--target", (sandbox_.work() / "loop-a").string()}, 11,
                 "symlink loop");
  expect_refused({"--no-roundtrip", "--target", (sandbox_.work() / "loop-a/x").string()}, 11,
                 "symlink loop");
  expect_refused({"--no-roundtrip", "--target", occupied.string()}, 11, "not empty");
  expect_refused({"--no-roundtrip", "--target", (sandbox_.work() / "a/b/c/h").string()}, 11,
                 "parent directory");
  expect_refused({"--no-roundtrip", "--target", "relative/missing/h"}, 11, "parent directory");
  EXPECT_EQ(read_text(file), "data");
  EXPECT_EQ(read_text(occupied / "keep.txt"), "mine");
}

TEST_F(CliTarget, WithoutAUsableHomeTheCanonicalHomeStillComesFromThePasswdEntry) {
  const std::string home = passwd_home();
  ASSERT_FALSE(home.empty());
  const fs::path inside = fs::path(home) / ".reference-agent" / "x";
  const bool existed = fs::exists(fs::path(home) / ".reference-agent");
  for (const std::string& home_setting : {std::string(), std::string("HOME=relative/dir")}) {
    std::vector<std::string> environment;
    for (const std::string& entry : sandbox_.default_environment()) {
      if (!entry.starts_with("HOME=")) environment.push_back(entry);
    }
    if (!home_setting.empty()) environment.push_back(home_setting);
    sandbox_.use_environment(environment);
    expect_refused({"--no-roundtrip", "--target", inside.string()}, 11,
                   "inside the canonical agent home");
    EXPECT_EQ(fs::exists(fs::path(home) / ".reference-agent"), existed);
  }
}

TEST_F(CliTarget, ATildeIsTheHomeAndATildeUserIsRefusedNeverADirectoryNamedTilde) {
  const CliResult result =
      sandbox_.run({"--no-roundtrip", "--keep", "--target", "~/deploy-by-tilde"});
  ASSERT_EQ(result.code(), 0) << result.out << result.err;
  EXPECT_TRUE(fs::exists(sandbox_.home() / "deploy-by-tilde/.test-as-self-home"));
  EXPECT_FALSE(fs::exists(sandbox_.work() / "~"));
  expect_refused({"--no-roundtrip", "--target", "~nobody/x"}, 11, "only a shell expands");
  EXPECT_FALSE(fs::exists(sandbox_.work() / "~nobody"));
}

TEST_F(CliTarget, TheReportPathGetsTheTargetsGuardsAndNeverCreatesDirectories) {
  const fs::path guarded = sandbox_.work() / "guarded";
  fs::create_directory(guarded);
  const fs::path canonical = sandbox_.home() / ".reference-agent";
  fs::create_directory(canonical);
  const fs::path fifo = sandbox_.work() / "report-fifo";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  const std::string run = (sandbox_.work() / "run").string();

  expect_refused({"--protect", guarded.string(), "--report-json", (guarded / "r.json").string(),
                  "--target", run},
                 11, "inside a protected path");
  expect_refused({"--report-json", (canonical / "r.json").string(), "--target", run}, 11,
                 "inside the canonical agent home");
  expect_refused({"--report-json", "/dev/null", "--target", run}, 11, "system directory /dev");
  expect_refused({"--report-json", "/proc/r.json", "--target", run}, 11, "system directory /proc");
  expect_refused(
      {"--report-json", (sandbox_.work() / "new/deeper/r.json").string(), "--target", run}, 64,
      "never creates directories");
  expect_refused({"--report-json", fifo.string(), "--target", run}, 64, "not a regular file");
  expect_refused({"--report-json", "", "--target", run}, 64, "--report-json expects a path");
  expect_refused({"--timeout-s", "", "--target", run}, 64, "--timeout-s expects a whole number");
  EXPECT_FALSE(fs::exists(sandbox_.work() / "new"));
  EXPECT_TRUE(fs::is_empty(canonical));
  EXPECT_TRUE(fs::is_empty(guarded));
}

TEST_F(CliTarget, ATargetLockedByAnotherRunIsRefusedAtOnceNamingTheHolder) {
  TargetLock held = TargetLock::acquire(sandbox_.state() / "locks", target(), "holder-run-4711");
  const CliResult result =
      expect_refused({"--no-roundtrip", "--target", target().string()}, 11, "holder-run-4711");
  EXPECT_NE(result.err.find("pid " + std::to_string(::getpid())), std::string::npos) << result.err;
  EXPECT_FALSE(fs::exists(target()));
}

TEST_F(CliTarget, ASecondRunOnTheSameTargetWhileTheFirstIsUnderWayExits11AndHarmsNothing) {
  // The first run is held in step 4 by a hook that waits for a file the test creates.
  json profile = read_json(write_reference_profile(sandbox_.work() / "p.json", {}));
  const fs::path trigger = sandbox_.work() / "go-on";
  // The hook's loop is the agent side waiting on a condition (the trigger file), not a timed wait
  // of the test: the test moves on by waiting for the run's output, and ends the hold itself.
  profile["hooks"]["before_start"] = json::array(
      {{{"name", "hold"},
        {"argv",
         {"sh", "-c", "until [ -e \"$1\" ]; do sleep 0.02; done", "hold", trigger.string()}}}});
  std::ofstream(sandbox_.work() / "p.json") << profile.dump(2);
  sandbox_.start({"--no-roundtrip", "--profile", (sandbox_.work() / "p.json").string(), "--target",
                  target().string()});
  ASSERT_TRUE(sandbox_.wait_for_output("→ [4/7] start", std::chrono::seconds(60)));
  const std::string config_before = read_text(target() / "agent.json");

  CliSandbox second;
  second.use_state_of(sandbox_);
  const CliResult refused =
      second.run({"--no-roundtrip", "--target", target().string()}, std::chrono::seconds(30));
  EXPECT_EQ(refused.code(), 11) << refused.out << refused.err;
  EXPECT_NE(refused.err.find("is using it right now"), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find("pid " + std::to_string(sandbox_.pid())), std::string::npos)
      << refused.err;
  EXPECT_EQ(read_text(target() / "agent.json"), config_before);

  std::ofstream(trigger) << "";
  const CliResult first = sandbox_.finish(std::chrono::seconds(60));
  EXPECT_EQ(first.code(), 0) << first.out << first.err;
  EXPECT_FALSE(fs::exists(target()));
}

TEST_F(CliTarget, AnEmptyDirectoryGivenToTheRunGetsItsModeBack) {
  fs::create_directory(target());
  fs::permissions(target(), fs::perms(0755), fs::perm_options::replace);
  const CliResult result = sandbox_.run({"--no-roundtrip", "--target", target().string()});
  ASSERT_EQ(result.code(), 0) << result.out << result.err;
  ASSERT_TRUE(fs::is_directory(target()));
  EXPECT_TRUE(fs::is_empty(target()));
  EXPECT_EQ(fs::status(target()).permissions() & fs::perms::mask, fs::perms(0755));
}

TEST_F(CliTarget, TwoRunsWithoutATargetStartedTogetherGetTwoHomes) {
  CliSandbox second;
  second.use_state_of(sandbox_);
  sandbox_.start({"--no-roundtrip"});
  second.start({"--no-roundtrip"});
  const CliResult one = sandbox_.finish(std::chrono::seconds(120));
  const CliResult two = second.finish(std::chrono::seconds(120));
  ASSERT_EQ(one.code(), 0) << one.out << one.err;
  ASSERT_EQ(two.code(), 0) << two.out << two.err;
  const auto home_of = [](const std::string& out) {
    const auto at = out.find("target ");
    return out.substr(at + 7, out.find(',', at) - at - 7);
  };
  EXPECT_NE(home_of(one.out), home_of(two.out)) << one.out << two.out;
}

}  // namespace
}  // namespace tas::test
