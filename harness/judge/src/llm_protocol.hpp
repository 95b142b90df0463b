#pragma once

#include <string>
#include <string_view>

#include <tas/backends/http_client.hpp>
#include <tas/judge/llm_judge.hpp>

namespace tas::judge_detail {

// The two wire shapes the LLM judge speaks. Kept apart from LlmJudge so that each protocol's
// request and response live in one place.

// The POST for one judgement: Anthropic Messages (x-api-key, anthropic-version, "system" beside
// "messages") or OpenAI chat completions (Bearer key, a system message, temperature 0, JSON mode).
// The request holds the key in a header: wipe_credentials() after use.
[[nodiscard]] HttpRequest build_judge_request(const LlmJudgeConfig& config, std::string_view key,
                                              std::string_view system_prompt,
                                              std::string_view user_prompt);

// Overwrites the key in the request's headers, so that it does not outlive the call.
void wipe_credentials(HttpRequest& request);

// What a 2xx response said: the model's text and the model's name, or why there is no text.
struct ProviderReply {
  bool has_text = false;
  std::string text;
  std::string model;    // the response's "model", empty when absent
  std::string problem;  // when !has_text: what the response lacked
};
[[nodiscard]] ProviderReply read_provider_reply(LlmJudgeConfig::Protocol protocol,
                                                std::string_view body);

// The provider's own error message in an error response ({"error": {"message": …}} in both
// protocols), or "" when the body does not carry one.
[[nodiscard]] std::string provider_error_message(std::string_view body);

}  // namespace tas::judge_detail
