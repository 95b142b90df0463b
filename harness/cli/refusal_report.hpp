#pragma once

#include <filesystem>
#include <string>

#include "command_line.hpp"

namespace tas::cli {

// The report of a run refused before it began (a guard, the target's state, the profile): every
// step not run, the reason, the exit code. It goes into the state directory's reports — never
// beside a target the run refused, which may be /proc, /dev or someone's work. Returns where it
// was written, or an empty path when even that was not possible (the refusal still stands).
std::filesystem::path write_refusal_report(const CommandLine& line, const std::string& run_id,
                                           int exit_code, const std::string& reason);

}  // namespace tas::cli
