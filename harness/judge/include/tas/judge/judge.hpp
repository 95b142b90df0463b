#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include <tas/core/step.hpp>

namespace tas {

// What the judge is shown about one step (docs/judge.md, 'The prompt'): what the step is for, what
// passing evidence looks like, and the step's evidence — already redacted by the engine.
struct JudgeRequest {
  StepId step = StepId::bot_acquire;
  std::string detail;       // the step's own one-line summary
  nlohmann::json evidence;  // redacted
};

// The judge's answer, or why there is none. Only `answered` carries a verdict.
struct JudgeAnswer {
  enum class Outcome {
    answered,     // a strict {"proceed": bool, "reason": non-empty string}
    unreachable,  // no HTTP answer, or an HTTP error status
    timed_out,
    garbage,    // an answer that is not the strict JSON verdict
    no_reason,  // a verdict without a reason
  };
  Outcome outcome = Outcome::unreachable;
  bool proceed = true;
  std::string reason;  // the judge's reason, or what went wrong
  std::chrono::milliseconds latency{0};
  std::string model;

  [[nodiscard]] bool answered() const { return outcome == Outcome::answered; }
  [[nodiscard]] nlohmann::json to_json() const;
};

[[nodiscard]] std::string_view to_string(JudgeAnswer::Outcome outcome);

// An LLM (or anything else) that reads a step's evidence and says whether the run should go on.
// Never throws for the judge's own trouble: that is an answer with an outcome other than
// `answered`, and the run goes on.
class Judge {
 public:
  virtual ~Judge() = default;
  virtual JudgeAnswer judge(const JudgeRequest& request) = 0;
};

// How much say the judge has (docs/judge.md, 'Modes').
enum class JudgeMode {
  off,       // not asked
  advisory,  // asked; its verdict is recorded, never acted on
  veto,      // asked; may stop a step the rules passed (never pass one they failed)
};

[[nodiscard]] std::string_view to_string(JudgeMode mode);
[[nodiscard]] std::optional<JudgeMode> judge_mode_named(std::string_view name);

}  // namespace tas
