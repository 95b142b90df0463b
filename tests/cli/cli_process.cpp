#include "cli_process.hpp"

#include <gtest/gtest.h>
#include <signal.h>
#include <time.h>

#include <tas/proc_fs.hpp>

namespace tas::test {
namespace {

namespace fs = std::filesystem;

// A short pause between two looks at a condition (a wait with a deadline, never a fixed sleep).
void pause_briefly() {
  timespec pause{0, 20'000'000};
  ::nanosleep(&pause, nullptr);
}

}  // namespace

CliSandbox::CliSandbox()
    : registry_(std::make_shared<ProcessRegistry>(dir_ / "test-registry")), launcher_(registry_) {
  fs::create_directories(home());
  fs::create_directories(work());
}

CliSandbox::~CliSandbox() {
  if (running_) running_->stop(std::chrono::seconds(2));
}

void CliSandbox::start(const std::vector<std::string>& args) {
  LaunchSpec spec;
  spec.role = "test-as-self";
  spec.argv.push_back(kCli.string());
  spec.argv.insert(spec.argv.end(), args.begin(), args.end());
  spec.working_directory = work();
  spec.environment = {"HOME=" + home().string(), "PATH=/usr/local/bin:/usr/bin:/bin",
                      "TEST_AS_SELF_STATE_DIR=" + state().string(), "LANG=C.UTF-8"};
  spec.stdout_file = dir_ / "cli.out";
  spec.stderr_file = dir_ / "cli.err";
  fs::remove(spec.stdout_file);
  fs::remove(spec.stderr_file);
  running_ = launcher_.launch(spec);
}

bool CliSandbox::wait_for_output(std::string_view text, std::chrono::seconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (read_text(dir_ / "cli.out").find(text) != std::string::npos) return true;
    if (running_->poll()) return read_text(dir_ / "cli.out").find(text) != std::string::npos;
    pause_briefly();
  }
  return false;
}

void CliSandbox::signal(int signal_number) { ::kill(running_->pid(), signal_number); }

CliResult CliSandbox::finish(std::chrono::seconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!running_->poll() && std::chrono::steady_clock::now() < deadline) pause_briefly();
  if (!running_->poll()) {
    ADD_FAILURE() << "test-as-self did not finish within " << timeout.count() << " s; killed it";
  }
  return collect();
}

CliResult CliSandbox::collect() {
  CliResult result;
  result.status = running_->stop(std::chrono::seconds(2));
  running_.reset();
  result.out = read_text(dir_ / "cli.out");
  result.err = read_text(dir_ / "cli.err");
  return result;
}

CliResult CliSandbox::run(const std::vector<std::string>& args, std::chrono::seconds timeout) {
  start(args);
  return finish(timeout);
}

std::vector<int> CliSandbox::processes_with_home(const fs::path& home) {
  std::vector<int> found;
  for (const int pid : list_process_ids()) {
    const auto stat = read_proc_stat(pid);
    if (!stat || stat->ended()) continue;  // a zombie has ended; only its reaping is pending
    if (read_environ_value(pid, "HOME") == home.string()) found.push_back(pid);
  }
  return found;
}

}  // namespace tas::test
