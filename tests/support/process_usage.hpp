#pragma once

#include <chrono>

namespace tas::test {

// What this whole process (every thread) has consumed so far. A waiter that truly sleeps adds
// neither CPU time nor voluntary context switches; a polling loop adds context switches even when
// each wake-up is cheap, so the two together tell "parked" from "polling" without timing luck.
struct ProcessUsage {
  std::chrono::nanoseconds cpu{0};
  long voluntary_switches = 0;
};

[[nodiscard]] ProcessUsage process_usage();

}  // namespace tas::test
