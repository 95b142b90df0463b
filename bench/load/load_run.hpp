// The load generator's event loop: `connections` exchanges on one thread and one epoll instance,
// a warm-up whose calls are not counted (connections opening, the server's first allocations),
// then the measured time.
#pragma once

#include <chrono>
#include <string_view>

#include "load_tally.hpp"
#include <netinet/in.h>

namespace tas::bench {

struct LoadPlan {
  sockaddr_in server{};
  std::string_view request;  // the bytes of one call, sent again and again
  int connections = 1;
  std::chrono::duration<double> warm_up{0.3};
  std::chrono::duration<double> measured{3.0};
};

struct LoadResult {
  LoadTally tally;
  double measured_seconds = 0;
};

// Runs the plan; throws std::system_error if epoll itself fails.
LoadResult run_load(const LoadPlan& plan);

}  // namespace tas::bench
