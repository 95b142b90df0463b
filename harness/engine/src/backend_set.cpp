#include <tas/engine/backend_set.hpp>

namespace tas {

std::vector<std::string> BackendSet::missing() const {
  std::vector<std::string> names;
  if (!clock) names.emplace_back("clock");
  if (!secrets) names.emplace_back("secrets");
  if (!bot_api) names.emplace_back("bot_api");
  if (!deployer) names.emplace_back("deployer");
  if (!launcher) names.emplace_back("launcher");
  if (!probe) names.emplace_back("probe");
  if (!verifier) names.emplace_back("verifier");
  if (!gate) names.emplace_back("gate");
  return names;
}

}  // namespace tas
