#pragma once

#include <filesystem>
#include <string>

#include "faults.hpp"

namespace tas::reference_agent {

// The agent's config file (agent.json), written by the harness from the profile. Unknown keys are
// ignored: the harness's merge patch may add keys this agent has no use for.
struct Config {
  int port = 0;
  std::filesystem::path token_file;  // empty: no bot, Telegram disabled
  std::string telegram_api;          // Bot API base URL, without the trailing slash
  std::filesystem::path state_dir;   // where the poll-ownership lease lives
  std::filesystem::path log_dir;
  std::filesystem::path native_dir;  // where the rebuild command stamps runtime.json
  std::string bind = "127.0.0.1";
  int poll_timeout_s = 5;              // getUpdates long-poll timeout (Telegram allows 0-50)
  std::filesystem::path timings_file;  // empty: no timings (timings.hpp)
  Faults faults;

  [[nodiscard]] bool telegram_enabled() const { return !token_file.empty(); }
};

// Reads and validates the config file. Throws AgentError (exit 2) naming the file and the field.
[[nodiscard]] Config load_config(const std::filesystem::path& file);

// The same, over an already parsed document (`source` names it in errors).
[[nodiscard]] Config parse_config(const nlohmann::json& document, const std::string& source);

}  // namespace tas::reference_agent
