#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <tas/backends/process_launcher.hpp>
#include <tas/core/placeholders.hpp>

namespace tas {

struct RunContext;

// Where a child's output goes: one log for a command, two for an agent process.
struct OutputFiles {
  std::filesystem::path stdout_file;
  std::filesystem::path stderr_file;
};

[[nodiscard]] OutputFiles command_output(const RunContext& context, std::string_view name);
[[nodiscard]] OutputFiles process_output(const RunContext& context, std::string_view role);

// Expands `argv` with `values`, builds the agent's environment and starts the child in the home.
// Refuses (BackendError) an argument vector or environment that would carry the token or any raw
// secret shape: the token reaches the agent only through its file.
std::unique_ptr<Process> launch_in_home(RunContext& context, std::string role,
                                        const std::vector<std::string>& argv,
                                        const Placeholders& values, const OutputFiles& output);

}  // namespace tas
