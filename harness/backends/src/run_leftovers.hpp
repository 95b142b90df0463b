#pragma once

#include <string>
#include <vector>

#include <tas/backends/process_registry.hpp>

namespace tas {

// What a cleanup did about the files a dead run left: its token file always, its home unless
// the run was started with --keep. `removed` and `left` are lines for the console; `errors` are
// removals that were tried and failed (the run file must then stay).
struct LeftoverRemoval {
  std::vector<std::string> removed;
  std::vector<std::string> left;
  std::vector<std::string> errors;
};

// Removes only what `record` says the run made: the token file, and the home — a created or
// resumed one whole, an adopted one emptied — and only while the home still holds the harness's
// marker (a directory that lacks it is not the run's, unless it is an empty one the run created
// and was killed before marking). Never follows a symlink.
[[nodiscard]] LeftoverRemoval remove_run_leftovers(const RunRecord& record);

}  // namespace tas
