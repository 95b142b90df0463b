#pragma once

#include <csignal>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <tas/backends/process_launcher.hpp>

namespace tas::mocks {

// What the unit tier knows of a "process" it pretended to start; shared between the Process the
// run owns and the test that inspects it afterwards.
struct FakeProcessState {
  int pid = 0;
  LaunchSpec spec;
  std::optional<ExitStatus> exit;  // nullopt while "running"
  bool ignores_sigterm = false;    // stop() then ends it with SIGKILL
  bool survives_sigkill = false;   // group_alive() stays true: a broken teardown
  int stop_requests = 0;
  int stop_calls = 0;
  std::chrono::milliseconds last_grace{0};
  // What was asked of the fakes, in order, shared by every fake of one launcher ("request_stop
  // server", "stop server"): shows whether a teardown asked all of them to stop before waiting on
  // any.
  std::shared_ptr<std::vector<std::string>> stop_log;

  [[nodiscard]] bool running() const { return !exit.has_value(); }
  void die(ExitStatus status) { exit = status; }
};

class FakeProcess final : public Process {
 public:
  explicit FakeProcess(std::shared_ptr<FakeProcessState> state) : state_(std::move(state)) {}
  [[nodiscard]] int pid() const override { return state_->pid; }
  [[nodiscard]] int process_group() const override { return state_->pid; }
  [[nodiscard]] const LaunchSpec& spec() const override { return state_->spec; }
  std::optional<ExitStatus> poll() override { return state_->exit; }
  [[nodiscard]] bool group_alive() override {
    return state_->running() || state_->survives_sigkill;
  }
  // A fake that obeys SIGTERM ends at once; one that ignores it runs on until stop().
  void request_stop() override;
  ExitStatus stop(std::chrono::milliseconds grace) override;

 private:
  std::shared_ptr<FakeProcessState> state_;
};

// Starts FakeProcesses and remembers every one, so a test can make one die or check that none
// is left running.
class FakeLauncher {
 public:
  std::unique_ptr<Process> launch(const LaunchSpec& spec);
  // Called for every launch before it returns: lets a world react (write log lines, crash).
  void on_launch(std::function<void(FakeProcessState&)> hook) { hook_ = std::move(hook); }

  [[nodiscard]] const std::vector<std::shared_ptr<FakeProcessState>>& launched() const {
    return launched_;
  }
  [[nodiscard]] std::shared_ptr<FakeProcessState> find_role(std::string_view role) const;
  [[nodiscard]] std::size_t running_count() const;
  [[nodiscard]] const std::vector<std::string>& stop_log() const { return *stop_log_; }

 private:
  std::shared_ptr<std::vector<std::string>> stop_log_ =
      std::make_shared<std::vector<std::string>>();
  std::vector<std::shared_ptr<FakeProcessState>> launched_;
  std::function<void(FakeProcessState&)> hook_;
  int next_pid_ = 4200;
};

[[nodiscard]] ExitStatus exited_with(int code);
[[nodiscard]] ExitStatus killed_by(int signal_number, bool core_dumped = false);

}  // namespace tas::mocks
