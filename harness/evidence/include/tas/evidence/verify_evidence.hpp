#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace tas {

// One check of the verifier. What it found besides (`hits`, `children`, `reports`, …) differs
// from check to check and is kept as it is, written beside name, ok and detail.
struct VerifyCheck {
  std::string name;
  bool ok = false;
  std::string detail;
  nlohmann::json extra = nlohmann::json::object();
};

// A log the verifier read, and how much of it.
struct ScannedLogEvidence {
  std::string path;
  std::uint64_t size = 0;
  std::uint64_t bytes_scanned = 0;
  bool truncated = false;
};

// What step 6 (verify) observed: the verifier's whole result.
struct VerifyEvidence {
  std::vector<VerifyCheck> checks;
  std::vector<ScannedLogEvidence> logs_scanned;

  // The one judgement of the checks, which the step fails with and the rules gate refuses
  // with: nullopt when there is at least one check and every one passed; otherwise the first
  // failed check's name and detail, and how many more failed. The evidence's `ok` is written
  // from it for readers, and not read back.
  [[nodiscard]] std::optional<std::string> problem() const;
};

void to_json(nlohmann::json& out, const VerifyCheck& check);
void from_json(const nlohmann::json& in, VerifyCheck& check);  // throws EvidenceError
void to_json(nlohmann::json& out, const ScannedLogEvidence& log);
void from_json(const nlohmann::json& in, ScannedLogEvidence& log);  // throws EvidenceError
void to_json(nlohmann::json& out, const VerifyEvidence& evidence);
void from_json(const nlohmann::json& in, VerifyEvidence& evidence);  // throws EvidenceError

}  // namespace tas
