#include "posix_process.hpp"

#include <cerrno>
#include <system_error>

#include "poll_until.hpp"
#include <fmt/format.h>
#include <signal.h>
#include <sys/wait.h>

// glibc 2.36's <sys/pidfd.h> declares its functions without extern "C"; without this block the
// C++ names are mangled and the link fails.
extern "C" {
#include <sys/pidfd.h>
}

#include <tas/backends/backend_error.hpp>
#include <tas/backends/proc_fs.hpp>

namespace tas {
namespace {

// waitid reports what waitpid would have encoded in a wait status; encode it the same way so
// that one decoder (ExitStatus::from_wait_status) serves both.
int wait_status_from(const siginfo_t& info) {
  constexpr int kCoreFlag = 0x80;
  switch (info.si_code) {
    case CLD_EXITED:
      return (info.si_status & 0xff) << 8;
    case CLD_DUMPED:
      return (info.si_status & 0x7f) | kCoreFlag;
    default:  // CLD_KILLED
      return info.si_status & 0x7f;
  }
}

std::string error_text(int error) {
  return std::generic_category().message(error);
}

}  // namespace

PosixProcess::PosixProcess(int pid, LaunchSpec spec, std::shared_ptr<ProcessRegistry> registry)
    : pid_(pid),
      spec_(std::move(spec)),
      registry_(std::move(registry)),
      // Our unreaped child: the pid cannot name anyone else while we hold it.
      pidfd_(::pidfd_open(pid, 0)) {}

PosixProcess::~PosixProcess() {
  if (stopped_) return;
  try {
    (void)stop(kDestructorGrace);
  } catch (...) {
    // Survivors stay recorded in the registry, where the cleanup command finds them.
  }
}

std::optional<ExitStatus> PosixProcess::poll() {
  if (status_) return status_;
  siginfo_t info{};
  int result = 0;
  do {
    // WNOWAIT: look, but leave the zombie, which keeps the group id ours (see the class comment).
    result = ::waitid(P_PID, static_cast<id_t>(pid_), &info, WEXITED | WNOHANG | WNOWAIT);
  } while (result < 0 && errno == EINTR);
  if (result < 0) {
    throw BackendError(fmt::format(
        "cannot check on {} (pid {}): waitid failed: {}; something else reaped the harness's "
        "child — is SIGCHLD ignored, or does some code wait for any child?",
        spec_.role, pid_, error_text(errno)));
  }
  if (info.si_pid == 0) return std::nullopt;  // still running
  status_ = ExitStatus::from_wait_status(wait_status_from(info));
  return status_;
}

bool PosixProcess::anything_alive() {
  if (group_ended_) return false;
  if (!poll()) return true;
  return !live_group_members(pid_).empty();
}

bool PosixProcess::group_alive() {
  if (group_ended_) return false;
  if (anything_alive()) return true;
  finish();
  return false;
}

void PosixProcess::signal_group(int signal) const {
  // ESRCH cannot happen while the leader is unreaped; EPERM (a member that changed its user)
  // shows up as a survivor below. Neither is worth more than that here.
  if (!group_ended_) (void)::kill(-pid_, signal);
}

void PosixProcess::finish() {
  if (group_ended_) return;
  int raw = 0;
  pid_t reaped = 0;
  do {
    reaped = ::waitpid(pid_, &raw, WNOHANG);
  } while (reaped < 0 && errno == EINTR);
  group_ended_ = true;
  try {
    registry_->record_ended(pid_);
  } catch (...) {
    // The group is empty either way. A file that still lists it as running misleads no cleanup:
    // the leader's recorded start time matches no process any more, and no process carries the
    // marker in this group.
  }
}

std::string PosixProcess::survivors() const {
  std::string list;
  for (const ProcStat& member : live_group_members(pid_)) {
    list += fmt::format("{}{} (state {})", list.empty() ? "" : ", ", member.pid, member.state);
  }
  return list.empty() ? std::string("none visible") : list;
}

void PosixProcess::request_stop() {
  if (stop_requested_ || group_ended_) return;
  // No look at the group first: while the leader is unreaped the group id is ours, and a SIGTERM
  // that finds only the leader's zombie does nothing.
  signal_group(SIGTERM);
  signal_group(SIGCONT);  // a stopped process acts on SIGTERM only once it runs again
  stop_requested_ = true;
}

ExitStatus PosixProcess::stop(std::chrono::milliseconds grace) {
  if (stopped_) return *stopped_;
  if (anything_alive()) {
    request_stop();
    const auto term_deadline = std::chrono::steady_clock::now() + grace;
    if (!poll_until(term_deadline, [this] { return !anything_alive(); })) {
      signal_group(SIGKILL);
      const auto kill_deadline = std::chrono::steady_clock::now() + kKillWait;
      if (!poll_until(kill_deadline, [this] { return !anything_alive(); })) {
        throw BackendError(fmt::format(
            "cannot stop {} (process group {}): still alive {} ms after SIGKILL: {}; a process "
            "in state D is stuck in the kernel — it stays recorded in the process registry for "
            "the cleanup command",
            spec_.role, pid_, kKillWait.count(), survivors()));
      }
    }
  }
  finish();
  stopped_ = status_;
  return *stopped_;
}

}  // namespace tas
