#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include <tas/core/step.hpp>
#include <tas/judge/judge.hpp>

namespace tas {

// What an LLM judge is told (the full text is in docs/judge.md, 'The prompt'). The system prompt
// says what test-as-self is, what each of the seven steps is for and what passing evidence looks
// like, that the deterministic rules already passed the evidence (the judge looks for what rules
// miss), and the one JSON object it must answer with. The user prompt carries one step:
//
//   Step: 4 start
//   Purpose: …
//   Passing evidence: …
//   The step's own summary: …
//   Evidence (JSON, redacted):
//   { …pretty JSON, at most kJudgeEvidenceCap bytes… }
//   Answer with exactly one JSON object and nothing else: {"proceed": …, "reason": "…"}
//
// The "Step: <number> <name>" line is a contract: the fake LLM endpoint finds the step by it.

// The most evidence a prompt carries. Longer evidence first has its long strings (log tails)
// shortened to their ends, then, if still too long, is cut with a marker saying how much was left
// out — a prompt stays small and fast whatever a log holds.
inline constexpr std::size_t kJudgeEvidenceCap = 24 * 1024;

[[nodiscard]] std::string judge_system_prompt();

// The user message for one step. The detail and evidence are redacted again here (raw secret
// shapes become [REDACTED]) whatever the caller did: a prompt leaves the process.
[[nodiscard]] std::string judge_user_prompt(const JudgeRequest& request);

// What a step is for, and what passing evidence looks like: one sentence each.
struct StepGuide {
  std::string_view purpose;
  std::string_view passing;
};
[[nodiscard]] StepGuide step_guide(StepId step);

}  // namespace tas
