#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include <tas/evidence/command_run_evidence.hpp>

namespace tas {

// What step 3 (deploy) observed.
struct DeployEvidence {
  std::string dist;
  std::optional<std::string> dist_link;  // null when the build was not linked
  std::vector<CommandRun> commands;      // rebuild and init, as far as they ran
  bool config_patched = false;
  std::optional<std::int64_t> port;  // null until known
};

void to_json(nlohmann::json& out, const DeployEvidence& evidence);
void from_json(const nlohmann::json& in, DeployEvidence& evidence);  // throws EvidenceError

}  // namespace tas
