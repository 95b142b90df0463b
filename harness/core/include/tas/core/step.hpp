#pragma once

#include <array>
#include <chrono>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace tas {

// The seven gated steps (docs/steps.md), numbered as the exit codes number them.
enum class StepId : int {
  bot_acquire = 1,
  target_prep = 2,
  deploy = 3,
  start = 4,
  round_trip = 5,
  verify = 6,
  teardown = 7,
};

inline constexpr std::array<StepId, 7> kAllSteps = {
    StepId::bot_acquire, StepId::target_prep, StepId::deploy,  StepId::start,
    StepId::round_trip,  StepId::verify,      StepId::teardown};

[[nodiscard]] constexpr int number_of(StepId id) {
  return static_cast<int>(id);
}
[[nodiscard]] std::string_view name_of(StepId id);  // "bot-acquire", …, "teardown"

enum class StepStatus { pending, passed, failed, skipped, not_run };
[[nodiscard]] std::string_view to_string(StepStatus status);

// What a step hands back: its own status, one line a person can read, and the evidence the gate
// judges and the report keeps.
struct StepOutcome {
  StepStatus status = StepStatus::failed;
  std::string detail;
  nlohmann::json evidence = nlohmann::json::object();

  static StepOutcome passed(std::string detail, nlohmann::json evidence);
  static StepOutcome failed(std::string detail, nlohmann::json evidence = nlohmann::json::object());
  static StepOutcome skipped(std::string reason);
};

// One row of the report.
struct StepResult {
  StepId id = StepId::bot_acquire;
  StepStatus status = StepStatus::pending;
  std::string detail;
  nlohmann::json evidence = nlohmann::json::object();
  nlohmann::json gate = nullptr;  // the gate's verdict, null when the gate was not asked
  std::chrono::system_clock::time_point started_at{};
  std::chrono::milliseconds duration{0};
};

}  // namespace tas
