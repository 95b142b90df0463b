#pragma once

#include <cstddef>
#include <string>

#include <nlohmann/json.hpp>

namespace tas::fake::detail {

// The two providers' response and error bodies, as their public APIs send them.
enum class Provider { anthropic, openai };

// A successful answer whose model text is `text`.
[[nodiscard]] nlohmann::json success_body(Provider provider, const std::string& id,
                                          const std::string& model, const std::string& text,
                                          std::size_t prompt_bytes);

// An error answer for HTTP `status`: Anthropic {"type": "error", "error": {"type", "message"}};
// OpenAI {"error": {"message", "type", "param", "code"}}. An empty message takes the provider's
// usual one for that status.
[[nodiscard]] nlohmann::json error_body(Provider provider, int status, std::string message);

// OpenAI's 401 for a wrong key quotes the key masked ("sk-ab***…wxyz"), as the real API does, so a
// client's scrubbing of such fragments is tested against the real thing.
[[nodiscard]] std::string openai_wrong_key_message(const std::string& presented_key);

}  // namespace tas::fake::detail
