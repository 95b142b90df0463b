#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <tas/core/gate.hpp>

namespace tas {

// The deterministic gate: fixed rules per step, independent of the step's own code, so a step
// that claims success with evidence that does not show it is stopped. The evidence is first read
// back into its step's struct (tas/evidence/): evidence without one of the struct's keys, or
// with a value of the wrong type, is refused naming the key, and the rules are written against
// the struct, so no rule can pass because a key it looks at was renamed. The rules are the
// authority (docs/judge.md); nothing else can pass a step they fail.
class RulesGate final : public Gate {
 public:
  // One rule's judgement: nullopt when the evidence satisfies it, or what is wrong.
  struct Judgement {
    std::string rule;
    std::optional<std::string> problem;
  };
  // All of one step's rules over its evidence, in order.
  using StepRules = std::function<std::vector<Judgement>(const nlohmann::json& evidence)>;

  // The standard rules for the seven steps.
  RulesGate();
  GateVerdict judge(StepId step, const StepOutcome& outcome) override;

 private:
  std::map<StepId, StepRules> rules_;
};

}  // namespace tas
