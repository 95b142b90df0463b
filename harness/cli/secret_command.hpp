#pragma once

#include <filesystem>
#include <iosfwd>
#include <optional>
#include <string>

namespace CLI {
class App;
}

namespace tas::cli {

// `test-as-self secret …`: the Secret Drop store from the command line
// (docs/secret-drop.md, 'The `secret` subcommand'). Values never come from argv or the
// environment, and are never printed: only IDs, labels, dates and field names are.
//
//   test-as-self secret [--secret-store <dir>] put --label <label>
//        the value from stdin; prints the new ID alone on stdout
//   test-as-self secret [--secret-store <dir>] list        ID, date, field names, label
//   test-as-self secret [--secret-store <dir>] show <id>   the same for one drop
//   test-as-self secret [--secret-store <dir>] rm <id>     deletes a drop
//   test-as-self secret [--secret-store <dir>] request --label <label> [--timeout-s N]
//        opens the one-time web form on 127.0.0.1, prints its URL on stderr, waits (default
//        300 s), prints the new ID alone on stdout
//
// `--store` is the option's earlier name, still accepted and not shown. So a script can do:
// id=$(printf %s "$token" | test-as-self secret put --label "CI bot")
struct SecretCommand {
  enum class Action { put, list, show, remove, request };
  Action action = Action::list;
  std::string label;
  std::string id;
  int timeout_s = 300;
  std::optional<std::filesystem::path> store;  // default: secret_drop::default_store_directory()
};

// Adds the `secret` subcommand and its own subcommands to `app`, filling `command` as they are
// parsed; `app.got_subcommand("secret")` tells afterwards whether it was chosen. `put` refuses
// extra arguments without repeating them (a value given there by mistake is not echoed).
void add_secret_subcommand(CLI::App& app, SecretCommand& command);

// Runs it: 0 on success; 64 for a usage problem (a blank or oversized value, an unknown or
// malformed ID) with one line on `err`; 1 when the store cannot be used (unsafe modes, I/O) or
// a request timed out; 130 when a request was interrupted by SIGINT, SIGTERM or SIGHUP.
// `in` is read only by `put`; when it is std::cin on a terminal, a prompt goes to `err` and the
// typed value is not echoed.
int run_secret_command(const SecretCommand& command, std::istream& in, std::ostream& out,
                       std::ostream& err);

}  // namespace tas::cli
