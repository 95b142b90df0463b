#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace tas {

// The options of one run after the command line (or a fixture) has been parsed and guarded.
struct RunSettings {
  std::filesystem::path target;                  // resolved, guarded
  std::optional<std::string> bot_token_drop_id;  // --bot-token
  bool keep = false;                             // --keep
  bool no_roundtrip = false;                     // --no-roundtrip
  std::filesystem::path report_file;  // --report-json, or <target>/test-as-self-report.json
  bool report_file_given = false;     // --report-json was given
  std::chrono::seconds timeout{600};  // --timeout-s

  // Steps 4 and 5 each wait at most a quarter of the overall timeout (SPEC §3).
  [[nodiscard]] std::chrono::milliseconds step_wait_budget() const {
    return std::chrono::duration_cast<std::chrono::milliseconds>(timeout) / 4;
  }
  [[nodiscard]] nlohmann::json to_json() const;
};

}  // namespace tas
