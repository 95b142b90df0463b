#pragma once

#include <string>

#include <tas/backends/process_launcher.hpp>

namespace tas {

// The file to execute for spec.argv[0], found the way execvp finds it, but on the PATH of the
// child's own environment: that environment is complete and nothing is inherited, so searching
// the harness's PATH (what posix_spawnp does) could run a different program than the agent would
// find itself. A name with a '/' is used as given (relative to the working directory, since the
// child changes into it before it execs). Throws BackendError naming the program when no
// executable file of that name is on the PATH.
[[nodiscard]] std::string resolve_program(const LaunchSpec& spec);

}  // namespace tas
