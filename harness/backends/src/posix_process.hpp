#pragma once

#include <chrono>
#include <memory>
#include <optional>

#include <tas/backends/process_launcher.hpp>
#include <tas/backends/process_registry.hpp>
#include <tas/core/unique_fd.hpp>

namespace tas {

// A child started by PosixProcessLauncher: the leader of its own process group (pgid == pid).
// Not thread-safe; one owner drives it.
//
// The leader is observed without being reaped (waitid WNOWAIT) and reaped only once nothing of
// its group is left. While our unreaped leader exists, its pid — and so the group id — cannot be
// reused by the system, so signalling the group can never reach an unrelated process group.
class PosixProcess final : public Process {
 public:
  PosixProcess(int pid, LaunchSpec spec, std::shared_ptr<ProcessRegistry> registry);
  // Stops the group with a short grace when it still runs: nothing the harness starts may outlive
  // it. Never throws.
  ~PosixProcess() override;
  PosixProcess(const PosixProcess&) = delete;
  PosixProcess& operator=(const PosixProcess&) = delete;

  [[nodiscard]] int pid() const override { return pid_; }
  [[nodiscard]] int process_group() const override { return pid_; }
  [[nodiscard]] const LaunchSpec& spec() const override { return spec_; }
  std::optional<ExitStatus> poll() override;
  [[nodiscard]] bool group_alive() override;
  void request_stop() override;
  ExitStatus stop(std::chrono::milliseconds grace) override;
  [[nodiscard]] int exit_descriptor() const override { return pidfd_.get(); }

  // How long stop() waits for the group to vanish after SIGKILL before it gives up.
  static constexpr std::chrono::milliseconds kKillWait{5000};
  // The grace the destructor gives a group it has to stop.
  static constexpr std::chrono::milliseconds kDestructorGrace{1000};

 private:
  // The leader runs, or some other process of the group does (zombies do not count).
  [[nodiscard]] bool anything_alive();
  void signal_group(int signal) const;
  // Nothing of the group is left: reap the leader and record the group as ended.
  void finish();
  [[nodiscard]] std::string survivors() const;

  int pid_;
  LaunchSpec spec_;
  std::shared_ptr<ProcessRegistry> registry_;
  std::optional<ExitStatus> status_;   // the leader's, once it has ended
  bool group_ended_ = false;           // the leader is reaped: the group id is no longer ours
  std::optional<ExitStatus> stopped_;  // what stop() returned
  bool stop_requested_ = false;        // SIGTERM has been sent to the group
  UniqueFd pidfd_;                     // readable once the leader has ended; invalid if unsupported
};

}  // namespace tas
