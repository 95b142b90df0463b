#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace tas::cli {

// What the user asked for on the command line (SPEC §5), parsed with CLI11 and not yet checked
// against the filesystem.
struct CommandLine {
  enum class Action { run, help, version, cleanup };
  Action action = Action::run;
  std::string help_text;

  std::optional<std::filesystem::path> target;
  std::optional<std::string> bot_token_drop_id;
  bool keep = false;
  bool no_roundtrip = false;
  std::optional<std::filesystem::path> report_json;
  int timeout_s = 600;  // --timeout-s
  std::optional<std::filesystem::path> profile;
  std::optional<std::filesystem::path> canonical_home;
  std::vector<std::filesystem::path> protect;
};

// Parses argv. Throws UsageError (exit 2) for an unknown option, a bad value or a missing one.
// Call refuse_raw_secrets_in_argv first: CLI11's messages echo the values they refuse.
[[nodiscard]] CommandLine parse_command_line(const std::vector<std::string>& args);

}  // namespace tas::cli
