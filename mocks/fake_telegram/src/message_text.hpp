#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "formatted_text.hpp"
#include <nlohmann/json.hpp>

namespace tas::fake::detail {

// What Telegram does to a text before it stores it — the one place for sendMessage now and for
// captions and editMessageText later.

// A text as a bot sends it: the markup, its parse_mode, or instead its explicit entities.
struct MarkedUpText {
  std::string text{};
  std::string parse_mode{};
  std::optional<nlohmann::json> entities{};
};

// A bot's message text with its parse_mode ("", "none", "HTML", "MarkdownV2", "Markdown"; any
// case) or, without one, its explicit `entities` (a JSON array of MessageEntity): checked to be
// UTF-8, parsed, trimmed as Telegram trims, and with the entities Telegram detects by itself
// (mentions, commands, hashtags, URLs, ...) merged in. Throws ApiError 400 with Telegram's
// description, "Bad Request: text must be non-empty" when nothing is left. (An empty `text` is
// the caller's to refuse first: sendMessage says "message text is empty".)
[[nodiscard]] FormattedText format_bot_text(std::string_view text, std::string_view parse_mode,
                                            const std::optional<nlohmann::json>& entities);
// The same for a caption, which may be empty or become empty, and is limited to 1024 units.
[[nodiscard]] FormattedText format_caption(std::string_view text, std::string_view parse_mode,
                                           const std::optional<nlohmann::json>& entities);

// A caption as Telegram stores it on a media message: "caption" and, when there are any,
// "caption_entities" among the message's wire fields; none of them for an empty caption.
void set_caption(nlohmann::json& extra_fields, const FormattedText& caption);

// Telegram's limits, counted after parsing: 4096 UTF-16 units for a message ("Bad Request:
// message is too long"), 1024 for a caption ("Bad Request: message caption is too long").
void check_message_text_length(const FormattedText& text);
void check_caption_length(const FormattedText& text);

// A person's message, posted through the control side: no markup (apps send entities, not
// markup), only the entities Telegram detects. Throws FakeTelegramError for text that is not
// UTF-8 or longer than one Telegram message; `caller` names the operation in that message.
[[nodiscard]] FormattedText format_user_text(std::string_view text, std::string_view caller);

}  // namespace tas::fake::detail
