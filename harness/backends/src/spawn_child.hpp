#pragma once

#include <string>
#include <vector>

#include <tas/backends/process_launcher.hpp>

namespace tas {

// Starts `program` with spec.argv and exactly `environment` as the leader of a new process group
// (see PosixProcessLauncher for everything the child gets). Returns its pid; the caller owns
// reaping it. Throws BackendError naming the role, the program and the errno text.
[[nodiscard]] int spawn_child(const LaunchSpec& spec, const std::string& program,
                              const std::vector<std::string>& environment);

}  // namespace tas
