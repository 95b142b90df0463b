#include "cli_process.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "files.hpp"
#include "processes.hpp"
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <signal.h>

#include <tas/fake/random_bot_token.hpp>

namespace tas::test {

namespace fs = std::filesystem;

CliSandbox::CliSandbox()
    : registry_(std::make_shared<ProcessRegistry>(dir_ / "test-registry")), launcher_(registry_) {
  fs::create_directories(home());
  fs::create_directories(work());
}

CliSandbox::~CliSandbox() {
  if (running_) running_->stop(std::chrono::seconds(2));
}

std::vector<std::string> CliSandbox::default_environment() const {
  return {"HOME=" + home().string(), "PATH=/usr/local/bin:/usr/bin:/bin",
          "TEST_AS_SELF_STATE_DIR=" + state().string(), "LANG=C.UTF-8"};
}

std::string CliSandbox::user_visible_snapshot() const {
  std::string state;
  std::istringstream lines(listing(this->state()));
  for (std::string line; std::getline(lines, line);) {
    if (line == "reports" || line.starts_with("reports/") || line == "locks" || line == "runs") {
      continue;
    }
    state += line + "\n";
  }
  return "home:\n" + listing(home()) + "work:\n" + listing(work()) + "state:\n" + state;
}

void CliSandbox::use_state_of(const CliSandbox& other) {
  std::vector<std::string> environment = default_environment();
  for (std::string& entry : environment) {
    if (entry.starts_with("TEST_AS_SELF_STATE_DIR=")) {
      entry = "TEST_AS_SELF_STATE_DIR=" + other.state().string();
    }
  }
  use_environment(std::move(environment));
}

std::string root_listing() {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator("/"))
    names.push_back(entry.path().string());
  std::sort(names.begin(), names.end());
  std::string out;
  for (const auto& name : names)
    out += name + "\n";
  return out;
}

LaunchSpec CliSandbox::spec_for(const std::vector<std::string>& args) const {
  LaunchSpec spec;
  spec.role = "test-as-self";
  spec.argv.push_back(kCli.string());
  spec.argv.insert(spec.argv.end(), args.begin(), args.end());
  spec.working_directory = work();
  spec.environment = environment_.empty() ? default_environment() : environment_;
  spec.stdout_file = dir_ / "cli.out";
  spec.stderr_file = dir_ / "cli.err";
  return spec;
}

void CliSandbox::start(const std::vector<std::string>& args) {
  const LaunchSpec spec = spec_for(args);
  fs::remove(spec.stdout_file);
  fs::remove(spec.stderr_file);
  running_ = launcher_.launch(spec);
}

std::string CliSandbox::put_secret(std::string_view value, std::string_view label) {
  LaunchSpec spec = spec_for({"secret", "put", "--label", std::string(label)});
  spec.stdin_file = dir_ / "secret-for-stdin";
  { std::ofstream(spec.stdin_file) << value; }
  fs::permissions(spec.stdin_file, fs::perms::owner_read | fs::perms::owner_write);
  spec.stdout_file = dir_ / "put.out";
  spec.stderr_file = dir_ / "put.err";
  fs::remove(spec.stdout_file);  // the launcher appends
  fs::remove(spec.stderr_file);
  auto put = launcher_.launch(spec);
  const bool done = eventually([&] { return put->poll().has_value(); }, std::chrono::seconds(30));
  const ExitStatus status = put->stop(std::chrono::seconds(2));
  fs::remove(spec.stdin_file);
  std::string id = read_text(spec.stdout_file);
  while (!id.empty() && (id.back() == '\n' || id.back() == ' '))
    id.pop_back();
  EXPECT_TRUE(done && status.success() && !id.empty())
      << "test-as-self secret put " << status.describe() << ": " << read_text(spec.stderr_file);
  return id;
}

std::string CliSandbox::put_bot_token() {
  return put_secret(fake::random_bot_token(7300000001));
}

std::string CliSandbox::output() const {
  return read_text(dir_ / "cli.out");
}

bool CliSandbox::wait_for_output(std::string_view text, std::chrono::seconds timeout) {
  const auto shown = [&] { return output().find(text) != std::string::npos; };
  return eventually([&] { return shown() || running_->poll().has_value(); }, timeout) && shown();
}

bool CliSandbox::finished() {
  return !running_ || running_->poll().has_value();
}

int CliSandbox::pid() const {
  return running_->pid();
}

void CliSandbox::signal(int signal_number) {
  ::kill(running_->pid(), signal_number);
}

CliResult CliSandbox::finish(std::chrono::seconds timeout) {
  if (!eventually([&] { return running_->poll().has_value(); }, timeout)) {
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

std::vector<int> CliRunTest::left_running() const {
  return live_processes_with_environment("HOME", target().string());
}

std::vector<std::string> CliRunTest::faulted_run(const nlohmann::json& faults,
                                                 const std::string& drop, int timeout_s,
                                                 std::vector<std::string> extra) {
  const std::filesystem::path profile =
      write_reference_profile(sandbox_.work() / "profile.json", faults);
  std::vector<std::string> args = {"--bot-token", drop,
                                   "--profile",   profile.string(),
                                   "--target",    target().string(),
                                   "--timeout-s", std::to_string(timeout_s)};
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

void CliRunTest::TearDown() {
  const auto left = left_running();
  EXPECT_TRUE(left.empty()) << left.size() << " process(es) of the run are still alive";
  kill_all(left);
}

fs::path write_reference_profile(const fs::path& file, const nlohmann::json& faults) {
  nlohmann::json profile = read_json(kReferenceProfile);
  profile["dist"] = (kReferenceProfile.parent_path() / "dist").string();
  profile["config"]["initial"]["faults"] = faults;
  std::ofstream(file) << profile.dump(2);
  return file;
}

}  // namespace tas::test
