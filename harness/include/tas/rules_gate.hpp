#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <tas/gate.hpp>

namespace tas {

// The deterministic gate: fixed rules per step over the evidence's fields, independent of the
// step's own code, so a step that claims success with evidence that does not show it is stopped.
// The rules are the authority (docs/judge.md): nothing else can pass a step they fail.
class RulesGate final : public Gate {
 public:
  // A rule returns nullopt when the evidence satisfies it, or what is wrong.
  using Check = std::function<std::optional<std::string>(const nlohmann::json& evidence)>;
  struct Rule {
    std::string name;
    Check check;
  };

  // The standard rules for the seven steps.
  RulesGate();
  GateVerdict judge(StepId step, const StepOutcome& outcome) override;
  [[nodiscard]] const std::vector<Rule>& rules_for(StepId step) const;

 private:
  std::map<StepId, std::vector<Rule>> rules_;
};

}  // namespace tas
