#pragma once

#include <string_view>

namespace tas::test {

// Whether `part` occurs in `text`: what most checks on a message, a log or a report ask
// (std::string::contains comes with C++23).
[[nodiscard]] inline bool contains(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

}  // namespace tas::test
