#include <tas/mocks/fake_processes.hpp>

namespace tas::mocks {

ExitStatus exited_with(int code) {
  ExitStatus status;
  status.kind = ExitStatus::Kind::exited;
  status.code = code;
  return status;
}

ExitStatus killed_by(int signal_number, bool core_dumped) {
  ExitStatus status;
  status.kind = ExitStatus::Kind::signaled;
  status.signal = signal_number;
  status.core_dumped = core_dumped;
  return status;
}

void FakeProcess::request_stop() {
  ++state_->stop_requests;
  if (state_->stop_log) state_->stop_log->push_back("request_stop " + state_->spec.role);
  if (!state_->exit && !state_->ignores_sigterm) state_->exit = killed_by(SIGTERM);
}

ExitStatus FakeProcess::stop(std::chrono::milliseconds grace) {
  ++state_->stop_calls;
  if (state_->stop_log) state_->stop_log->push_back("stop " + state_->spec.role);
  state_->last_grace = grace;
  if (!state_->exit) state_->exit = killed_by(state_->ignores_sigterm ? SIGKILL : SIGTERM);
  return *state_->exit;
}

std::unique_ptr<Process> FakeLauncher::launch(const LaunchSpec& spec) {
  auto state = std::make_shared<FakeProcessState>();
  state->pid = next_pid_++;
  state->spec = spec;
  state->stop_log = stop_log_;
  launched_.push_back(state);
  if (hook_) hook_(*state);
  return std::make_unique<FakeProcess>(state);
}

std::shared_ptr<FakeProcessState> FakeLauncher::find_role(std::string_view role) const {
  for (const auto& state : launched_) {
    if (state->spec.role == role) return state;
  }
  return nullptr;
}

std::size_t FakeLauncher::running_count() const {
  std::size_t count = 0;
  for (const auto& state : launched_)
    count += state->running() || state->survives_sigkill ? 1 : 0;
  return count;
}

}  // namespace tas::mocks
