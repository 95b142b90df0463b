#include "llm_protocol.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

#include <tas/core/untrusted_json.hpp>

namespace tas::judge_detail {
namespace {

using nlohmann::json;
using Protocol = LlmJudgeConfig::Protocol;

constexpr std::string_view kAnthropicVersion = "2023-06-01";

bool is_credential_header(const std::string& name) {
  return name == "x-api-key" || name == "Authorization";
}

std::string string_at(const json& document, const json::json_pointer& pointer) {
  if (!document.contains(pointer)) return {};
  const json& value = document.at(pointer);
  return value.is_string() ? value.get<std::string>() : std::string();
}

}  // namespace

HttpRequest build_judge_request(const LlmJudgeConfig& config, std::string_view key,
                                std::string_view system_prompt, std::string_view user_prompt) {
  HttpRequest request;
  request.method = "POST";
  request.url = config.endpoint;
  request.timeout = config.timeout;
  json body;
  if (config.protocol == Protocol::anthropic) {
    request.headers = {{"x-api-key", std::string(key)},
                       {"anthropic-version", std::string(kAnthropicVersion)},
                       {"content-type", "application/json"}};
    body = {{"model", config.model},
            {"max_tokens", config.max_tokens},
            {"system", system_prompt},
            {"messages", json::array({{{"role", "user"}, {"content", user_prompt}}})}};
  } else {
    request.headers = {{"Authorization", "Bearer " + std::string(key)},
                       {"Content-Type", "application/json"}};
    body = {{"model", config.model},
            {"max_tokens", config.max_tokens},
            {"temperature", 0},
            {"response_format", {{"type", "json_object"}}},
            {"messages", json::array({{{"role", "system"}, {"content", system_prompt}},
                                      {{"role", "user"}, {"content", user_prompt}}})}};
  }
  // Evidence may hold invalid UTF-8 (a log tail); it goes out replaced, never as an exception.
  request.body = body.dump(-1, ' ', false, json::error_handler_t::replace);
  // Libcurl would otherwise send "Expect: 100-continue" for a large prompt and wait for it.
  request.headers.emplace_back("Expect", "");
  return request;
}

void wipe_credentials(HttpRequest& request) {
  for (auto& [name, value] : request.headers) {
    if (is_credential_header(name)) std::fill(value.begin(), value.end(), '\0');
  }
}

ProviderReply read_provider_reply(Protocol protocol, std::string_view body) {
  ProviderReply reply;
  const json document = parse_untrusted_json(body).value;
  if (document.is_discarded() || !document.is_object()) {
    reply.problem = "the response body is not a JSON object";
    return reply;
  }
  reply.model = string_at(document, json::json_pointer("/model"));
  if (protocol == Protocol::anthropic) {
    const auto content = document.find("content");
    if (content == document.end() || !content->is_array()) {
      reply.problem = "the Messages response has no \"content\" list";
      return reply;
    }
    // The verdict is the first text block (a model may think aloud in other block types first).
    for (const json& block : *content) {
      if (block.is_object() && block.value("type", "") == "text" && block.contains("text") &&
          block["text"].is_string()) {
        reply.has_text = true;
        reply.text = block["text"].get<std::string>();
        return reply;
      }
    }
    reply.problem = "the Messages response has no text content block";
    return reply;
  }
  const json::json_pointer text("/choices/0/message/content");
  if (!document.contains(text) || !document.at(text).is_string()) {
    reply.problem = "the chat completion has no choices[0].message.content text";
    return reply;
  }
  reply.has_text = true;
  reply.text = document.at(text).get<std::string>();
  return reply;
}

std::string provider_error_message(std::string_view body) {
  const json document = parse_untrusted_json(body).value;
  if (document.is_discarded() || !document.is_object()) return {};
  return string_at(document, json::json_pointer("/error/message"));
}

}  // namespace tas::judge_detail
