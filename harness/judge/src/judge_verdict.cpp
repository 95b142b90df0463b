#include "text_excerpt.hpp"
#include <fmt/format.h>

#include <tas/core/untrusted_json.hpp>
#include <tas/judge/judge_verdict.hpp>

namespace tas {
namespace {

using judge_detail::excerpt;
using judge_detail::trim;
using nlohmann::json;

// The inside of one ```json … ``` (or ``` … ```) fence around the whole text, or the text itself.
std::string_view without_fence(std::string_view text) {
  constexpr std::string_view kFence = "```";
  if (!text.starts_with(kFence) || text.size() < 2 * kFence.size() || !text.ends_with(kFence)) {
    return text;
  }
  std::string_view inner = text.substr(kFence.size(), text.size() - 2 * kFence.size());
  // The opening fence may name a language; the verdict starts on the next line.
  const auto newline = inner.find('\n');
  const std::string_view info = trim(inner.substr(0, newline));
  if (!info.empty() && info != "json" && info != "JSON") return text;
  inner = newline == std::string_view::npos ? std::string_view{} : inner.substr(newline + 1);
  return trim(inner);
}

JudgeAnswer garbage(std::string_view what, std::string_view text) {
  JudgeAnswer answer;
  answer.outcome = JudgeAnswer::Outcome::garbage;
  answer.reason = fmt::format(
      "the judge's answer is not the verdict {{\"proceed\": bool, \"reason\": "
      "\"...\"}}: {}; it began: \"{}\"",
      what, excerpt(text));
  return answer;
}

}  // namespace

JudgeAnswer parse_judge_verdict(std::string_view text) {
  const std::string_view trimmed = trim(text);
  if (trimmed.empty()) return garbage("it is empty", text);
  const std::string_view body = without_fence(trimmed);
  const json verdict = parse_untrusted_json(body).value;
  if (verdict.is_discarded()) return garbage("it is not one JSON object", trimmed);
  if (!verdict.is_object()) return garbage("it is JSON but not an object", trimmed);
  const auto proceed = verdict.find("proceed");
  if (proceed == verdict.end() || !proceed->is_boolean()) {
    return garbage("\"proceed\" is missing or not a boolean", trimmed);
  }
  const auto reason = verdict.find("reason");
  if (reason != verdict.end() && !reason->is_null() && !reason->is_string()) {
    return garbage("\"reason\" is not a string", trimmed);
  }

  JudgeAnswer answer;
  answer.proceed = proceed->get<bool>();
  const std::string said =
      reason == verdict.end() || reason->is_null() ? std::string() : reason->get<std::string>();
  if (trim(said).empty()) {
    answer.outcome = JudgeAnswer::Outcome::no_reason;
    answer.reason =
        fmt::format("the judge answered \"proceed\": {} without a reason", answer.proceed);
    return answer;
  }
  answer.outcome = JudgeAnswer::Outcome::answered;
  answer.reason = std::string(trim(said));
  return answer;
}

}  // namespace tas
