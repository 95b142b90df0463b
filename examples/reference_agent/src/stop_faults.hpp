#pragma once

#include "faults.hpp"
#include "log.hpp"

namespace tas::reference_agent {

// Applies the fault switches that act when `process` is asked to stop by `signal_number`:
// crashOnSigterm dies of its crash kind instead of shutting down, as a program whose shutdown
// path crashes does. Returns when no such fault applies.
void apply_stop_faults(Process process, const Faults& faults, int signal_number, Logger& log);

}  // namespace tas::reference_agent
