#include <stdexcept>

#include <fmt/format.h>

#include <tas/judge/supervised_gate.hpp>

namespace tas {

SupervisedGate::SupervisedGate(std::shared_ptr<Judge> judge, JudgeMode mode)
    : judge_(std::move(judge)), mode_(mode) {
  if (mode_ != JudgeMode::off && !judge_) {
    throw std::invalid_argument(
        fmt::format("SupervisedGate: judge mode '{}' needs a judge; pass one, or use mode 'off'",
                    to_string(mode_)));
  }
}

GateVerdict SupervisedGate::judge(StepId step, const StepOutcome& outcome) {
  GateVerdict verdict = rules_.judge(step, outcome);
  verdict.record = {{"rules", verdict.record.at("rules")}, {"judge", nullptr}};
  // The rules are the authority: what they refuse stays refused, and the judge is not asked.
  if (!verdict.proceed || mode_ == JudgeMode::off) return verdict;

  // The engine redacted the outcome before any gate saw it, and the rules have just refused any
  // raw secret shape left in it: the request goes out as it is.
  const JudgeRequest request{step, outcome.detail, outcome.evidence};
  JudgeAnswer answer;
  try {
    answer = judge_->judge(request);
  } catch (const std::exception& error) {
    // A judge must not throw for its own trouble; if one does, that is still not the run's.
    answer = {};
    answer.outcome = JudgeAnswer::Outcome::unreachable;
    answer.reason = fmt::format("the judge failed: {}", error.what());
  } catch (...) {
    answer = {};
    answer.outcome = JudgeAnswer::Outcome::unreachable;
    answer.reason = "the judge failed with an error of an unknown type";
  }

  // Teardown has already done its work when it is judged, and a judge cannot undo a cleanup: its
  // verdict on step 7 is advisory whatever the mode.
  const bool acted =
      mode_ == JudgeMode::veto && step != StepId::teardown && answer.answered() && !answer.proceed;
  nlohmann::json record = answer.to_json();
  record["mode"] = to_string(mode_);
  record["acted"] = acted;
  verdict.record["judge"] = std::move(record);
  if (acted) {
    verdict.proceed = false;
    verdict.reason = fmt::format("judge vetoed: {}", answer.reason);
  }
  return verdict;
}

}  // namespace tas
