#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace tas {

// UTF-8 text for a console that takes only ASCII (console_charset.hpp). The punctuation and marks
// the harness itself writes get their usual ASCII spellings — "…" "...", "—" "--", "–" "-",
// "→" "->", "✓" "+", "✗" "X", "·" ".", curly quotes straight ones — and every other character
// outside ASCII, or a byte that is not part of valid UTF-8, becomes "?". ASCII passes unchanged.
[[nodiscard]] std::string to_ascii(std::string_view utf8);

// How many bytes `text` ends with that begin a UTF-8 sequence without finishing it (0 to 3): what
// a writer that gets its text in pieces keeps back until the next piece completes it.
[[nodiscard]] std::size_t unfinished_utf8_tail(std::string_view text);

}  // namespace tas
