#pragma once

#include <memory>

#include <tas/core/gate.hpp>
#include <tas/judge/judge.hpp>
#include <tas/judge/rules_gate.hpp>

namespace tas {

// The gate (docs/judge.md): the deterministic rules are the authority, and an optional judge sits
// beside them. Rules that refuse refuse — the judge is not asked and cannot overrule them. When
// the rules pass: mode off — the judge is not asked; advisory — its verdict is recorded; veto —
// a verdict of "stop" refuses the step with the judge's reason (except teardown's: a cleanup that
// is done cannot be undone, so the judge's word on step 7 is advisory). A judge that is
// unreachable, too slow, or answers garbage or without a reason never stops the run: the record
// says so.
//
// The record the report keeps:
//   {"rules": {…RulesGate's record…},
//    "judge": null | {"mode", "outcome", "proceed", "reason", "latency_ms", "model", "acted"}}
class SupervisedGate final : public Gate {
 public:
  SupervisedGate(std::shared_ptr<Judge> judge, JudgeMode mode);
  GateVerdict judge(StepId step, const StepOutcome& outcome) override;

 private:
  RulesGate rules_;
  std::shared_ptr<Judge> judge_;
  JudgeMode mode_;
};

}  // namespace tas
