// What the load generator counts: the latency of every call answered 200 and the calls that failed
// (another status, a response that is not HTTP, a connection refused, reset or closed mid-call).
#pragma once

#include <cstdint>
#include <vector>

namespace tas::bench {

struct LoadTally {
  std::vector<std::int64_t> latencies_us;
  std::int64_t failures = 0;

  // Forgets the warm-up, so that connection setup is not in the figures.
  void clear() {
    latencies_us.clear();
    failures = 0;
  }
};

}  // namespace tas::bench
