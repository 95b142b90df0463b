#pragma once

#include <array>
#include <string>

#include <signal.h>

namespace tas {

// SIGINT, SIGTERM and SIGHUP end a run through teardown (SPEC §3, exit 130). While a
// SignalScope is alive, those signals only record themselves in the one global flag of the
// project; the engine and every wait read it at their next check. The previous dispositions
// come back, and the flag is cleared, when the scope ends.
class SignalScope {
 public:
  SignalScope();
  ~SignalScope();
  SignalScope(const SignalScope&) = delete;
  SignalScope& operator=(const SignalScope&) = delete;

 private:
  std::array<struct sigaction, 3> previous_{};
};

// The first interrupting signal received since the last clear, or 0.
[[nodiscard]] int pending_signal();
void clear_pending_signal();

// "SIGINT", "SIGSEGV", … for the report and the console.
[[nodiscard]] std::string signal_name(int signal_number);

}  // namespace tas
