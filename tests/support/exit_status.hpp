#pragma once

#include <tas/backends/process_launcher.hpp>

namespace tas::test {

// Predicates over the harness's decoded wait status (tas::ExitStatus), so that a test states how a
// child must have ended in one line and prints status.describe() when it did not. The tests use
// the harness's type rather than one of their own: a signal is never mistaken for an exit code,
// and a test describes an ending exactly as the harness reports it.
[[nodiscard]] inline bool exited_with(const ExitStatus& status, int code) {
  return status.kind == ExitStatus::Kind::exited && status.code == code;
}

[[nodiscard]] inline bool killed_by(const ExitStatus& status, int signal_number) {
  return status.kind == ExitStatus::Kind::signaled && status.signal == signal_number;
}

}  // namespace tas::test
