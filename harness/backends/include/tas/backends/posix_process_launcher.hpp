#pragma once

#include <memory>

#include <tas/backends/process_launcher.hpp>
#include <tas/backends/process_registry.hpp>

namespace tas {

// The real process backend. Each child
//   - is started with posix_spawn (the harness has threads, so no fork) as the leader of a new
//     process group, so that it and everything it forks can be signalled together;
//   - runs in spec.working_directory, with stdin from spec.stdin_file (or /dev/null), stdout and
//     stderr appended to the spec's files (created 0600), and no other descriptor of the harness;
//   - gets exactly spec.environment plus the run marker TEST_AS_SELF_RUN=<run id>;
//   - starts with an empty signal mask and default signal dispositions, whatever the harness
//     blocks or ignores (except glibc's two reserved signals 32 and 33, which glibc's posix_spawn
//     always leaves ignored; no program can use them through glibc's API);
//   - may dump core (soft RLIMIT_CORE raised to the hard limit) when spec.allow_core_dumps;
//   - is recorded in the registry before launch() returns, so that a cleanup can find it even
//     when the harness is killed with SIGKILL the next moment.
// Its Process never installs a SIGCHLD handler and never waits on any child but its own.
class PosixProcessLauncher final : public ProcessLauncher {
 public:
  // Throws std::invalid_argument when `registry` is null: an unrecorded child could outlive a
  // killed harness.
  explicit PosixProcessLauncher(std::shared_ptr<ProcessRegistry> registry);
  ~PosixProcessLauncher() override;
  PosixProcessLauncher(const PosixProcessLauncher&) = delete;
  PosixProcessLauncher& operator=(const PosixProcessLauncher&) = delete;

  // Throws BackendError naming the role and the program (and the errno text) when the child
  // cannot be started or recorded; nothing is left running then.
  std::unique_ptr<Process> launch(const LaunchSpec& spec) override;
  // Both look only through the harness's own descendants (/proc/<pid>/task/<tid>/children from
  // this process down), never at every process on the machine.
  void request_stray_stop() override;
  Strays end_strays(std::chrono::milliseconds grace) override;

  [[nodiscard]] const std::shared_ptr<ProcessRegistry>& registry() const { return registry_; }

 private:
  struct SignalledStrays;  // what request_stray_stop() signalled, for end_strays() to finish

  std::shared_ptr<ProcessRegistry> registry_;
  std::unique_ptr<SignalledStrays> signalled_strays_;
};

}  // namespace tas
