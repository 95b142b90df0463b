#pragma once

#include <string_view>

namespace tas::secret_drop::detail {

// True when `text` is well-formed UTF-8 (no overlong forms, no surrogates, nothing past
// U+10FFFF): the store's files are JSON, which holds text, not arbitrary bytes.
[[nodiscard]] bool is_valid_utf8(std::string_view text);

}  // namespace tas::secret_drop::detail
