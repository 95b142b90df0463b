#include "provider_shapes.hpp"

namespace tas::fake::detail {
namespace {

using nlohmann::json;

// Token counts are estimated (about four bytes a token); clients only read them for cost.
long tokens_of(std::size_t bytes) {
  return static_cast<long>(bytes / 4 + 1);
}

std::string anthropic_error_type(int status) {
  switch (status) {
    case 400:
      return "invalid_request_error";
    case 401:
      return "authentication_error";
    case 403:
      return "permission_error";
    case 404:
      return "not_found_error";
    case 413:
      return "request_too_large";
    case 429:
      return "rate_limit_error";
    case 529:
      return "overloaded_error";
    default:
      return "api_error";
  }
}

std::string usual_message(int status) {
  switch (status) {
    case 400:
      return "Invalid request";
    case 401:
      return "Invalid authentication";
    case 403:
      return "Permission denied";
    case 404:
      return "Not found";
    case 429:
      return "Rate limit reached; please try again later";
    case 529:
      return "Overloaded";
    default:
      return status >= 500 ? "The server had an error while processing your request"
                           : "Request failed";
  }
}

}  // namespace

json success_body(Provider provider, const std::string& id, const std::string& model,
                  const std::string& text, std::size_t prompt_bytes) {
  if (provider == Provider::anthropic) {
    return {
        {"id", "msg_" + id},
        {"type", "message"},
        {"role", "assistant"},
        {"model", model},
        {"content", json::array({{{"type", "text"}, {"text", text}}})},
        {"stop_reason", "end_turn"},
        {"stop_sequence", nullptr},
        {"usage",
         {{"input_tokens", tokens_of(prompt_bytes)}, {"output_tokens", tokens_of(text.size())}}}};
  }
  const long prompt_tokens = tokens_of(prompt_bytes);
  const long completion_tokens = tokens_of(text.size());
  return {{"id", "chatcmpl-" + id},
          {"object", "chat.completion"},
          {"created", 1700000000},
          {"model", model},
          {"choices", json::array({{{"index", 0},
                                    {"message", {{"role", "assistant"}, {"content", text}}},
                                    {"logprobs", nullptr},
                                    {"finish_reason", "stop"}}})},
          {"usage",
           {{"prompt_tokens", prompt_tokens},
            {"completion_tokens", completion_tokens},
            {"total_tokens", prompt_tokens + completion_tokens}}}};
}

json error_body(Provider provider, int status, std::string message) {
  if (message.empty()) message = usual_message(status);
  if (provider == Provider::anthropic) {
    return {{"type", "error"},
            {"error", {{"type", anthropic_error_type(status)}, {"message", message}}}};
  }
  const std::string type = status == 429   ? "requests"
                           : status >= 500 ? "server_error"
                                           : "invalid_request_error";
  const json code = status == 401 ? json("invalid_api_key") : json(nullptr);
  return {{"error", {{"message", message}, {"type", type}, {"param", nullptr}, {"code", code}}}};
}

std::string openai_wrong_key_message(const std::string& presented_key) {
  std::string shown = "****";
  if (presented_key.starts_with("sk-") && presented_key.size() > 12) {
    shown = presented_key.substr(0, 5) + std::string(presented_key.size() - 9, '*') +
            presented_key.substr(presented_key.size() - 4);
  }
  return "Incorrect API key provided: " + shown +
         ". You can find your API key at https://platform.openai.com/account/api-keys.";
}

}  // namespace tas::fake::detail
