#include <csignal>

#include <string.h>

#include <tas/interrupt.hpp>

namespace tas {
namespace {

// The one piece of global mutable state of the project: a signal handler can do nothing else.
volatile std::sig_atomic_t g_pending_signal = 0;

constexpr std::array<int, 3> kInterruptingSignals = {SIGINT, SIGTERM, SIGHUP};

extern "C" void record_signal(int signal_number) {
  if (g_pending_signal == 0) g_pending_signal = signal_number;
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
}

SignalScope::~SignalScope() {
  // The run that owned the scope has read the flag; a stale one must not end a later wait.
  g_pending_signal = 0;
  for (std::size_t i = 0; i < kInterruptingSignals.size(); ++i) {
    ::sigaction(kInterruptingSignals[i], &previous_[i], nullptr);
  }
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
