#include "signals.hpp"

#include <cerrno>
#include <system_error>

#include <signal.h>
#include <string.h>

namespace tas::reference_agent {
namespace {

sigset_t termination_signals() {
  sigset_t set;
  ::sigemptyset(&set);
  ::sigaddset(&set, SIGTERM);
  ::sigaddset(&set, SIGINT);
  ::sigaddset(&set, SIGHUP);
  return set;
}

}  // namespace

void block_termination_signals() {
  const sigset_t set = termination_signals();
  if (const int error = ::pthread_sigmask(SIG_BLOCK, &set, nullptr); error != 0) {
    throw std::system_error(error, std::generic_category(), "pthread_sigmask");
  }
  struct sigaction ignore {};
  ignore.sa_handler = SIG_IGN;
  ::sigaction(SIGPIPE, &ignore, nullptr);
}

int wait_for_termination(Logger& log, bool ignore_sigterm) {
  const sigset_t set = termination_signals();
  for (;;) {
    int signal_number = 0;
    if (const int error = ::sigwait(&set, &signal_number); error != 0) {
      throw std::system_error(error, std::generic_category(), "sigwait");
    }
    if (signal_number == SIGTERM && ignore_sigterm) {
      log.info(
          "received SIGTERM; ignoring it (ignoreSigterm fault): only SIGKILL ends this process");
      continue;
    }
    log.info("received SIG{}; shutting down", ::sigabbrev_np(signal_number));
    return signal_number;
  }
}

}  // namespace tas::reference_agent
