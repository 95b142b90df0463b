#pragma once

#include <string>

#include "command_line.hpp"

#include <tas/backend_set.hpp>
#include <tas/profile.hpp>
#include <tas/run_settings.hpp>

namespace tas::cli {

// Everything a run needs, decided from the command line before anything is created.
struct RunSetup {
  RunSettings settings;
  AgentProfile profile;
  BackendSet backends;
  std::string banner;  // the first line the console shows
};

// Loads the profile, guards the target (exit 11), checks the report path (exit 64) and builds the
// backend set. Reads the filesystem; writes nothing.
[[nodiscard]] RunSetup prepare_run(const CommandLine& line);

}  // namespace tas::cli
