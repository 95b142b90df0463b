#include "command_line.hpp"

#include <algorithm>
#include <charconv>
#include <optional>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <tas/core/errors.hpp>
#include <tas/core/version.hpp>
#include <tas/secret_drop/drop_id.hpp>

namespace tas::cli {

namespace {

constexpr int kMaxTimeoutSeconds = 86400;

// `test-as-self secret frobnicate`: the word after `secret` when it is no action (CLI11 would only
// say that a subcommand is required). Cut short: it is echoed.
std::optional<std::string> unknown_secret_action(const std::vector<std::string>& args) {
  const auto secret = std::find(args.begin() + 1, args.end(), "secret");
  if (secret == args.end() || secret + 1 == args.end()) return std::nullopt;
  const std::string& word = *(secret + 1);
  for (const char* action : {"put", "list", "show", "rm", "request"}) {
    if (word == action) return std::nullopt;
  }
  if (word.empty() || word.starts_with("-")) return std::nullopt;
  return word.size() > 40 ? word.substr(0, 40) + "…" : word;
}

int parse_timeout(const std::string& text) {
  int seconds = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), seconds);
  if (error != std::errc() || end != text.data() + text.size() || seconds < 1 ||
      seconds > kMaxTimeoutSeconds) {
    throw UsageError(fmt::format(
        "--timeout-s expects a whole number of seconds from 1 to {}, got '{}'. Run test-as-self "
        "--help for the options.",
        kMaxTimeoutSeconds, text));
  }
  return seconds;
}

// --until's step: one of steps 1–6 by name (teardown always runs, so naming it asks nothing).
StepId parse_until(const std::string& name) {
  std::string valid;
  for (const StepId id : kAllSteps) {
    if (id == StepId::teardown) break;
    if (name == name_of(id)) return id;
    valid += fmt::format("{}{}", valid.empty() ? "" : ", ", name_of(id));
  }
  const std::string shown = name.size() > 40 ? name.substr(0, 40) + "…" : name;
  throw UsageError(fmt::format(
      "--until expects the name of a step from 1 to 6: {}; got '{}'. Teardown always runs. Run "
      "test-as-self --help for the options.",
      valid, shown));
}

}  // namespace

