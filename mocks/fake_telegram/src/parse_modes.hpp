#pragma once

#include <string_view>

#include "formatted_text.hpp"

namespace tas::fake::detail {

// Telegram's three parse_mode values, each turning marked-up text into plain text and entities
// exactly as the Bot API does, with its error texts: every refusal throws ApiError 400 "Bad
// Request: can't parse entities: <reason>", where the reason names the byte offset in `markup`.
// `markup` must be well-formed UTF-8. The entities Telegram detects by itself (mentions, URLs,
// ...) are not added here.

// "HTML": <b>, <strong>, <i>, <em>, <u>, <ins>, <s>, <strike>, <del>, <tg-spoiler>,
// <span class="tg-spoiler">, <a href>, <code>, <pre>, <pre><code class="language-x">,
// <blockquote [expandable]>, <tg-emoji emoji-id>, and &lt; &gt; &amp; &quot; &#N; &#xN;.
[[nodiscard]] FormattedText parse_html(std::string_view markup);

// "MarkdownV2": *bold* _italic_ __underline__ ~strike~ ||spoiler|| `code` ```lang pre```
// [text](url) ![emoji](tg://emoji?id=N) and '>' quotes; every other use of _*[]()~`>#+-=|{}.! must
// be escaped with '\'.
[[nodiscard]] FormattedText parse_markdown_v2(std::string_view markup);

// "Markdown", the legacy mode: *bold* _italic_ `code` ```lang pre``` [text](url), no nesting.
[[nodiscard]] FormattedText parse_markdown(std::string_view markup);

}  // namespace tas::fake::detail
