#pragma once

#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include <tas/core/placeholders.hpp>
#include <tas/core/profile.hpp>

namespace tas {

// The complete environment of an agent process (docs/profile.md, 'Isolation'). Isolated (the
// default): HOME, the XDG directories and TMPDIR point inside `home`, and of `parent` only PATH,
// the locale variables, TZ and the profile's allow-list pass. Either way the profile's entries are
// set (templates expanded), its PATH directories come first, and no entry whose value has a raw
// secret shape is passed on.
[[nodiscard]] std::vector<std::string> child_environment(const EnvironmentSpec& spec,
                                                         const Placeholders& values,
                                                         const std::filesystem::path& home,
                                                         std::span<const std::string> parent);

// The directories an isolated environment points into, relative to the home; target-prep
// creates them.
[[nodiscard]] std::vector<std::filesystem::path> isolated_directories(
    const std::filesystem::path& home);

}  // namespace tas
