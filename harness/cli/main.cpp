// test-as-self: parse → guard → run → exit code, nothing more (docs/architecture.md, 'One run').
#include <iostream>

#include "ascii_console.hpp"
#include "cleanup_command.hpp"
#include "command_line.hpp"
#include "run_setup.hpp"
#include "secret_command.hpp"
#include <fmt/format.h>

#include <tas/backends/subreaper.hpp>
#include <tas/core/argv_guard.hpp>
#include <tas/core/console_charset.hpp>
#include <tas/core/errors.hpp>
#include <tas/core/interrupt.hpp>
#include <tas/engine/console_progress.hpp>
#include <tas/engine/engine.hpp>

int main(int argc, char** argv) {
  // First of all: a SIGINT, SIGTERM or SIGHUP from here on waits until the run's handlers exist
  // and then interrupts it through teardown, instead of killing a half-started run without a
  // report. Threads started later (the embedded fake Telegram's) inherit the mask, so the signal
  // comes to this thread, whose waits it is meant to wake.
  const sigset_t original_mask = tas::block_interrupting_signals();
  // Whatever a run's children orphan (a daemon that called setsid and cleared its environment)
  // comes back to this process instead of init, where teardown finds and ends it.
  tas::become_child_subreaper();
  // Under the C or POSIX locale the console may take only ASCII: all output is made so.
  const tas::ConsoleCharset charset = tas::console_charset();
  const tas::cli::AsciiConsole console(charset);
  const std::vector<std::string> args(argv, argv + argc);
  try {
    // Before the option parser, whose error messages would echo a refused value.
    tas::refuse_raw_secrets_in_argv(args);
    const tas::cli::CommandLine line = tas::cli::parse_command_line(args);
    // Only a run tears down on a signal; the other commands end the ordinary way.
    if (line.action != tas::cli::CommandLine::Action::run) tas::restore_signal_mask(original_mask);
    switch (line.action) {
      case tas::cli::CommandLine::Action::help:
      case tas::cli::CommandLine::Action::version:
        std::cout << line.help_text << "\n";
        return 0;
      case tas::cli::CommandLine::Action::cleanup:
        return tas::cli::run_cleanup(std::cout, std::cerr);
      case tas::cli::CommandLine::Action::secret:
        return tas::cli::run_secret_command(line.secret, std::cin, std::cout, std::cerr);
      case tas::cli::CommandLine::Action::run:
        break;
    }
    // Guards and the profile: no I/O beyond reading, exit 64/11 before anything is created.
    tas::cli::RunSetup setup = tas::cli::prepare_run(line);
    tas::ConsoleProgress progress(std::cout, charset);
    std::cout << setup.banner << std::endl;
    tas::Engine engine(std::move(setup.settings), std::move(setup.profile),
                       std::move(setup.backends), progress);
    engine.run_all();
    return engine.exit_code();
  } catch (const tas::Error& error) {
    std::cerr << "test-as-self: " << error.what() << std::endl;
    return error.exit_code();
  } catch (const std::exception& error) {
    // Reached only before the run started: the engine turns a step's errors into its verdict.
    std::cerr << "test-as-self: cannot start the run: " << error.what() << std::endl;
    return tas::exit_code::kUsage;
  }
}
