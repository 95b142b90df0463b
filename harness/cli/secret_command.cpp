#include "secret_command.hpp"

#include <iostream>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <openssl/crypto.h>
#include <termios.h>
#include <unistd.h>

#include <tas/core/clock.hpp>
#include <tas/core/console_charset.hpp>
#include <tas/core/exit_codes.hpp>
#include <tas/core/interrupt.hpp>
#include <tas/engine/console_progress.hpp>
#include <tas/secret_drop/form_request.hpp>
#include <tas/secret_drop/secret_store.hpp>

namespace tas::cli {
namespace {

using secret_drop::SecretStoreError;

constexpr int kMaxTimeoutSeconds = 86400;

// A usage problem of the `secret` command: exit 64, one line.
class SecretUsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

std::string_view verb(SecretCommand::Action action) {
  switch (action) {
    case SecretCommand::Action::put:
      return "put";
    case SecretCommand::Action::list:
      return "list";
    case SecretCommand::Action::show:
      return "show";
    case SecretCommand::Action::remove:
      return "rm";
    case SecretCommand::Action::request:
      return "request";
  }
  return "secret";
}

// Labels are checked when stored, but a store file edited by hand could still carry a terminal
// escape sequence.
std::string printable(std::string_view text) {
  std::string shown(text);
  for (char& c : shown) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
  }
  return shown;
}

void wipe(std::string& text) {
  if (!text.empty()) OPENSSL_cleanse(text.data(), text.size());
  text.clear();
}

// Echo off on a terminal for as long as it lives.
class HiddenInput {
 public:
  explicit HiddenInput(int fd) : fd_(fd) {
    if (::tcgetattr(fd_, &saved_) != 0) return;
    termios quiet = saved_;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    active_ = ::tcsetattr(fd_, TCSAFLUSH, &quiet) == 0;
  }
  ~HiddenInput() {
    if (active_) ::tcsetattr(fd_, TCSAFLUSH, &saved_);
  }
  HiddenInput(const HiddenInput&) = delete;
  HiddenInput& operator=(const HiddenInput&) = delete;

