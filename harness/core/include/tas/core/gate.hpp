#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include <tas/core/step.hpp>

namespace tas {

struct GateVerdict {
  bool proceed = true;
  std::string reason;               // why not, when it does not proceed
  nlohmann::json record = nullptr;  // what the report keeps of the judgement
};

// Judges a step's evidence before the next step runs (docs/judge.md). A gate is asked only about
// steps that say they passed; a step that failed has failed whatever a gate thinks.
class Gate {
 public:
  virtual ~Gate() = default;
  virtual GateVerdict judge(StepId step, const StepOutcome& outcome) = 0;
};

}  // namespace tas
