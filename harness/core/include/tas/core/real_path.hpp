#pragma once

#include <filesystem>

namespace tas {

// The real path of `path` even when it does not exist yet: the nearest existing ancestor is
// resolved through symlinks and `..` by the operating system, the missing rest is appended and
// normalized lexically, and a trailing slash is dropped. Relative paths are taken from the current
// directory. Guards compare these, never the paths as typed.
[[nodiscard]] std::filesystem::path resolve_real_path(const std::filesystem::path& path);

// True when `ancestor` is `descendant` or one of its parents (both already real paths).
[[nodiscard]] bool is_same_or_ancestor(const std::filesystem::path& ancestor,
                                       const std::filesystem::path& descendant);

// Replaces a leading "~" or "~/" with `home`.
[[nodiscard]] std::filesystem::path expand_tilde(const std::filesystem::path& path,
                                                 const std::filesystem::path& home);

}  // namespace tas
