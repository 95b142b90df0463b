#include "agent_home.hpp"

#include <tas/core/atomic_file.hpp>

namespace tas::reference_agent {

AgentHome::AgentHome() {
  std::filesystem::create_directories(captures_dir());
  std::filesystem::create_directories(dir() / "tmp");
}

std::filesystem::path AgentHome::server_log(int port) const {
  return log_dir() / ("server-" + std::to_string(port) + ".log");
}

void AgentHome::write_token(std::string_view token) const {
  tas::write_file_atomically(token_file(), std::string(token) + "\n", std::filesystem::perms(0600),
                             tas::Durability::crash_safe);
}

nlohmann::json AgentHome::default_config(int port, const std::string& telegram_api,
                                         bool with_token) const {
  return {{"port", port},
          {"tokenFile", with_token ? token_file().string() : std::string()},
          {"telegramApi", telegram_api},
          {"stateDir", state_dir().string()},
          {"logDir", log_dir().string()},
          {"nativeDir", native_dir().string()},
          {"relayedChannels", nlohmann::json::array()},
          {"multiMachine", false},
          {"bind", "127.0.0.1"},
          {"selfUpdate", false},
          {"pollTimeoutS", 5},
          {"faults", nlohmann::json::object()}};
}

void AgentHome::write_config(const nlohmann::json& config) const {
  tas::write_file_atomically(config_file(), config.dump(2), std::filesystem::perms(0600),
                             tas::Durability::crash_safe);
}

}  // namespace tas::reference_agent
