#pragma once

#include <chrono>
#include <stop_token>

namespace tas::reference_agent {

// Waits for `duration` unless a stop is requested first; returns true when stopped. Backoffs and
// the crashAfterS timer wait this way, so that SIGTERM ends them at once instead of after a sleep.
bool wait_for_stop(const std::stop_token& stop, std::chrono::milliseconds duration);

}  // namespace tas::reference_agent
