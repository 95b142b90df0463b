#include <cerrno>
#include <chrono>
#include <stdexcept>

#include "poll_until.hpp"
#include "posix_process.hpp"
#include "program_path.hpp"
#include "run_processes.hpp"
#include "spawn_child.hpp"
#include <fmt/format.h>
#include <signal.h>
#include <sys/wait.h>

#include <tas/backends/backend_error.hpp>
#include <tas/backends/posix_process_launcher.hpp>
#include <tas/backends/proc_fs.hpp>
#include <tas/backends/reap_abandoned_runs.hpp>
#include <tas/backends/subreaper.hpp>
#include <tas/core/clock.hpp>

namespace tas {
namespace {

namespace fs = std::filesystem;

// The child's environment: the spec's, with the run marker as the one addition. A marker the spec
// already carries (a harness testing a harness) is replaced: the child belongs to this run.
std::vector<std::string> environment_with_marker(const LaunchSpec& spec,
                                                 const ProcessRegistry& registry) {
  const std::string prefix = std::string(kRunMarkerName) + "=";
  std::vector<std::string> environment;
  environment.reserve(spec.environment.size() + 1);
  for (const std::string& entry : spec.environment) {
    if (entry.rfind(prefix, 0) != 0) environment.push_back(entry);
  }
  environment.push_back(registry.marker());
  return environment;
}

// A child we could not record must not live on: it would be invisible to the cleanup. It is still
// unreaped, so its group id is still ours to signal.
void kill_unrecorded(int pid) {
  (void)::kill(-pid, SIGKILL);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  (void)poll_until(deadline, [pid] { return live_group_members(pid).empty(); });
  // Reaped only once it has ended, so that a child stuck in the kernel cannot hang the harness.
  (void)poll_until(deadline, [pid] {
    int status = 0;
    return ::waitpid(pid, &status, WNOHANG) != 0;
  });
}

// The harness itself when it is a child subreaper: then its children that are not the run's
// group leaders are orphans of the run's processes.
int adopting_parent() {
  return is_child_subreaper() ? ::getpid() : 0;
}

}  // namespace

struct PosixProcessLauncher::SignalledStrays {
  std::vector<TrackedProcess> processes;
};

PosixProcessLauncher::~PosixProcessLauncher() = default;

PosixProcessLauncher::PosixProcessLauncher(std::shared_ptr<ProcessRegistry> registry)
    : registry_(std::move(registry)) {
  if (!registry_) {
    throw std::invalid_argument(
        "PosixProcessLauncher needs a process registry: an unrecorded child could outlive a "
        "harness "
        "killed with SIGKILL");
  }
}

std::unique_ptr<Process> PosixProcessLauncher::launch(const LaunchSpec& spec) {
  if (spec.argv.empty()) {
    throw BackendError(fmt::format("cannot start {}: its argument vector is empty", spec.role));
  }
  if (std::error_code error;
      !spec.working_directory.empty() && !fs::is_directory(spec.working_directory, error)) {
    throw BackendError(fmt::format("cannot start {}: its working directory {} is not a directory",
                                   spec.role, spec.working_directory.string()));
  }
  const std::string program = resolve_program(spec);
  const int pid = spawn_child(spec, program, environment_with_marker(spec, *registry_));

  RegisteredGroup group;
  group.pgid = pid;
  group.leader_pid = pid;
  // Read before anyone waits on the child: unreaped, its /proc entry exists even if it has ended.
  group.leader_start_time = read_proc_stat(pid).value_or(ProcStat{}).start_time;
  group.role = spec.role;
  group.program = spec.argv.front();
  group.home = spec.working_directory;
  group.started_at = iso8601_utc(std::chrono::system_clock::now());
  try {
    registry_->record_started(std::move(group));
  } catch (const std::exception& error) {
    kill_unrecorded(pid);
    throw BackendError(fmt::format(
        "started {} but could not record it in the process registry ({}), so it was killed again: "
        "a child the registry does not know could outlive a killed harness; check that {} is "
        "writable",
        spec.role, error.what(), registry_->file().parent_path().string()));
  }
  return std::make_unique<PosixProcess>(pid, spec, registry_);
}

void PosixProcessLauncher::request_stray_stop() {
  const RunRecord record = registry_->snapshot();
  RunProcessEnder ender({&record}, own_descendants, adopting_parent());
  ender.terminate_new(/*outside_live_groups=*/true);
  if (!signalled_strays_) signalled_strays_ = std::make_unique<SignalledStrays>();
  for (TrackedProcess& process : ender.tracked())
    signalled_strays_->processes.push_back(std::move(process));
}

ProcessLauncher::Strays PosixProcessLauncher::end_strays(std::chrono::milliseconds grace) {
  // A fresh look at the record: the groups stopped since request_stray_stop() have ended.
  const RunRecord record = registry_->snapshot();
  RunProcessEnder ender({&record}, own_descendants, adopting_parent());
  if (signalled_strays_) {
    ender.take_over(std::move(signalled_strays_->processes));
    signalled_strays_.reset();
  }
  ender.terminate_new();
  ender.finish(grace, ReapOptions{}.kill_wait);
  Strays strays;
  for (const TrackedProcess& process : ender.tracked()) {
    const ReapedProcess& reaped = process.record;
    strays.ended.push_back(fmt::format("pid {} ({}){}", reaped.pid, reaped.reason,
                                       reaped.needed_sigkill ? ", needed SIGKILL" : ""));
    if (!process.handle.ended()) ++strays.survivors;
  }
  return strays;
}

}  // namespace tas
