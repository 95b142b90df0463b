#pragma once

#include <chrono>

#include <tas/backends/readiness_probe.hpp>

namespace tas {

// Health over real HTTP (one GET with a short timeout), the lease by the shared decision on the
// real file, log lines from the log's bounded tail.
class HttpReadinessProbe final : public ReadinessProbe {
 public:
  explicit HttpReadinessProbe(
      std::chrono::milliseconds request_timeout = std::chrono::milliseconds(1000))
      : request_timeout_(request_timeout) {}

  HealthReading health(const std::string& url) override;
  lease::Verdict lease(const std::filesystem::path& state_dir,
                       std::string_view token_hash) override;
  bool log_has_line(const std::filesystem::path& log, std::string_view pattern) override;

 private:
  std::chrono::milliseconds request_timeout_;
};

}  // namespace tas
