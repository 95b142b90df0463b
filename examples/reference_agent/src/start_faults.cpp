#include "start_faults.hpp"

#include "crash.hpp"
#include "grandchild.hpp"
#include "log_flood.hpp"
#include "stop_wait.hpp"
#include <unistd.h>

namespace tas::reference_agent {

std::jthread apply_start_faults(Process process, const Faults& faults, Logger& log) {
  if (faults.ignores_sigterm(process)) {
    log.info("ignoreSigterm fault: SIGTERM will be ignored; only SIGKILL ends this process");
  }
  if (faults.forks_grandchild(process)) {
    const pid_t child = fork_grandchild();
    log.info(
        "forkGrandchild fault: started grandchild pid {} in process group {}; it ignores "
        "SIGTERM and outlives this process",
        child, ::getpgrp());
  }
  if (faults.forks_daemon(process)) {
    const pid_t child = fork_daemon();
    log.info(
        "forkDaemon fault: started daemon pid {} in a session of its own (left process group {}); "
        "it ignores SIGTERM",
        child, ::getpgrp());
  }
  if (const double megabytes = faults.flood_megabytes_for(process); megabytes > 0) {
    log.info("floodLogMb fault: writing {} MB of log lines", megabytes);
    const auto bytes = flood_log(log, megabytes);
    log.info("floodLogMb fault: wrote {} bytes; continuing normally", bytes);
  }
  if (const auto kind = faults.crash_at_start_for(process)) {
    log.info("crashAtStart fault: crashing now ({})", to_string(*kind));
    crash(*kind);
  }
  const auto later = faults.crash_after_for(process);
  if (!later) return {};
  log.info("crashAfterS fault: crashing ({}) in {} ms", to_string(later->kind),
           later->after.count());
  return std::jthread([&log, fault = *later](const std::stop_token& stop) {
    if (wait_for_stop(stop, fault.after)) return;
    log.info("crashAfterS fault: crashing now ({})", to_string(fault.kind));
    crash(fault.kind);
  });
}

}  // namespace tas::reference_agent
