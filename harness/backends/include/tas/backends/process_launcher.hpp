#pragma once

#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace tas {

// How a child ended, decoded from the raw wait status: an exit code is not a signal, and a core
// dump is worth knowing.
struct ExitStatus {
  enum class Kind { exited, signaled };
  Kind kind = Kind::exited;
  int code = 0;    // Kind::exited
  int signal = 0;  // Kind::signaled
  bool core_dumped = false;

  static ExitStatus from_wait_status(int status);
  [[nodiscard]] bool success() const { return kind == Kind::exited && code == 0; }
  [[nodiscard]] std::string describe()
      const;  // "exited with code 3", "killed by SIGSEGV (core dumped)"
  [[nodiscard]] nlohmann::json to_json() const;
};

struct LaunchSpec {
  std::string role;  // "server", "lifeline", "rebuild", …: names the process in report and logs
  std::vector<std::string> argv;
  std::filesystem::path working_directory;
  std::vector<std::string> environment;  // complete, "NAME=value"; nothing is inherited
  std::filesystem::path stdout_file;     // appended to, created 0600
  std::filesystem::path stderr_file;
  std::filesystem::path stdin_file;  // empty: /dev/null
  bool allow_core_dumps = false;
};

// A child started in its own process group, so that it and anything it forks can be signalled
// together.
class Process {
 public:
  virtual ~Process() = default;
  [[nodiscard]] virtual int pid() const = 0;
  [[nodiscard]] virtual int process_group() const = 0;
  [[nodiscard]] virtual const LaunchSpec& spec() const = 0;
  // Non-blocking: the exit status once the child has ended (reaped once, then remembered).
  virtual std::optional<ExitStatus> poll() = 0;
  // True while any process of the group (the child or something it forked) is alive.
  [[nodiscard]] virtual bool group_alive() = 0;
  // SIGTERM (and SIGCONT) to the group, at once and without waiting, so that many groups can be
  // asked to stop together and share one grace (stop_together.hpp). Idempotent.
  virtual void request_stop() = 0;
  // SIGTERM to the group (unless request_stop() sent it already), SIGKILL to the group after
  // `grace` if anything is left, then reap: `stop(0ms)` after a request_stop() ends what did not
  // obey. Returns the child's exit status. Idempotent.
  virtual ExitStatus stop(std::chrono::milliseconds grace) = 0;
  // A descriptor that poll() reports readable once the child has ended (a pidfd), so that a
  // waiter can sleep until then instead of looking again and again; -1 when there is none.
  [[nodiscard]] virtual int exit_descriptor() const { return -1; }
};

class ProcessLauncher {
 public:
  virtual ~ProcessLauncher() = default;
  // Starts the child. Throws BackendError when it cannot be started (the program is missing, the
  // log file cannot be opened).
  virtual std::unique_ptr<Process> launch(const LaunchSpec& spec) = 0;
  // What escaped the process groups of the run's children — a daemon that called setsid, a
  // terminal multiplexer, a tunnel — is found among the harness's own descendants by the run's
  // marker, or as an orphan reparented to the harness (docs/architecture.md, 'The process
  // layer'): stopping the groups alone would leave terminal sessions and tunnels running.
  //
  // request_stray_stop() sends SIGTERM (and SIGCONT) now to the strays it finds outside the run's
  // live groups, without waiting: called right before the groups are stopped, it finds them while
  // their parents still live (a harness that is not a child subreaper loses sight of an orphan)
  // and lets them share the groups' grace.
  virtual void request_stray_stop() = 0;
  // Ends the strays: those request_stray_stop() signalled get SIGKILL once their grace, counted
  // from that SIGTERM, has passed; any found now get SIGTERM, then SIGKILL after `grace`. Returns
  // one line per process it signalled; `survivors` counts those still alive.
  struct Strays {
    std::vector<std::string> ended;
    std::size_t survivors = 0;
  };
  virtual Strays end_strays(std::chrono::milliseconds grace) = 0;
};

}  // namespace tas
