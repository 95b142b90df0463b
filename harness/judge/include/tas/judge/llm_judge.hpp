#pragma once

#include <chrono>
#include <filesystem>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include <tas/judge/judge.hpp>

namespace tas {

inline constexpr std::string_view kAnthropicMessagesEndpoint =
    "https://api.anthropic.com/v1/messages";
inline constexpr std::string_view kOpenAiChatCompletionsEndpoint =
    "https://api.openai.com/v1/chat/completions";

// Where the LLM judge is and how to talk to it. The API key is never here: only the file that
// holds it.
struct LlmJudgeConfig {
  enum class Protocol {
    anthropic,  // POST <endpoint> (Messages API): x-api-key, anthropic-version: 2023-06-01
    openai,     // POST <endpoint> (chat completions): Authorization: Bearer <key>
  };
  Protocol protocol = Protocol::anthropic;
  std::string endpoint;  // the full URL of the messages / chat-completions resource
  std::string model;
  // One line: the key. Mode 0600 or stricter (no permission for group or others); read at each
  // call, so a key rotated mid-run is picked up.
  std::filesystem::path api_key_file;
  std::chrono::milliseconds timeout{20000};  // the bound on one judgement, connect included
  int max_tokens = 300;
};

[[nodiscard]] std::string_view to_string(LlmJudgeConfig::Protocol protocol);

// The judge part of a configuration: how much say the judge has, and where it is.
struct JudgeSettings {
  JudgeMode mode = JudgeMode::off;
  LlmJudgeConfig llm;

  // {"mode", "protocol", "endpoint", "model", "api_key_file", "timeout_s", "max_tokens"}: the
  // settings as they were read, for a report or a console line. Never a key (there is none here).
  [[nodiscard]] nlohmann::json to_json() const;
};

// Reads the JSON block of `--judge-config <file>` and of the live configuration's "judge" member
// (docs/judge.md):
//
//   {"mode": "off|advisory|veto",                    required
//    "protocol": "anthropic|openai",                 default "anthropic"
//    "endpoint": "https://…",                        default: the protocol's public endpoint
//    "model": "…",                                   required unless mode is off
//    "api_key_file": "/path/0600-file",              required unless mode is off; relative to
//                                                    base_dir
//    "timeout_s": 20,                                default 20; 0 < timeout_s <= 300
//    "max_tokens": 300}                              default 300; 16 <= max_tokens <= 4096
//
// Throws UsageError naming `source`, the field, what was expected and what was found, for a
// missing or malformed field, an unknown field (a misspelt one would be silently ignored), and a
// value shaped like a raw secret anywhere in the block (keys live in a file; the message never
// repeats the value). Does not touch the key file: LlmJudge checks it.
[[nodiscard]] JudgeSettings parse_judge_settings(const nlohmann::json& block,
                                                 const std::filesystem::path& base_dir,
                                                 std::string_view source);
// The same, keeping only where the judge is.
[[nodiscard]] LlmJudgeConfig parse_judge_config(const nlohmann::json& block,
                                                const std::filesystem::path& base_dir,
                                                std::string_view source);

// A judge that asks an LLM over HTTP (libcurl), in the Anthropic Messages or the OpenAI
// chat-completions shape, with the prompt of judge_prompt.hpp, and reads its strict JSON verdict
// (judge_verdict.hpp). Never throws from judge(): every trouble is an answer —
//   unreachable  no HTTP answer, a non-2xx status (with the status and the provider's error
//                message), or an API key file that is missing, empty or readable by others;
//   timed_out    no answer within config.timeout;
//   garbage      a response or a verdict that is not what the protocol promises;
//   no_reason    a verdict without a reason.
// `latency` is the time of the HTTP exchange; `model` is the response's "model", else the
// configured one. The key never appears in an answer, an error or a log: every reason passes a
// redactor that knows the key and every raw secret shape.
class LlmJudge final : public Judge {
 public:
  // Throws UsageError when the config is unusable (no endpoint or model), or when the key file
  // exists but is readable or writable by group or others (its name and mode are said; it is
  // never read). A missing key file is not an error yet: each judgement then says so.
  explicit LlmJudge(LlmJudgeConfig config);

  JudgeAnswer judge(const JudgeRequest& request) override;

  // "LLM judge <model> at <endpoint> (<protocol>)"
  [[nodiscard]] std::string describe() const;
  [[nodiscard]] const LlmJudgeConfig& config() const { return config_; }

 private:
  LlmJudgeConfig config_;
};

}  // namespace tas
