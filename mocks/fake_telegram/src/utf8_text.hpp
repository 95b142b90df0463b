#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tas::fake::detail {

// UTF-8 as Telegram sees it: text must be well-formed, and every offset and length a client reads
// is in UTF-16 code units (one per code point, two above the BMP), because that is how the
// official apps index strings.

// Well-formed UTF-8: no stray continuation bytes, overlong forms, surrogates or code points above
// U+10FFFF.
[[nodiscard]] bool is_valid_utf8(std::string_view text);

// The UTF-16 length of well-formed UTF-8.
[[nodiscard]] std::int64_t utf16_length(std::string_view utf8);

// For each byte offset 0..size of well-formed UTF-8, the UTF-16 offset at which it begins; built
// once so that converting many entities stays linear.
[[nodiscard]] std::vector<std::int64_t> utf16_offsets(std::string_view utf8);

struct DecodedCodePoint {
  char32_t value = 0;
  std::size_t size = 1;  // bytes it takes
};

// The code point beginning at `at` of well-formed UTF-8 (U+0000 past the end), and the one ending
// just before `at` (U+0000 at the start).
[[nodiscard]] DecodedCodePoint code_point_at(std::string_view utf8, std::size_t at);
[[nodiscard]] DecodedCodePoint code_point_before(std::string_view utf8, std::size_t at);

void append_utf8(std::string& out, char32_t code_point);

}  // namespace tas::fake::detail