 private:
  int fd_;
  termios saved_{};
  bool active_ = false;
};

// The value for `put`: one line typed (unechoed) on a terminal, else everything up to end of
// input. One trailing newline ("\n" or "\r\n") is not part of it.
std::string read_value(std::istream& in, std::ostream& err, std::string_view label) {
  // Room for the largest value, a "\r\n", and one byte more to tell that it was too large —
  // reserved once, so no reallocation leaves a copy of the value behind.
  const std::size_t limit = secret_drop::kMaxValueBytes + 3;
  std::string value;
  value.reserve(limit);
  if (&in == &std::cin && ::isatty(STDIN_FILENO) == 1) {
    err << fmt::format("Paste the secret for \"{}\" and press Enter (it is not shown): ",
                       printable(label))
        << std::flush;
    HiddenInput hidden(STDIN_FILENO);
    for (char c = 0; value.size() < limit && in.get(c) && c != '\n';)
      value.push_back(c);
    err << "\n";
  } else {
    char buffer[4096];
    while (value.size() < limit && in) {
      in.read(buffer, static_cast<std::streamsize>(std::min(sizeof(buffer), limit - value.size())));
      value.append(buffer, static_cast<std::size_t>(in.gcount()));
    }
    OPENSSL_cleanse(buffer, sizeof(buffer));
  }
  if (value.ends_with('\n')) value.pop_back();
  if (value.ends_with('\r')) value.pop_back();
  if (value.size() > secret_drop::kMaxValueBytes) {
    wipe(value);
    throw SecretUsageError(fmt::format(
        "the value read from stdin is more than {} bytes; the store takes at most {} bytes per "
        "value",
        secret_drop::kMaxValueBytes, secret_drop::kMaxValueBytes));
  }
  return value;
}

std::string summary_line(const secret_drop::DropSummary& drop) {
  return fmt::format("{}  {}  {}  {}", drop.id, drop.created_at, fmt::join(drop.field_names, ","),
                     printable(drop.label));
}

int put(secret_drop::SecretStore& store, const SecretCommand& command, std::istream& in,
        std::ostream& out, std::ostream& err) {
  secret_drop::check_label(command.label);  // before anyone types a secret for nothing
  std::string value = read_value(in, err, command.label);
  if (value.empty()) {
    throw SecretUsageError(
        "the value read from stdin is empty; pipe the secret in, e.g. printf %s \"$token\" | "
        "test-as-self secret put --label <label>");
  }
  const std::string id =
      store.put(command.label, secret_drop::value_field(Secret(std::move(value))));
  wipe(value);
  out << id << "\n";
  return exit_code::kPassed;
}

int list(const secret_drop::SecretStore& store, std::ostream& out, std::ostream& err) {
  const auto drops = store.list();
  if (drops.empty()) err << fmt::format("no drops in {}\n", store.directory().string());
  for (const auto& drop : drops)
    out << summary_line(drop) << "\n";
  return exit_code::kPassed;
}

int show(const secret_drop::SecretStore& store, const SecretCommand& command, std::ostream& out) {
  const secret_drop::DropSummary drop = store.describe(command.id);
  out << fmt::format("id:      {}\nlabel:   {}\ncreated: {}\nfields:  {}\n", drop.id,
                     printable(drop.label), drop.created_at, fmt::join(drop.field_names, ", "));
  return exit_code::kPassed;
}

int remove(secret_drop::SecretStore& store, const SecretCommand& command, std::ostream& out) {
  if (!store.remove(command.id)) {
    throw SecretStoreError(
        SecretStoreError::Kind::not_found,
        fmt::format("no drop {} in the Secret Drop store at {}; run `test-as-self secret list` "
                    "to see the stored drops",
                    command.id, store.directory().string()));
  }
  out << fmt::format("removed {}\n", command.id);
  return exit_code::kPassed;
}

int request(const secret_drop::SecretStore& store, const SecretCommand& command, std::ostream& out,
            std::ostream& err) {
  if (command.timeout_s < 1 || command.timeout_s > kMaxTimeoutSeconds) {
    throw SecretUsageError(
        fmt::format("--timeout-s expects a whole number of seconds from 1 to "
                    "{}, got {}",
                    kMaxTimeoutSeconds, command.timeout_s));
  }
  secret_drop::check_label(command.label);
  // Ctrl-C ends the wait (and stops the form's server) instead of killing the process mid-way.
  const SignalScope signals;
  SystemClock clock;
  ConsoleProgress progress(err, console_charset());
  try {
    const std::string id = secret_drop::request_through_form(
        store, command.label, Deadline::after(clock, std::chrono::seconds(command.timeout_s)),
        progress);
    out << id << "\n";
    return exit_code::kPassed;
  } catch (const SecretStoreError&) {
    throw;
  } catch (const BackendError& error) {
    err << "test-as-self secret request: " << error.what() << "\n";
    return pending_signal() != 0 ? exit_code::kInterrupted : 1;
  }
}

}  // namespace

