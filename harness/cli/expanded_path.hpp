#pragma once

#include <filesystem>

namespace tas::cli {

// A path from the command line with "~" and "~/…" expanded as a shell would have (from the passwd
// entry when HOME is unset or relative); anything else as given ("~user/…" is refused by the
// guards, never taken literally). Throws UsageError when there is no home to expand "~" to.
[[nodiscard]] std::filesystem::path expanded(const std::filesystem::path& given);

}  // namespace tas::cli
