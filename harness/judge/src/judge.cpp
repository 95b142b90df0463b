#include <tas/judge/judge.hpp>

namespace tas {

std::string_view to_string(JudgeAnswer::Outcome outcome) {
  switch (outcome) {
    case JudgeAnswer::Outcome::answered:
      return "answered";
    case JudgeAnswer::Outcome::unreachable:
      return "unreachable";
    case JudgeAnswer::Outcome::timed_out:
      return "timed_out";
    case JudgeAnswer::Outcome::garbage:
      return "garbage";
    case JudgeAnswer::Outcome::no_reason:
      return "no_reason";
  }
  return "unknown";
}

std::string_view to_string(JudgeMode mode) {
  switch (mode) {
    case JudgeMode::off:
      return "off";
    case JudgeMode::advisory:
      return "advisory";
    case JudgeMode::veto:
      return "veto";
  }
  return "unknown";
}

std::optional<JudgeMode> judge_mode_named(std::string_view name) {
  for (const JudgeMode mode : {JudgeMode::off, JudgeMode::advisory, JudgeMode::veto}) {
    if (to_string(mode) == name) return mode;
  }
  return std::nullopt;
}

nlohmann::json JudgeAnswer::to_json() const {
  // A proceed/stop exists only when the judge answered; anything else is not a verdict.
  return {{"outcome", to_string(outcome)},
          {"proceed", answered() ? nlohmann::json(proceed) : nlohmann::json(nullptr)},
          {"reason", reason},
          {"latency_ms", latency.count()},
          {"model", model}};
}

}  // namespace tas
