#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace tas {

// The bot token's file in the home, written only when a bot is deployed. Written as the two
// keys `token_file` and `token_file_mode`, both null without a bot.
struct TokenFileEvidence {
  std::string path;
  std::string mode;  // "0600"
};

// What step 2 (target-prep) observed. A refused target ends the step after `home` and `state`:
// what it did not reach is null.
struct TargetPrepEvidence {
  std::string home;
  std::string state;  // what was there: "missing", "empty-directory", "earlier-kept-run", …
  bool created = false;
  bool adopted = false;
  bool resumed = false;
  std::optional<std::string> mode;         // the home's, "0700"
  std::optional<std::string> mode_before;  // an adopted directory's, given back at teardown
  std::optional<std::string> marker;
  std::optional<std::int64_t> port;             // null: read from the agent's config after deploy
  std::optional<TokenFileEvidence> token_file;  // null: no bot, so no token file
  std::optional<std::string> state_dir;
  std::optional<std::string> config_file;
  nlohmann::json config = nullptr;  // what was written, null until it was
};

void to_json(nlohmann::json& out, const TargetPrepEvidence& evidence);
void from_json(const nlohmann::json& in, TargetPrepEvidence& evidence);  // throws EvidenceError

}  // namespace tas
