#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace tas::judge_detail {

// `text` without leading and trailing whitespace.
[[nodiscard]] std::string_view trim(std::string_view text);

// The longest prefix of `text` of at most `max_bytes` bytes that does not end inside a UTF-8
// sequence (a cut character would make the JSON that carries it invalid).
[[nodiscard]] std::string_view utf8_prefix(std::string_view text, std::size_t max_bytes);

// The same for a suffix: the end of a log tail is the part worth keeping.
[[nodiscard]] std::string_view utf8_suffix(std::string_view text, std::size_t max_bytes);

// One line: at most `max_bytes` of `text` with control characters as spaces, "…" when cut. For
// text that is redacted already.
[[nodiscard]] std::string one_line(std::string_view text, std::size_t max_bytes);

// One line for a reason, from text that came in from outside (a provider's answer): as one_line,
// with raw secret shapes masked first.
[[nodiscard]] std::string excerpt(std::string_view text, std::size_t max_bytes = 160);

}  // namespace tas::judge_detail
