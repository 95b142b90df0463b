#pragma once

#include <string_view>

namespace tas {

// The version of test-as-self, as the report and --version show it.
[[nodiscard]] std::string_view version();

}  // namespace tas
