#pragma once

#include <cstdint>
#include <optional>

#include <tas/core/unique_fd.hpp>

namespace tas {

// A process that is not our child, held by identity: its pid and its start time (field 22 of
// /proc/<pid>/stat). A signal sent through a handle reaches that process or nothing — never a
// later process that reused the pid. Uses a pidfd where the kernel has them (Linux 5.3+), and
// otherwise re-checks the start time right before each signal.
class ProcessHandle {
 public:
  // The process `pid` if it is alive and started at `start_time`; nullopt otherwise.
  [[nodiscard]] static std::optional<ProcessHandle> open(int pid, std::uint64_t start_time);
  // The process `pid` as it is now; nullopt when there is none (or it has ended).
  [[nodiscard]] static std::optional<ProcessHandle> open(int pid);

  [[nodiscard]] int pid() const { return pid_; }
  [[nodiscard]] std::uint64_t start_time() const { return start_time_; }

  // True once the process has ended (a zombie has ended: it only waits to be reaped).
  [[nodiscard]] bool ended() const;
  // Sends `signal`; false when the process has ended or the signal could not be sent.
  bool signal(int signal) const;

 private:
  ProcessHandle(int pid, std::uint64_t start_time, UniqueFd pidfd)
      : pid_(pid), start_time_(start_time), pidfd_(std::move(pidfd)) {}

  int pid_ = 0;
  std::uint64_t start_time_ = 0;
  UniqueFd pidfd_;  // invalid where pidfds are unsupported
};

}  // namespace tas
