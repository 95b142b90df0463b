#pragma once

#include <chrono>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <tas/backends/process_launcher.hpp>

namespace tas {

// How stopping one process of stop_together() ended: its exit status, or why it could not be
// stopped (a group still alive after SIGKILL, a child that something else reaped).
struct StopOutcome {
  std::optional<ExitStatus> exit;
  std::string problem;  // empty when `exit` is set
};

// Stops every process at once: SIGTERM to every group first (request_stop), then one wait with
// one deadline `grace` for all of them, SIGKILL to the groups still alive at that deadline, and
// every child reaped. So k children that ignore SIGTERM cost one grace, not k, and children that
// obey cost their own exit time: the wait sleeps on their exit descriptors (pidfds) and wakes as
// each ends. Returns one outcome per process, in the order given; a failure of one never keeps
// the others from being stopped. Waits in real time and ignores pending signals, as stop() does:
// teardown runs because of them.
[[nodiscard]] std::vector<StopOutcome> stop_together(std::span<Process* const> processes,
                                                     std::chrono::milliseconds grace);

}  // namespace tas
