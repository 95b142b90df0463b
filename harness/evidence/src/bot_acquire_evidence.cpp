#include "fields.hpp"

#include <tas/evidence/bot_acquire_evidence.hpp>

namespace tas {

using evidence_json::nullable;
using evidence_json::read_field;

void to_json(nlohmann::json& out, const BotIdentity& bot) {
  out = {{"id", bot.id}, {"username", bot.username}};
}

void from_json(const nlohmann::json& in, BotIdentity& bot) {
  read_field(in, "id", bot.id);
  read_field(in, "username", bot.username);
}

void to_json(nlohmann::json& out, const BotAcquireEvidence& evidence) {
  out = {{"source", evidence.source},
         {"how", evidence.how},
         {"drop_id", nullable(evidence.drop_id)},
         {"token_sha256", nullable(evidence.token_sha256)},
         {"bot", nullable(evidence.bot)}};
}

void from_json(const nlohmann::json& in, BotAcquireEvidence& evidence) {
  read_field(in, "source", evidence.source);
  read_field(in, "how", evidence.how);
  read_field(in, "drop_id", evidence.drop_id);
  read_field(in, "token_sha256", evidence.token_sha256);
  read_field(in, "bot", evidence.bot);
}

}  // namespace tas
