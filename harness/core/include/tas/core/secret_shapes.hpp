#pragma once

#include <optional>
#include <string_view>

namespace tas {

// The raw secret shapes refused on the command line and removed from every output: Telegram bot
// tokens, GitHub tokens, Slack tokens and OpenAI/Anthropic keys (their patterns are listed in
// docs/architecture.md, 'Where secrets are redacted').
struct SecretShapeMatch {
  std::string_view kind;  // e.g. "Telegram bot token"; never the matched text itself
  std::size_t offset = 0;
  std::size_t length = 0;
};

// True when the whole of `value` has a raw secret shape (for the Telegram shape, anchored:
// ^\d+:[A-Za-z0-9_-]{20,}$).
[[nodiscard]] std::optional<std::string_view> whole_value_secret_kind(std::string_view value);

// The first raw secret shape found anywhere inside `text` at or after `from`, e.g. a token inside a
// Bot API URL (".../bot123:AA.../getMe"). Linear in the size of `text`.
[[nodiscard]] std::optional<SecretShapeMatch> find_secret_shape(std::string_view text,
                                                                std::size_t from = 0);

}  // namespace tas
