#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace tas {

// Everything a run must never use as its throwaway home (docs/targets.md, 'The guards (paths)').
// Paths may be given as typed; the guard resolves them itself.
struct ProtectedTargets {
  // The canonical home of the agent the command runs for: configured, never guessed.
  std::vector<std::filesystem::path> canonical_homes;
  std::vector<std::filesystem::path> paths;  // explicitly protected paths
  std::vector<std::string> names;            // protected home names (the original: "bob")
  std::filesystem::path user_home;           // $HOME
};

// Throws TargetRefused (exit 11) when `target` is `/`, a system directory (or inside /dev, /proc,
// /etc, /usr and the like), `$HOME` or one of its ancestors, a
// canonical home or a protected path, an ancestor of one or a place inside one, or a directory
// whose name (or a parent's name, outside `$HOME` itself) is protected — comparing real paths, so
// symlinks, `..` and trailing slashes change nothing. Reads the filesystem, never writes it.
// Returns the resolved target.
std::filesystem::path check_target(const std::filesystem::path& target,
                                   const ProtectedTargets& protected_targets);

// The same guards for the place a report is written (`--report-json`): never inside or above a
// protected place, never in a system directory. Throws TargetRefused; returns the resolved path.
std::filesystem::path check_report_location(const std::filesystem::path& report,
                                            const ProtectedTargets& protected_targets);

// The same for the report's other forms, named by `option` in a refusal (`--report-html`,
// `--junit`).
std::filesystem::path check_report_location(const std::filesystem::path& report,
                                            const ProtectedTargets& protected_targets,
                                            std::string_view option);

}  // namespace tas
