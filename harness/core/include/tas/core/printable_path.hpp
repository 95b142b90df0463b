#pragma once

#include <filesystem>
#include <string>

namespace tas {

// A path as a message may show it: control characters (a newline in a directory name, an escape
// sequence) written as \n, \t or \xNN, so a refusal stays one line and cannot paint the terminal.
[[nodiscard]] std::string printable_path(const std::filesystem::path& path);

}  // namespace tas
