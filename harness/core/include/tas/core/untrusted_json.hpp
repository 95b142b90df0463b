#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace tas {

// Deeper than this, a JSON text from outside is refused before it is parsed: the parsed value is
// copied, walked and dumped recursively, so a text of "[[[[…" 50,000 levels deep would overflow
// the stack. No profile, configuration, lease, report or API body needs more than a handful.
inline constexpr std::size_t kMaxJsonDepth = 64;

// Where and why a JSON text failed to parse. It never holds any of the text itself: the text may
// be a secret, or 50 MB long.
struct JsonSyntaxError {
  std::size_t line = 1;    // 1-based
  std::size_t column = 1;  // 1-based, in bytes
  std::size_t byte = 0;    // 0-based offset of the error
  std::string kind;        // the parser's own fixed wording, e.g. "invalid string: missing ..."

  // "line 3, column 7: invalid string: missing closing quote"
  [[nodiscard]] std::string describe() const;
};

struct JsonParse {
  nlohmann::json value;  // discarded when `error` is set
  std::optional<JsonSyntaxError> error;

  [[nodiscard]] bool ok() const { return !error.has_value(); }
};

// Parses a JSON text that came from outside the harness (a file a user named, a request body, an
// answer from a server). Never throws for bad input, never recurses over the input, and refuses
// nesting deeper than `max_depth` with the position of the first level too deep.
[[nodiscard]] JsonParse parse_untrusted_json(std::string_view text,
                                             std::size_t max_depth = kMaxJsonDepth);

}  // namespace tas
