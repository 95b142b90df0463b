#pragma once

#include <string_view>
#include <vector>

#include <tas/fake/telegram_objects.hpp>

namespace tas::fake::detail {

// The entities Telegram finds in any message's text by itself, with no markup: "mention"
// (@username), "bot_command" (/start, /start@bot), "hashtag", "cashtag", "url" and "email".
// `text` must be well-formed UTF-8; the result is in UTF-16 units, in Telegram's order, and
// without overlaps.
[[nodiscard]] std::vector<MessageEntity> detect_entities(std::string_view text);

}  // namespace tas::fake::detail
