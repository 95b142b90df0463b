#pragma once

#include <array>
#include <string>

#include <signal.h>

namespace tas {

// SIGINT, SIGTERM and SIGHUP end a run through teardown with exit 130 (docs/steps.md, 'Signals').
// While a SignalScope is alive, those signals only record themselves in the one global flag of the
// project; the engine and every wait read it at their next check. The scope unblocks them in the
// calling thread (one that block_interrupting_signals() held back arrives now and is recorded);
// when it ends, the previous dispositions and signal mask come back and the flag is cleared.
class SignalScope {
 public:
  SignalScope();
  ~SignalScope();
  SignalScope(const SignalScope&) = delete;
  SignalScope& operator=(const SignalScope&) = delete;

 private:
  std::array<struct sigaction, 3> previous_{};
  sigset_t previous_mask_{};
};

// Holds SIGINT, SIGTERM and SIGHUP pending in the calling thread (and in every thread it starts
// afterwards) until a SignalScope takes them: the CLI calls it on the first line of main, so a
// signal that lands before the run's handlers exist is neither lost nor fatal — it interrupts the
// run as soon as the run can tear down. Returns the previous mask.
sigset_t block_interrupting_signals();
// Restores a mask returned by block_interrupting_signals(): a command that is not a run (cleanup,
// secret) is ended by those signals the ordinary way.
void restore_signal_mask(const sigset_t& mask);

// The first interrupting signal received since the last clear, or 0.
[[nodiscard]] int pending_signal();
void clear_pending_signal();

// "SIGINT", "SIGSEGV", … for the report and the console.
[[nodiscard]] std::string signal_name(int signal_number);

}  // namespace tas
