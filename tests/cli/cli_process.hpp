#pragma once

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "temp_dir.hpp"
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <tas/backends/posix_process_launcher.hpp>

namespace tas::test {

struct CliResult {
  ExitStatus status;
  std::string out;
  std::string err;
  [[nodiscard]] int code() const {
    return status.kind == ExitStatus::Kind::exited ? status.code : -1;
  }
};

// Runs the test-as-self executable as a real child process with a home of its own: HOME, the
// state directory and the current directory all lie in a fresh temporary directory, so a test can
// prove a refused command created nothing anywhere.
class CliSandbox {
 public:
  CliSandbox();
  ~CliSandbox();

  [[nodiscard]] const std::filesystem::path& root() const { return dir_.path(); }
  [[nodiscard]] std::filesystem::path home() const { return dir_ / "home"; }
  [[nodiscard]] std::filesystem::path state() const { return dir_ / "state"; }
  [[nodiscard]] std::filesystem::path work() const { return dir_ / "work"; }
  // The Secret Drop store test-as-self uses by default here (<state dir>/secret-drop).
  [[nodiscard]] std::filesystem::path store() const { return state() / "secret-drop"; }

  // The environment test-as-self gets: HOME, PATH, the state directory and LANG, unless a test
  // replaces it (to unset HOME, say).
  [[nodiscard]] std::vector<std::string> default_environment() const;
  void use_environment(std::vector<std::string> environment) {
    environment_ = std::move(environment);
  }

  // What a refused command could have written to, as a listing: its home, its current directory
  // and its state directory — leaving out the state directory's reports (a refused run leaves
  // its report there, on purpose), the lock directory the run's lock was taken in, and the
  // process records' directory (a run's own record is gone once it has ended).
  [[nodiscard]] std::string user_visible_snapshot() const;
  // Runs test-as-self with `other`'s state directory: two runs that share their locks and records.
  void use_state_of(const CliSandbox& other);

  // Runs to completion (bounded by `timeout`; the child is killed past it and the test fails).
  CliResult run(const std::vector<std::string>& args,
                std::chrono::seconds timeout = std::chrono::seconds(120));

  // Starts it and returns at once; wait_for_output() and signal() drive it, finish() collects it.
  void start(const std::vector<std::string>& args);
  // What the running (or last) test-as-self has printed on stdout so far.
  [[nodiscard]] std::string output() const;
  // True once stdout contains `text`; false after `timeout`.
  bool wait_for_output(std::string_view text, std::chrono::seconds timeout);
  void signal(int signal_number);
  // Whether the started test-as-self has ended (it is not collected until finish()).
  [[nodiscard]] bool finished();
  // The running test-as-self's pid.
  [[nodiscard]] int pid() const;
  CliResult finish(std::chrono::seconds timeout = std::chrono::seconds(60));

  // `test-as-self secret put` into the sandbox's store with `value` on stdin, as CI hands a token
  // over; returns the new drop's ID (the test fails when the put does).
  std::string put_secret(std::string_view value, std::string_view label = "test bot");
  // A fresh bot token for the embedded fake, put into the store: `--bot-token <the id>`.
  std::string put_bot_token();

 private:
  CliResult collect();
  LaunchSpec spec_for(const std::vector<std::string>& args) const;

  TempDir dir_{"tas-cli"};
  std::vector<std::string> environment_;
  std::shared_ptr<ProcessRegistry> registry_;
  PosixProcessLauncher launcher_;
  std::unique_ptr<Process> running_;
};

// A test of whole runs in a sandbox: the run's home is <work>/run, and TearDown fails the test
// for any process of the run left alive (its agent processes all have HOME=<home>: isolation),
// killing them so that nothing outlives the test.
class CliRunTest : public ::testing::Test {
 protected:
  [[nodiscard]] std::filesystem::path target() const { return sandbox_.work() / "run"; }
  // Where the report goes when the home is removed: beside it.
  [[nodiscard]] std::filesystem::path report_beside() const {
    return sandbox_.work() / "run.test-as-self-report.json";
  }
  [[nodiscard]] std::vector<int> left_running() const;
  void TearDown() override;

  // The arguments of a run of the reference agent with its fault switches `faults` set: the bot
  // `drop`, the faulted profile (written into the sandbox), the target, `timeout_s`; then `extra`.
  [[nodiscard]] std::vector<std::string> faulted_run(const nlohmann::json& faults,
                                                     const std::string& drop, int timeout_s,
                                                     std::vector<std::string> extra = {});

  CliSandbox sandbox_;
};

// test-as-self blocks SIGINT, SIGTERM and SIGHUP on the first line of main, so signal_blocked()
// (signal_masks.hpp) tells a test that the process is past the dynamic loader — before that moment
// no program can do anything about a signal — and signal_caught() that the run's handler exists.

// The names in the filesystem root, one per line: a refused command must never write there.
[[nodiscard]] std::string root_listing();

// Exercises the test-as-self binary.
inline const std::filesystem::path kCli = TAS_CLI;
inline const std::filesystem::path kReferenceProfile = TAS_REFERENCE_PROFILE_FILE;

// The reference agent's profile with its fault switches set (its "faults" config object), written
// to `file` with an absolute dist so it works from anywhere.
std::filesystem::path write_reference_profile(const std::filesystem::path& file,
                                              const nlohmann::json& faults);

}  // namespace tas::test
