#include "child_process.hpp"

#include <cerrno>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <system_error>

#include "files.hpp"
#include "processes.hpp"
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

namespace tas::reference_agent {
namespace {

using namespace std::chrono_literals;

[[noreturn]] void exec_child(const std::vector<char*>& argv, const std::vector<char*>& env,
                             const char* out, const char* err) {
  // Between fork and exec of a multithreaded parent: async-signal-safe calls only.
  ::setpgid(0, 0);
  const rlimit no_core{0, 0};
  ::setrlimit(RLIMIT_CORE, &no_core);
  sigset_t none;
  ::sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);
  struct sigaction standard {};
  standard.sa_handler = SIG_DFL;
  for (const int signal_number : {SIGPIPE, SIGTERM, SIGINT, SIGHUP}) {
    ::sigaction(signal_number, &standard, nullptr);
  }
  const int in_fd = ::open("/dev/null", O_RDONLY);
  const int out_fd = ::open(out, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  const int err_fd = ::open(err, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (in_fd < 0 || out_fd < 0 || err_fd < 0) ::_exit(126);
  ::dup2(in_fd, 0);
  ::dup2(out_fd, 1);
  ::dup2(err_fd, 2);
  ::close_range(3, ~0U, 0);
  ::execve(argv[0], argv.data(), env.data());
  ::_exit(127);
}

std::vector<char*> c_strings(const std::vector<std::string>& strings) {
  std::vector<char*> pointers;
  for (const std::string& text : strings)
    pointers.push_back(const_cast<char*>(text.c_str()));
  pointers.push_back(nullptr);
  return pointers;
}

}  // namespace

std::string ExitStatus::describe() const {
  if (signaled) {
    const char* abbreviation = ::sigabbrev_np(signal);
    return "killed by SIG" + std::string(abbreviation ? abbreviation : "?") + " (" +
           std::to_string(signal) + ")";
  }
  return "exited with code " + std::to_string(code);
}

ExitStatus ExitStatus::decode(int wait_status) {
  ExitStatus status;
  if (WIFSIGNALED(wait_status)) {
    status.signaled = true;
    status.signal = WTERMSIG(wait_status);
  } else {
    status.code = WEXITSTATUS(wait_status);
  }
  return status;
}

ChildProcess::ChildProcess(const Options& options)
    : options_(options), name_(std::filesystem::path(options.argv.at(0)).filename().string()) {
  const std::vector<char*> argv = c_strings(options_.argv);
  const std::vector<char*> env = c_strings(options_.environment);
  const std::string out = options_.stdout_file.string();
  const std::string err = options_.stderr_file.string();
  pid_ = ::fork();
  if (pid_ < 0) throw std::system_error(errno, std::generic_category(), "fork");
  if (pid_ == 0) exec_child(argv, env, out.c_str(), err.c_str());
  // Also from the parent, so that the group exists before anyone signals it.
  ::setpgid(pid_, pid_);
}

ChildProcess::~ChildProcess() {
  kill_group_and_reap();
}

std::optional<ExitStatus> ChildProcess::poll() {
  if (status_) return status_;
  int wait_status = 0;
  const pid_t reaped = ::waitpid(pid_, &wait_status, WNOHANG);
  if (reaped == pid_) status_ = ExitStatus::decode(wait_status);
  return status_;
}

std::optional<ExitStatus> ChildProcess::wait_for_exit(std::chrono::milliseconds timeout) {
  tas::test::eventually([&] { return poll().has_value(); }, timeout);
  return poll();
}

void ChildProcess::send_signal(int signal_number) const {
  ::kill(pid_, signal_number);
}

bool ChildProcess::kill_group_and_reap(std::chrono::milliseconds timeout) {
  if (pid_ <= 0) return true;
  return tas::test::eventually(
      [&] {
        // Kill again each time: a member may have forked after the last one.
        ::kill(-pid_, SIGKILL);
        int wait_status = 0;
        pid_t reaped = 0;
        while ((reaped = ::waitpid(-pid_, &wait_status, WNOHANG)) > 0) {
          if (reaped == pid_ && !status_) status_ = ExitStatus::decode(wait_status);
        }
        return !process_group_exists(pid_);
      },
      timeout);
}

std::string ChildProcess::stdout_text() const {
  return test::read_text(options_.stdout_file);
}
std::string ChildProcess::stderr_text() const {
  return test::read_text(options_.stderr_file);
}

bool process_group_exists(pid_t group) {
  return ::kill(-group, 0) == 0 || errno != ESRCH;
}

void become_child_subreaper() {
  if (::prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0) {
    throw std::system_error(errno, std::generic_category(), "prctl(PR_SET_CHILD_SUBREAPER)");
  }
}

}  // namespace tas::reference_agent
