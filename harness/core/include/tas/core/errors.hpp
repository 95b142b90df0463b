#pragma once

#include <stdexcept>
#include <string>

#include <tas/core/exit_codes.hpp>

namespace tas {

// Errors that end a run before it starts. Each carries the exit code it maps to, and a message
// that names what was refused, why, and what to do (the message never contains a secret value).
class Error : public std::runtime_error {
 public:
  Error(int exit_code, const std::string& message)
      : std::runtime_error(message), exit_code_(exit_code) {}
  [[nodiscard]] int exit_code() const { return exit_code_; }

 private:
  int exit_code_;
};

// Exit 64: unknown option, bad value, unreadable or malformed profile.
class UsageError : public Error {
 public:
  explicit UsageError(const std::string& message) : Error(exit_code::kUsage, message) {}
};

// Exit 11: the target is, contains, or lies inside something the run must never touch.
class TargetRefused : public Error {
 public:
  explicit TargetRefused(const std::string& message) : Error(exit_code::kBadTarget, message) {}
};

// Exit 12: a raw secret on the command line.
class RawSecretRefused : public Error {
 public:
  explicit RawSecretRefused(const std::string& message) : Error(exit_code::kRawSecret, message) {}
};

}  // namespace tas
