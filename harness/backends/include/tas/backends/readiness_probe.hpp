#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include <tas/core/lease.hpp>

namespace tas {

struct HealthReading {
  int status = 0;     // the HTTP status, 0 when nothing answered
  std::string error;  // why nothing answered
};

// The looks step 4 takes while it waits for the agent to be ready.
class ReadinessProbe {
 public:
  virtual ~ReadinessProbe() = default;
  // One GET of the health URL, bounded by a short timeout.
  virtual HealthReading health(const std::string& url) = 0;
  // The lease's ownership decision (docs/agent-contract.md) for the agent's state dir, made now.
  virtual lease::Verdict lease(const std::filesystem::path& state_dir,
                               std::string_view token_hash) = 0;
  // True when the tail of `log` has a line containing `pattern` (a bounded read, log_tail.hpp).
  virtual bool log_has_line(const std::filesystem::path& log, std::string_view pattern) = 0;
};

}  // namespace tas
