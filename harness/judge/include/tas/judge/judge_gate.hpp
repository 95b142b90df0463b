#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include <tas/core/gate.hpp>
#include <tas/judge/llm_judge.hpp>

namespace tas {

// Reads the judge block of `--judge-config <file>` (docs/judge.md). Throws UsageError naming the
// file when it cannot be read or is not JSON, and parse_judge_settings' errors for its fields.
[[nodiscard]] JudgeSettings load_judge_settings(const std::filesystem::path& file);

// The same over the file's text; `file` names it in errors and anchors "api_key_file".
[[nodiscard]] JudgeSettings judge_settings_from_text(std::string_view text,
                                                     const std::filesystem::path& file);

// The gate a run uses: the deterministic rules alone when the mode is off, else the rules with
// an LlmJudge beside them (SupervisedGate). Throws UsageError for an unusable judge (an API key
// file open to others, say).
[[nodiscard]] std::shared_ptr<Gate> make_gate(const JudgeSettings& settings);

// One line for the banner and the report's backends: "rules only", or "rules + LLM judge <model>
// at <endpoint> (<protocol>), <mode>".
[[nodiscard]] std::string describe_gate(const JudgeSettings& settings);

}  // namespace tas
