#pragma once

#include <stdexcept>
#include <string>

namespace tas::reference_agent {

// Exit codes of the three executables. 2 and 3 are part of what the harness's tests check.
namespace exit_code {
inline constexpr int kOk = 0;
inline constexpr int kFailure = 1;  // anything not covered below (a port already taken)
inline constexpr int kConfig = 2;   // bad command line, config file or token file
inline constexpr int kNativeMissing =
    3;  // the rebuild command has not run (or ran for another build)
}  // namespace exit_code

// An error that ends a process before it runs: the message says what was expected, what was seen
// and what to do, and never contains the token.
class AgentError : public std::runtime_error {
 public:
  AgentError(int exit_code, const std::string& message)
      : std::runtime_error(message), exit_code_(exit_code) {}
  [[nodiscard]] int exit_code() const { return exit_code_; }

 private:
  int exit_code_;
};

}  // namespace tas::reference_agent
