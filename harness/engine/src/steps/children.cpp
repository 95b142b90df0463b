#include "children.hpp"

#include <fmt/format.h>
#include <signal.h>

namespace tas {

std::string output_tail(RunContext& context, const Process& process, std::size_t bytes) {
  Deployer& deployer = *context.backends.deployer;
  std::string tail = deployer.read_tail(process.spec().stderr_file, bytes);
  if (tail.empty() && process.spec().stdout_file != process.spec().stderr_file) {
    tail = deployer.read_tail(process.spec().stdout_file, bytes);
  }
  return context.redactor.redact(tail);
}

Condition children_alive(RunContext& context) {
  return [&context]() {
    for (RunChild& child : context.children) {
      if (const auto status = child.process->poll()) {
        const std::string tail = output_tail(context, *child.process, 1200);
        child.end_reported = true;
        return Probe::fatal(fmt::format("{} (pid {}) {}{}", child.process->spec().role,
                                        child.process->pid(), status->describe(),
                                        tail.empty()
                                            ? std::string(" and wrote nothing")
                                            : fmt::format("; its last output:\n{}", tail)));
      }
    }
    return Probe::ready();
  };
}

std::vector<ProcessEvidence> describe_children(RunContext& context) {
  std::vector<ProcessEvidence> list;
  for (RunChild& child : context.children) {
    const Process& process = *child.process;
    const auto status = child.final_status ? child.final_status : child.process->poll();
    list.push_back(ProcessEvidence{
        .role = process.spec().role,
        .pid = process.pid(),
        .process_group = process.process_group(),
        .argv = process.spec().argv,
        .stdout_file = process.spec().stdout_file.string(),
        .stderr_file = process.spec().stderr_file.string(),
        .alive = !status.has_value(),
        .exit = status,
        .started_at_us = child.started_at_us,
    });
  }
  return list;
}

std::optional<std::string> unreported_crash(RunContext& context, RunChild& child,
                                            bool was_running) {
  const std::optional<ExitStatus>& status = child.final_status;
  if (!status || status->kind != ExitStatus::Kind::signaled || child.end_reported) return {};
  // Teardown sends SIGTERM, then SIGKILL: dying of one of those while being stopped is the
  // teardown's doing. Any other signal (SIGABRT from a crash in a shutdown path), or any signal
  // before teardown began, is a crash nobody would see otherwise.
  const bool teardowns_own =
      was_running && (status->signal == SIGTERM || status->signal == SIGKILL);
  if (teardowns_own) return {};
  const Process& process = *child.process;
  const std::string tail = output_tail(context, process, 1200);
  child.end_reported = true;
  return fmt::format(
      "{} (pid {}) {} {}, not by the SIGTERM or SIGKILL teardown sends: it crashed; its output "
      "is in {}{}",
      process.spec().role, process.pid(), status->describe(),
      was_running ? "while teardown stopped it" : "before teardown began",
      process.spec().stderr_file.string(),
      tail.empty() ? std::string(" (empty)") : fmt::format("; its last output:\n{}", tail));
}

}  // namespace tas
