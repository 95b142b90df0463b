#include "steps/launch_in_home.hpp"
#include <fmt/format.h>

#include <tas/backends/conditions.hpp>
#include <tas/engine/command_runner.hpp>
#include <tas/engine/run_context.hpp>

namespace tas {

namespace {
constexpr std::size_t kLogTailBytes = 4096;
}

Deadline command_deadline(RunContext& context, const CommandSpec& command) {
  const auto timeout =
      command.timeout.count() > 0 ? command.timeout : context.profile.command_timeout;
  return Deadline::after(context.clock(),
                         std::chrono::duration_cast<std::chrono::milliseconds>(timeout));
}

CommandRun run_command(RunContext& context, const CommandSpec& command, const Deadline& deadline,
                       Interruptible interruptible) {
  CommandRun run;
  run.name = command.name;
  const OutputFiles output = command_output(context, command.name);
  run.log = output.stdout_file;
  const auto started = context.clock().now();
  auto process =
      launch_in_home(context, command.name, command.argv, context.placeholders(), output);
  run.argv = process->spec().argv;
  const WaitOutcome waited =
      context.waiter.wait(for_exit(*process), deadline, interruptible == Interruptible::yes);
  if (waited.ready()) {
    run.exit = process->poll();
  } else {
    run.timed_out = waited.end == WaitOutcome::End::timed_out;
    run.interrupted = waited.end == WaitOutcome::End::interrupted;
    if (run.interrupted) run.interrupted_by = waited.why;
    (void)process->stop(
        std::chrono::duration_cast<std::chrono::milliseconds>(context.profile.stop_grace));
  }
  run.duration =
      std::chrono::duration_cast<std::chrono::milliseconds>(context.clock().now() - started);
  run.log_tail = context.backends.deployer->read_tail(run.log, kLogTailBytes);
  return run;
}

}  // namespace tas
