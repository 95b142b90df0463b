#include "stop_faults.hpp"

#include "crash.hpp"
#include <signal.h>

namespace tas::reference_agent {

void apply_stop_faults(Process process, const Faults& faults, int signal_number, Logger& log) {
  if (signal_number != SIGTERM) return;
  if (const auto kind = faults.crash_on_sigterm_for(process)) {
    log.info("crashOnSigterm fault: crashing now ({}) instead of shutting down", to_string(*kind));
    crash(*kind);
  }
}

}  // namespace tas::reference_agent
