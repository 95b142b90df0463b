#pragma once

#include <thread>

#include "faults.hpp"
#include "log.hpp"

namespace tas::reference_agent {

// Applies the fault switches that act when `process` starts, after its first normal log line so
// that a crash always leaves some log behind: forkGrandchild, forkDaemon, floodLogMb, then
// crashAtStart; and arms crashAfterS. Returns the crashAfterS timer (an empty thread when not
// armed); destroying it disarms it. Call before any other thread starts (forkGrandchild forks).
[[nodiscard]] std::jthread apply_start_faults(Process process, const Faults& faults, Logger& log);

}  // namespace tas::reference_agent
