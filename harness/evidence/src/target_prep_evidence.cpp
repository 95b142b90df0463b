#include "fields.hpp"

#include <tas/evidence/target_prep_evidence.hpp>

namespace tas {

using evidence_json::nullable;
using evidence_json::read_field;

void to_json(nlohmann::json& out, const TargetPrepEvidence& evidence) {
  const auto& token_file = evidence.token_file;
  out = {
      {"home", evidence.home},
      {"state", evidence.state},
      {"created", evidence.created},
      {"adopted", evidence.adopted},
      {"resumed", evidence.resumed},
      {"mode", nullable(evidence.mode)},
      {"mode_before", nullable(evidence.mode_before)},
      {"marker", nullable(evidence.marker)},
      {"port", nullable(evidence.port)},
      {"token_file", token_file ? nlohmann::json(token_file->path) : nlohmann::json(nullptr)},
      {"token_file_mode", token_file ? nlohmann::json(token_file->mode) : nlohmann::json(nullptr)},
      {"state_dir", nullable(evidence.state_dir)},
      {"config_file", nullable(evidence.config_file)},
      {"config", evidence.config}};
}

void from_json(const nlohmann::json& in, TargetPrepEvidence& evidence) {
  read_field(in, "home", evidence.home);
  read_field(in, "state", evidence.state);
  read_field(in, "created", evidence.created);
  read_field(in, "adopted", evidence.adopted);
  read_field(in, "resumed", evidence.resumed);
  read_field(in, "mode", evidence.mode);
  read_field(in, "mode_before", evidence.mode_before);
  read_field(in, "marker", evidence.marker);
  read_field(in, "port", evidence.port);
  std::optional<std::string> token_file;
  std::optional<std::string> token_file_mode;
  read_field(in, "token_file", token_file);
  read_field(in, "token_file_mode", token_file_mode);
  if (token_file.has_value() != token_file_mode.has_value()) {
    throw EvidenceError(token_file ? "/token_file_mode" : "/token_file",
                        "is null, while the other of token_file and token_file_mode is not");
  }
  evidence.token_file.reset();
  if (token_file) evidence.token_file = TokenFileEvidence{*token_file, *token_file_mode};
  read_field(in, "state_dir", evidence.state_dir);
  read_field(in, "config_file", evidence.config_file);
  read_field(in, "config", evidence.config);
}

}  // namespace tas
