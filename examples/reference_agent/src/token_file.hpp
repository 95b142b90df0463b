#pragma once

#include <filesystem>
#include <string>

namespace tas::reference_agent {

// Reads the bot token from its file: the only place the token ever comes from (never argv, never
// the environment). Surrounding whitespace, such as a trailing newline, is not part of it. Throws
// AgentError (exit 2) when the file is unreadable or empty; the message never quotes the content.
[[nodiscard]] std::string read_token_file(const std::filesystem::path& file);

}  // namespace tas::reference_agent
