#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include <tas/backends/process_launcher.hpp>
#include <tas/deadline.hpp>
#include <tas/profile.hpp>

namespace tas {

struct RunContext;

// A profile command (rebuild, init, a hook) run to completion inside the home.
struct CommandRun {
  std::string name;
  std::vector<std::string> argv;
  std::optional<ExitStatus> exit;  // nullopt when it did not end by itself
  bool timed_out = false;
  bool interrupted = false;
  std::string interrupted_by;  // "interrupted by SIGINT"
  std::chrono::milliseconds duration{0};
  std::filesystem::path log;
  std::string log_tail;

  [[nodiscard]] bool success() const { return exit && exit->success(); }
  // "rebuild exited with code 1", "rebuild did not finish within 300 s and was stopped", …
  [[nodiscard]] std::string describe() const;
  [[nodiscard]] nlohmann::json to_json() const;
};

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