CommandLine parse_command_line(const std::vector<std::string>& args) {
  CommandLine line;
  CLI::App app{
      "Deploy the current build of a chat agent into a throwaway home, talk to it as a user would, "
      "check it, and tear it down: seven gated steps, one verdict, a JSON report.",
      "test-as-self"};
  app.set_version_flag("--version", fmt::format("test-as-self {}", version()));
  app.footer(
      "Exit codes: 0 all steps passed; 1-7 the step that failed; 11 bad target (refused before\n"
      "anything is created); 12 raw token on the command line; 64 usage error (unknown option,\n"
      "bad value, unreadable or malformed profile or configuration); 130 interrupted (after\n"
      "teardown).\n"
      "See test-as-self secret --help for the Secret Drop store, and test-as-self cleanup --help\n"
      "for what a run killed by SIGKILL left behind.");

  app.add_option("--target", line.target,
                 "throwaway agent home (default: a new dated directory under "
                 "~/.local/state/test-as-self/deploys/)")
      ->type_name("<dir>");
  app.add_option("--bot-token", line.bot_token_drop_id,
                 "Secret Drop ID of a test bot token (skips the mint flow); never the token itself")
      ->type_name("<drop-id>");
  app.add_flag("--keep", line.keep, "skip removing the home at teardown (forensics)");
  app.add_flag("--no-roundtrip", line.no_roundtrip,
               "skip step 5; with --bot-token the bot is still deployed (lifeline, lease, "
               "demotion proof), without it step 1 is skipped and no bot is deployed");
  app.add_option("--report-json", line.report_json,
                 "per-step JSON report (default: <target>/test-as-self-report.json, and a copy "
                 "next to the run when the home is deleted)")
      ->type_name("<path>");
  // The report's other forms, written when the run has finished.
  CLI::Option* report_html =
      app.add_option("--report-html", line.report_html,
                     "the HTML report, for people (default: beside the JSON report, its name "
                     "ending .html)")
          ->type_name("<path>");
  app.add_flag("--no-report-html", line.no_report_html, "write no HTML report")
      ->excludes(report_html);
  app.add_option("--junit", line.junit, "JUnit XML, one testcase per step (default: none)")
      ->type_name("<path>");
  std::string timeout_text;
  CLI::Option* timeout_option =
      app.add_option("--timeout-s", timeout_text, "overall timeout in seconds (default 600)")
          ->type_name("<secs>");
  app.add_option("--profile", line.profile,
                 "the agent profile (default: the reference agent's profile)")
      ->type_name("<file>");
  app.add_option("--canonical-home", line.canonical_home,
                 "the canonical home of the agent this runs for (added to the profile's)")
      ->type_name("<dir>");
  app.add_option("--protect", line.protect,
                 "a further path the target must never touch (repeatable)")
      ->type_name("<path>");
  app.add_option("--secret-store", line.secret_store,
                 "the Secret Drop store of --bot-token, and where a requested token is kept "
                 "(default: <state dir>/secret-drop)")
      ->type_name("<dir>");
  app.add_option("--judge-config", line.judge_config,
                 "the LLM judge's configuration (docs/judge.md); without it the rules alone gate")
      ->type_name("<file>");
  app.add_option("--judge", line.judge_mode,
                 "the judge's mode, overriding the configuration's: off, advisory or veto")
      ->check(CLI::IsMember({"off", "advisory", "veto"}))
      ->type_name("<mode>");
  // Where the outside world comes from, and how far the run goes.
  app.add_option("--live-config", line.live_config,
                 "a live configuration file (README, 'The live tier'): real Bot API, user driver, "
                 "token drop, profile, judge; a setting in both it and an option is refused")
      ->type_name("<file>");
  std::string until_text;
  CLI::Option* until_option =
      app.add_option("--until", until_text,
                     "run the steps up to and including <step>, then teardown; the home is kept "
                     "as with --keep and nothing is left running")
          ->type_name("<step>");
  CLI::App* cleanup = app.add_subcommand(
      "cleanup", "end what runs killed by SIGKILL left running (from the process registry)");
  // A subcommand inherits its parent's footer, whose exit codes are a run's, not its own.
  cleanup->footer(
      "For every run whose harness is gone: ends its processes (SIGTERM, then SIGKILL after\n"
      "5 s), removes its token file and, unless it was a --keep run, its home, then its run file.\n"
      "Runs are found in the state directory: $TEST_AS_SELF_STATE_DIR (an absolute path), else\n"
      "$XDG_STATE_HOME/test-as-self, else ~/.local/state/test-as-self.\n"
      "Exit codes: 0 nothing is left; 1 a process could not be ended or a run file could not be\n"
      "read (each is named, and the file is left for a person); 64 usage error.\n"
      "Example:\n"
      "  TEST_AS_SELF_STATE_DIR=\"$PWD/build/test-state\" test-as-self cleanup");
  add_secret_subcommand(app, line.secret);
  app.require_subcommand(0, 1);

  std::vector<std::string> reversed(args.rbegin(), args.rend() - 1);  // CLI11 wants them reversed
  try {
    app.parse(reversed);
  } catch (const CLI::CallForHelp&) {
    line.action = CommandLine::Action::help;
    line.help_text = app.help();
    return line;
  } catch (const CLI::CallForVersion&) {
    line.action = CommandLine::Action::version;
    line.help_text = fmt::format("test-as-self {}", version());
    return line;
  } catch (const CLI::ParseError& error) {
    if (const auto action = unknown_secret_action(args)) {
      throw UsageError(fmt::format(
          "unknown secret action '{}': expected put, list, show, rm or request. Run test-as-self "
          "secret --help for what each does.",
          *action));
    }
    std::string what = error.what();
    if (!what.empty() && what.back() != '.') what += '.';
    throw UsageError(fmt::format("{} Run test-as-self --help for the options.", what));
  }
  if (timeout_option->count() > 0) line.timeout_s = parse_timeout(timeout_text);
  if (until_option->count() > 0) line.until = parse_until(until_text);
  // An empty path would mean the current directory to some and nothing to others: refused.
  for (const auto& [name, value] :
       {std::pair{"--report-json", &line.report_json}, std::pair{"--profile", &line.profile},
        std::pair{"--canonical-home", &line.canonical_home},
        std::pair{"--secret-store", &line.secret_store},
        std::pair{"--secret-store", &line.secret.store},
        std::pair{"--judge-config", &line.judge_config},
        std::pair{"--report-html", &line.report_html}, std::pair{"--junit", &line.junit},
        std::pair{"--live-config", &line.live_config}}) {
    if (*value && (*value)->empty()) {
      throw UsageError(fmt::format(
          "{} expects a path, got an empty value. Run test-as-self --help for the options.", name));
    }
  }
  for (const std::filesystem::path& path : line.protect) {
    if (path.empty()) {
      throw UsageError(
          "--protect expects a path, got an empty value. Run test-as-self --help for the options.");
    }
  }
  if (line.bot_token_drop_id && !secret_drop::is_drop_id(*line.bot_token_drop_id)) {
    // Not repeated: a value that is not an ID may well be the token itself.
    throw UsageError(fmt::format(
        "--bot-token expects a Secret Drop ID (\"drop-\" followed by 32 lowercase hex digits); "
        "the {} characters given are not one (not shown). Pass the ID that `test-as-self secret "
        "put` or `secret list` printed, never the token itself.",
        line.bot_token_drop_id->size()));
  }
  if (*cleanup) line.action = CommandLine::Action::cleanup;
  if (app.got_subcommand("secret")) {
    line.action = CommandLine::Action::secret;
    // One name for one store: `test-as-self --secret-store <dir> secret list` means that store.
    if (!line.secret.store) line.secret.store = line.secret_store;
  }
  return line;
}

}  // namespace tas::cli
