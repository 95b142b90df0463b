#include <tas/core/step.hpp>

namespace tas {

std::string_view name_of(StepId id) {
  switch (id) {
    case StepId::bot_acquire:
      return "bot-acquire";
    case StepId::target_prep:
      return "target-prep";
    case StepId::deploy:
      return "deploy";
    case StepId::start:
      return "start";
    case StepId::round_trip:
      return "round-trip";
    case StepId::verify:
      return "verify";
    case StepId::teardown:
      return "teardown";
  }
  return "unknown";
}

std::string_view to_string(StepStatus status) {
  switch (status) {
    case StepStatus::pending:
      return "pending";
    case StepStatus::passed:
      return "passed";
    case StepStatus::failed:
      return "failed";
    case StepStatus::skipped:
      return "skipped";
    case StepStatus::not_run:
      return "not-run";
  }
  return "unknown";
}

StepOutcome StepOutcome::passed(std::string detail, nlohmann::json evidence) {
  return {StepStatus::passed, std::move(detail), std::move(evidence)};
}

StepOutcome StepOutcome::failed(std::string detail, nlohmann::json evidence) {
  return {StepStatus::failed, std::move(detail), std::move(evidence)};
}

StepOutcome StepOutcome::skipped(std::string reason) {
  return {StepStatus::skipped, std::move(reason), nlohmann::json::object()};
}

}  // namespace tas
