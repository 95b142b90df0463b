#include "bot_token.hpp"

#include <algorithm>
#include <charconv>

namespace tas::fake::detail {

std::optional<std::int64_t> bot_id_of_token(std::string_view token) {
  const auto colon = token.find(':');
  if (colon == std::string_view::npos || colon == 0) return std::nullopt;
  const auto digits = token.substr(0, colon);
  const auto secret = token.substr(colon + 1);
  const bool secret_ok = !secret.empty() && std::all_of(secret.begin(), secret.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-';
  });
  if (!secret_ok) return std::nullopt;
  std::int64_t id = 0;
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), id);
  if (error != std::errc{} || end != digits.data() + digits.size() || id <= 0) return std::nullopt;
  return id;
}

}  // namespace tas::fake::detail
