#pragma once

#include <filesystem>
#include <vector>

namespace tas::cli {

// Where the reference agent's profile may be, first choice first: beside an installed
// test-as-self (<prefix>/share/test-as-self/reference-agent/profile.json, found from the
// executable's own location, so a relocated prefix still works), then in the build tree the
// executable was built in.
[[nodiscard]] std::vector<std::filesystem::path> reference_profile_candidates();

}  // namespace tas::cli
