#include <csignal>

#include <pthread.h>
#include <string.h>

#include <tas/core/interrupt.hpp>

namespace tas {
namespace {

// The one piece of global mutable state of the project: a signal handler can do nothing else.
volatile std::sig_atomic_t g_pending_signal = 0;

constexpr std::array<int, 3> kInterruptingSignals = {SIGINT, SIGTERM, SIGHUP};

extern "C" void record_signal(int signal_number) {
  if (g_pending_signal == 0) g_pending_signal = signal_number;
}

sigset_t interrupting_set() {
  sigset_t set;
  sigemptyset(&set);
  for (const int signal_number : kInterruptingSignals)
    sigaddset(&set, signal_number);
  return set;
}

}  // namespace

SignalScope::SignalScope() {
  g_pending_signal = 0;
  struct sigaction action {};
  action.sa_handler = record_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = 0;  // no SA_RESTART: a sleeping wait wakes up and sees the flag
  for (std::size_t i = 0; i < kInterruptingSignals.size(); ++i) {
    ::sigaction(kInterruptingSignals[i], &action, &previous_[i]);
  }
  // After the handlers exist: a signal held pending since main began is delivered here.
  const sigset_t set = interrupting_set();
  ::pthread_sigmask(SIG_UNBLOCK, &set, &previous_mask_);
}

SignalScope::~SignalScope() {
  // The run that owned the scope has read the flag; a stale one must not end a later wait.
  // The mask first: a signal arriving between the two is held, not handled by a default action
  // that would end the process before it reports.
  ::pthread_sigmask(SIG_SETMASK, &previous_mask_, nullptr);
  g_pending_signal = 0;
  for (std::size_t i = 0; i < kInterruptingSignals.size(); ++i) {
    ::sigaction(kInterruptingSignals[i], &previous_[i], nullptr);
  }
}

sigset_t block_interrupting_signals() {
  const sigset_t set = interrupting_set();
  sigset_t previous;
  ::pthread_sigmask(SIG_BLOCK, &set, &previous);
  return previous;
}

void restore_signal_mask(const sigset_t& mask) {
  ::pthread_sigmask(SIG_SETMASK, &mask, nullptr);
}

int pending_signal() {
  return g_pending_signal;
}

void clear_pending_signal() {
  g_pending_signal = 0;
}

std::string signal_name(int signal_number) {
  if (const char* abbreviation = ::sigabbrev_np(signal_number)) {
    return std::string("SIG") + abbreviation;
  }
  return "signal " + std::to_string(signal_number);
}

}  // namespace tas
