#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <tas/fake/telegram_objects.hpp>

namespace tas::fake::detail {

// A message's text as Telegram stores it: plain text plus the entities that format it.
struct FormattedText {
  std::string text{};
  std::vector<MessageEntity> entities{};
};

// Parsers find spans as byte ranges of the text they build; this turns them into Telegram's UTF-16
// offsets and lengths and puts them in Telegram's order. `text` must be well-formed UTF-8.
[[nodiscard]] FormattedText with_utf16_entities(std::string text,
                                                std::vector<MessageEntity> byte_entities);

// Telegram's order: by offset, longer first, then the outer kind of formatting before the inner.
void sort_entities(std::vector<MessageEntity>& entities);

// The entity an <a href>, [text](url) link becomes: "text_mention" for tg://user?id=<id>, else
// "text_link" with the URL as Telegram normalises it; none for a URL Telegram refuses (then the
// text stays, unformatted).
[[nodiscard]] std::optional<MessageEntity> link_entity(std::string_view url);

// A parse_mode text Telegram cannot parse: 400 "Bad Request: can't parse entities: <reason>".
[[noreturn]] void fail_to_parse(std::string_view reason);

}  // namespace tas::fake::detail
