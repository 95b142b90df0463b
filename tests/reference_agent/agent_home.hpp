#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "temp_dir.hpp"
#include <nlohmann/json.hpp>

namespace tas::reference_agent {

// A throwaway agent home for one test: config, token file, state, logs, native dir, and the
// children's captured output. A temporary directory: kept (and its path printed) when the test
// failed or keep() was called, deleted otherwise.
class AgentHome {
 public:
  AgentHome();

  void keep() { dir_.keep(); }

  [[nodiscard]] const std::filesystem::path& dir() const { return dir_.path(); }
  [[nodiscard]] std::filesystem::path config_file() const { return dir_ / "agent.json"; }
  [[nodiscard]] std::filesystem::path token_file() const { return dir_ / "bot-token"; }
  [[nodiscard]] std::filesystem::path state_dir() const { return dir_ / "state"; }
  [[nodiscard]] std::filesystem::path log_dir() const { return dir_ / "agent-logs"; }
  [[nodiscard]] std::filesystem::path native_dir() const { return dir_ / "native"; }
  [[nodiscard]] std::filesystem::path captures_dir() const { return dir_ / "captures"; }
  [[nodiscard]] std::filesystem::path server_log(int port) const;
  [[nodiscard]] std::filesystem::path lifeline_log() const { return log_dir() / "lifeline.log"; }

  // Writes the token file (mode 0600), as the harness's target-prep step does.
  void write_token(std::string_view token) const;

  // The config the harness would write from the reference profile.
  [[nodiscard]] nlohmann::json default_config(int port, const std::string& telegram_api,
                                              bool with_token) const;
  void write_config(const nlohmann::json& config) const;

 private:
  test::TempDir dir_{"tas-reference-agent"};
};

}  // namespace tas::reference_agent
