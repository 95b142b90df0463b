#pragma once

#include <string>

#include "command_line.hpp"

#include <tas/core/profile.hpp>
#include <tas/engine/backend_set.hpp>
#include <tas/engine/run_settings.hpp>
#include <tas/engine/target_lock.hpp>

namespace tas::cli {

// Everything a run needs, decided from the command line before anything is created.
struct RunSetup {
  RunSettings settings;
  AgentProfile profile;
  BackendSet backends;
  std::string banner;  // the first line the console shows
  TargetLock lock;     // held until the run has ended: no second run on the same target
};

// Loads the profile, guards and locks the target (exit 11), checks the report path (exit 11 or 64)
// and builds the backend set. Creates nothing of the user's: only the harness's own state (the
// lock, and when the run is refused, its report in the state directory, named in the error).
[[nodiscard]] RunSetup prepare_run(const CommandLine& line);

}  // namespace tas::cli
