#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace tas::fake::detail {

// The bot's id, the numeric part of a token "<id>:<secret>"; nullopt when the token does not have
// that shape. Never puts the token anywhere.
[[nodiscard]] std::optional<std::int64_t> bot_id_of_token(std::string_view token);

}  // namespace tas::fake::detail
