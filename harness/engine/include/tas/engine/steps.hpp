#pragma once

#include <array>
#include <memory>

#include <tas/core/step.hpp>
#include <tas/engine/run_context.hpp>

namespace tas {

// One of the seven steps. A step does its work through the run's backends, records what it did
// in the RunContext (so teardown can undo it), and returns its evidence. It may throw: a
// BackendError fails the step with the error's message, and any other exception fails it as an
// "unexpected error" (a bug).
class Step {
 public:
  virtual ~Step() = default;
  [[nodiscard]] virtual StepId id() const = 0;
  virtual StepOutcome run(RunContext& context) = 0;
};

using StepList = std::array<std::unique_ptr<Step>, 7>;

// The standard seven steps (docs/steps.md), in order.
[[nodiscard]] StepList standard_steps();

}  // namespace tas
