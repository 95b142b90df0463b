#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include <tas/backends/bot_api.hpp>

namespace tas {

// What step 1 (bot-acquire) observed. Never the token: its hash.
struct BotAcquireEvidence {
  std::string source;                       // which secret store
  std::string how;                          // "retrieved" (by drop id) or "requested" (by form)
  std::optional<std::string> drop_id;       // null when requested
  std::optional<std::string> token_sha256;  // null until a token was in hand
  std::optional<BotIdentity> bot;           // null until getMe answered
};

void to_json(nlohmann::json& out, const BotIdentity& bot);
void from_json(const nlohmann::json& in, BotIdentity& bot);  // throws EvidenceError
void to_json(nlohmann::json& out, const BotAcquireEvidence& evidence);
void from_json(const nlohmann::json& in, BotAcquireEvidence& evidence);  // throws EvidenceError

}  // namespace tas
