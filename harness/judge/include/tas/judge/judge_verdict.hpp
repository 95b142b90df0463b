#pragma once

#include <string_view>

#include <tas/judge/judge.hpp>

namespace tas {

// Reads the text an LLM answered as the judge's strict verdict (docs/judge.md, 'The verdict'):
//
//   {"proceed": true|false, "reason": "<non-empty>"}
//
// The whole text, after trimming whitespace, must be that one JSON object; one surrounding
// ```json … ``` (or ``` … ```) fence is tolerated, because models add one despite being told not
// to. Other members are ignored. Returns an answer whose outcome is
//   answered  — the verdict, with `proceed` and `reason` set;
//   no_reason — an object with a boolean `proceed` but no reason, or an empty one;
//   garbage   — anything else; `reason` says what was wrong and quotes a short excerpt, with raw
//               secret shapes masked.
// Latency and model are left for the caller to fill in.
[[nodiscard]] JudgeAnswer parse_judge_verdict(std::string_view text);

}  // namespace tas
