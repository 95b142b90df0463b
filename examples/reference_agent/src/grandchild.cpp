#include "grandchild.hpp"

#include <cerrno>
#include <system_error>

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

namespace tas::reference_agent {
namespace {

// Runs in the child: async-signal-safe calls only, and it never returns.
[[noreturn]] void linger(bool leave_group) {
  if (leave_group) ::setsid();
  struct sigaction ignore {};
  ignore.sa_handler = SIG_IGN;
  ::sigaction(SIGTERM, &ignore, nullptr);
  sigset_t all;
  ::sigemptyset(&all);
  ::sigprocmask(SIG_SETMASK, &all, nullptr);
  // Holding the parent's log file or the harness's output files open would keep them alive (and a
  // pipe reader waiting) long after the parent is gone; the child needs none of them.
  const int null_fd = ::open("/dev/null", O_RDWR);
  if (null_fd >= 0) {
    ::dup2(null_fd, 0);
    ::dup2(null_fd, 1);
    ::dup2(null_fd, 2);
  }
  if (::close_range(3, ~0U, 0) != 0) {
    const long max_fd = ::sysconf(_SC_OPEN_MAX);
    for (int fd = 3; fd < (max_fd > 0 && max_fd < 65536 ? max_fd : 65536); ++fd)
      ::close(fd);
  }
  for (;;)
    ::pause();
}

}  // namespace

pid_t fork_grandchild() {
  const pid_t pid = ::fork();
  if (pid < 0) throw std::system_error(errno, std::generic_category(), "fork");
  if (pid == 0) linger(/*leave_group=*/false);
  return pid;
}

pid_t fork_daemon() {
  const pid_t pid = ::fork();
  if (pid < 0) throw std::system_error(errno, std::generic_category(), "fork");
  if (pid == 0) linger(/*leave_group=*/true);
  return pid;
}

}  // namespace tas::reference_agent
