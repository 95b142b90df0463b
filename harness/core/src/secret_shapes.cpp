#include <array>
#include <cctype>

#include <tas/core/secret_shapes.hpp>

namespace tas {
namespace {

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_alnum(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0;
}
bool is_token_char(char c) {
  return is_alnum(c) || c == '_' || c == '-';
}
bool is_pat_char(char c) {
  return is_alnum(c) || c == '_';
}
bool is_slack_char(char c) {
  return is_alnum(c) || c == '-';
}

// Length of the run of characters satisfying `pred` starting at `at`.
template <typename Pred>
std::size_t run_length(std::string_view text, std::size_t at, Pred pred) {
  std::size_t end = at;
  while (end < text.size() && pred(text[end]))
    ++end;
  return end - at;
}

// Each matcher returns the length of the secret starting exactly at `at`, or 0.
using Matcher = std::size_t (*)(std::string_view text, std::size_t at);

// ^\d+:[A-Za-z0-9_-]{20,}: the digits must start a number (no digit before them).
std::size_t telegram_token(std::string_view text, std::size_t at) {
  if (at > 0 && is_digit(text[at - 1])) return 0;
  const std::size_t digits = run_length(text, at, is_digit);
  if (digits == 0 || at + digits >= text.size() || text[at + digits] != ':') return 0;
  const std::size_t tail = run_length(text, at + digits + 1, is_token_char);
  return tail >= 20 ? digits + 1 + tail : 0;
}

bool starts_word(std::string_view text, std::size_t at) {
  return at == 0 || !(is_alnum(text[at - 1]) || text[at - 1] == '_');
}

// ghp_/gho_/ghu_/ghs_/ghr_ followed by 20+ alphanumerics; github_pat_ followed by 20+ [A-Za-z0-9_].
std::size_t github_token(std::string_view text, std::size_t at) {
  if (!starts_word(text, at)) return 0;
  const std::string_view rest = text.substr(at);
  if (rest.starts_with("github_pat_")) {
    const std::size_t tail = run_length(text, at + 11, is_pat_char);
    return tail >= 20 ? 11 + tail : 0;
  }
  if (rest.size() > 4 && rest[0] == 'g' && rest[1] == 'h' &&
      std::string_view("pousr").find(rest[2]) != std::string_view::npos && rest[3] == '_') {
    const std::size_t tail = run_length(text, at + 4, is_alnum);
    return tail >= 20 ? 4 + tail : 0;
  }
  return 0;
}

// xoxa-/xoxb-/xoxp-/xoxo-/xoxs-/xoxr- followed by 10+ [A-Za-z0-9-].
std::size_t slack_token(std::string_view text, std::size_t at) {
  if (!starts_word(text, at)) return 0;
  const std::string_view rest = text.substr(at);
  if (rest.size() < 5 || !rest.starts_with("xox") ||
      std::string_view("abposr").find(rest[3]) == std::string_view::npos || rest[4] != '-') {
    return 0;
  }
  const std::size_t tail = run_length(text, at + 5, is_slack_char);
  return tail >= 10 ? 5 + tail : 0;
}

// sk-… (OpenAI sk-/sk-proj-, Anthropic sk-ant-): 20+ [A-Za-z0-9_-] after "sk-".
std::size_t api_key(std::string_view text, std::size_t at) {
  if (!starts_word(text, at) || !text.substr(at).starts_with("sk-")) return 0;
  const std::size_t tail = run_length(text, at + 3, is_token_char);
  return tail >= 20 ? 3 + tail : 0;
}

struct Shape {
  std::string_view kind;
  Matcher match;
};

constexpr std::array<Shape, 4> kShapes = {{
    {"Telegram bot token", telegram_token},
    {"GitHub token", github_token},
    {"Slack token", slack_token},
    {"OpenAI/Anthropic API key", api_key},
}};

}  // namespace

std::optional<std::string_view> whole_value_secret_kind(std::string_view value) {
  for (const Shape& shape : kShapes) {
    if (shape.match(value, 0) == value.size() && !value.empty()) return shape.kind;
  }
  return std::nullopt;
}

std::optional<SecretShapeMatch> find_secret_shape(std::string_view text, std::size_t from) {
  for (std::size_t at = from; at < text.size(); ++at) {
    for (const Shape& shape : kShapes) {
      if (const std::size_t length = shape.match(text, at); length > 0) {
        return SecretShapeMatch{shape.kind, at, length};
      }
    }
  }
  return std::nullopt;
}

}  // namespace tas
