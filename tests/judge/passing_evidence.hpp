#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include <tas/core/step.hpp>

namespace tas::test {

// Evidence the deterministic rules pass, for each step, built through the step's evidence struct
// (tas/evidence/), so it has the report's shape.
[[nodiscard]] nlohmann::json passing_evidence(StepId step);

// A Telegram-shaped token that must never leave the process: it is masked wherever it appears.
inline const std::string kCanaryToken = "7777777:AAcanaryCANARYcanary_canary-0123456789";

}  // namespace tas::test
