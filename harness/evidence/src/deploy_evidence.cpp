#include "fields.hpp"

#include <tas/evidence/deploy_evidence.hpp>

namespace tas {

using evidence_json::nullable;
using evidence_json::read_field;

void to_json(nlohmann::json& out, const DeployEvidence& evidence) {
  out = {{"dist", evidence.dist},
         {"dist_link", nullable(evidence.dist_link)},
         {"commands", evidence.commands},
         {"config_patched", evidence.config_patched},
         {"port", nullable(evidence.port)}};
}

void from_json(const nlohmann::json& in, DeployEvidence& evidence) {
  read_field(in, "dist", evidence.dist);
  read_field(in, "dist_link", evidence.dist_link);
  read_field(in, "commands", evidence.commands);
  read_field(in, "config_patched", evidence.config_patched);
  read_field(in, "port", evidence.port);
}

}  // namespace tas