void add_secret_subcommand(CLI::App& app, SecretCommand& command) {
  CLI::App* secret = app.add_subcommand(
      "secret",
      "the Secret Drop store: put (the value from stdin), list, show, rm, request (a one-time "
      "web form); values are never printed");
  // The run's option of the same meaning has the same name.
  secret
      ->add_option("--secret-store", command.store,
                   "the store directory (default: <state dir>/secret-drop)")
      ->type_name("<dir>");
  // The option's earlier name, still taken so that scripts written for it keep working; not
  // shown in --help.
  secret->add_option("--store", command.store)->group("");
  secret->require_subcommand(1);
  // Set before the actions are added, which inherit it: a subcommand otherwise inherits the main
  // footer, whose exit codes are a run's.
  secret->footer(
      "Exit codes: 0 done; 1 the store cannot be used (unsafe modes, I/O) or a request timed\n"
      "out; 64 usage error (unknown action or option, blank or oversized value, unknown or\n"
      "malformed ID); 130 a request interrupted by SIGINT, SIGTERM or SIGHUP.\n"
      "Values never come from arguments or the environment, and are never printed.\n"
      "Examples:\n"
      "  id=$(printf %s \"$TOKEN\" | test-as-self secret put --label \"test bot\")\n"
      "  test-as-self --bot-token \"$id\"\n"
      "  test-as-self secret list\n"
      "  test-as-self secret rm \"$id\"\n"
      "  test-as-self secret --secret-store ~/ci-drops request --label \"CI bot\"");

  CLI::App* put = secret->add_subcommand(
      "put", "store a secret read from stdin (never from arguments); prints its new ID");
  put->add_option("--label", command.label, "what the secret is (shown by list)")
      ->required()
      ->type_name("<label>");
  // Extra arguments are caught here rather than by CLI11, whose message would repeat them: a
  // value typed after `put` by mistake must not be echoed.
  put->allow_extras();
  put->callback([put, &command] {
    if (!put->remaining().empty()) {
      throw CLI::ValidationError(
          "secret put",
          "takes the value on stdin, not as an argument (the extra argument is not "
          "shown); e.g. printf %s \"$token\" | test-as-self secret put --label x");
    }
    command.action = SecretCommand::Action::put;
  });

  CLI::App* list = secret->add_subcommand("list", "list the stored drops: ID, date, fields, label");
  list->callback([&command] { command.action = SecretCommand::Action::list; });

  CLI::App* show = secret->add_subcommand("show", "show one drop's label, date and field names");
  show->add_option("id", command.id, "the drop's ID")->required()->type_name("<drop-id>");
  show->callback([&command] { command.action = SecretCommand::Action::show; });

  CLI::App* remove = secret->add_subcommand("rm", "delete one drop");
  remove->add_option("id", command.id, "the drop's ID")->required()->type_name("<drop-id>");
  remove->callback([&command] { command.action = SecretCommand::Action::remove; });

  CLI::App* request = secret->add_subcommand(
      "request",
      "open a one-time web form on 127.0.0.1, print its URL, wait for it, print the new ID");
  request->add_option("--label", command.label, "what the secret is (the form's title)")
      ->required()
      ->type_name("<label>");
  request->add_option("--timeout-s", command.timeout_s, "how long to wait (default 300)")
      ->check(CLI::Range(1, kMaxTimeoutSeconds))
      ->type_name("<secs>");
  request->callback([&command] { command.action = SecretCommand::Action::request; });
}

int run_secret_command(const SecretCommand& command, std::istream& in, std::ostream& out,
                       std::ostream& err) {
  const std::string prefix = fmt::format("test-as-self secret {}: ", verb(command.action));
  try {
    secret_drop::SecretStore store(command.store ? *command.store
                                                 : secret_drop::default_store_directory());
    switch (command.action) {
      case SecretCommand::Action::put:
        return put(store, command, in, out, err);
      case SecretCommand::Action::list:
        return list(store, out, err);
      case SecretCommand::Action::show:
        return show(store, command, out);
      case SecretCommand::Action::remove:
        return remove(store, command, out);
      case SecretCommand::Action::request:
        return request(store, command, out, err);
    }
    return exit_code::kUsage;
  } catch (const SecretUsageError& error) {
    err << prefix << error.what() << "\n";
    return exit_code::kUsage;
  } catch (const SecretStoreError& error) {
    err << prefix << error.what() << "\n";
    const bool usage = error.kind() == SecretStoreError::Kind::invalid ||
                       error.kind() == SecretStoreError::Kind::not_found;
    return usage ? exit_code::kUsage : 1;
  } catch (const std::exception& error) {
    err << prefix << error.what() << "\n";
    return 1;
  }
}

}  // namespace tas::cli
