#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include <tas/backends/process_launcher.hpp>
#include <tas/core/deadline.hpp>
#include <tas/core/profile.hpp>
#include <tas/evidence/command_run_evidence.hpp>

namespace tas {

struct RunContext;

// Whether a signal may cut a command short: not during teardown, which always finishes.
enum class Interruptible { yes, no };

// Starts `command` in the home with the agent's environment, its output to <logs>/<name>.log,
// and waits for it until `deadline` (then stops its process group). Throws BackendError when it
// cannot be started.
CommandRun run_command(RunContext& context, const CommandSpec& command, const Deadline& deadline,
                       Interruptible interruptible = Interruptible::yes);

// The deadline a command gets: its own timeout, or the profile's command timeout.
[[nodiscard]] Deadline command_deadline(RunContext& context, const CommandSpec& command);

}  // namespace tas
