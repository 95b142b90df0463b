#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "secret_command.hpp"

#include <tas/core/step.hpp>

namespace tas::cli {

// What the user asked for on the command line (README.md, 'Command line'), parsed with CLI11 and
// not yet checked against the filesystem.
struct CommandLine {
  enum class Action { run, help, version, cleanup, secret };
  Action action = Action::run;
  std::string help_text;

  std::optional<std::filesystem::path> target;
  std::optional<std::string> bot_token_drop_id;
  bool keep = false;
  bool no_roundtrip = false;
  std::optional<std::filesystem::path> report_json;
  // The report's other forms (docs/report.md): the HTML report, by default beside the JSON one,
  // and JUnit XML only when asked for.
  std::optional<std::filesystem::path> report_html;
  bool no_report_html = false;
  std::optional<std::filesystem::path> junit;
  int timeout_s = 600;  // --timeout-s
  std::optional<std::filesystem::path> profile;
  std::optional<std::filesystem::path> canonical_home;
  std::vector<std::filesystem::path> protect;
  // Where --bot-token's drop is looked up and a requested token is kept (default: the store in
  // the state directory, secret_drop::default_store_directory()).
  std::optional<std::filesystem::path> secret_store;
  // The LLM judge (docs/judge.md): its configuration block, and a mode that overrides
  // the block's.
  std::optional<std::filesystem::path> judge_config;
  std::optional<std::string> judge_mode;

  // Where the run's outside world comes from, and how far it goes (README, 'Command line').
  // --live-config: the live tier's configuration file, so the run talks to the real endpoints it
  // names instead of the embedded fake Telegram (live_run_config.hpp says how its fields and the
  // other options combine).
  std::optional<std::filesystem::path> live_config;
  // --until <step>: the last step to run before teardown, which keeps the home (as --keep does).
  std::optional<StepId> until;

  SecretCommand secret;  // Action::secret: `test-as-self secret …`
};

// Parses argv. Throws UsageError (exit 64) for an unknown option, a bad value or a missing one.
// Call refuse_raw_secrets_in_argv first: CLI11's messages echo the values they refuse.
[[nodiscard]] CommandLine parse_command_line(const std::vector<std::string>& args);

}  // namespace tas::cli
