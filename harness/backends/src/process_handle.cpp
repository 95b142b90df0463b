#include <fcntl.h>
#include <poll.h>
#include <signal.h>

// glibc 2.36's <sys/pidfd.h> declares its functions without extern "C"; without this block the
// C++ names are mangled and the link fails.
extern "C" {
#include <sys/pidfd.h>
}

#include <cerrno>

#include <tas/backends/proc_fs.hpp>
#include <tas/backends/process_handle.hpp>

namespace tas {
namespace {

bool same_process_alive(int pid, std::uint64_t start_time) {
  const auto stat = read_proc_stat(pid);
  return stat && stat->start_time == start_time && !stat->ended();
}

}  // namespace

std::optional<ProcessHandle> ProcessHandle::open(int pid, std::uint64_t start_time) {
  if (pid <= 0) return std::nullopt;
  UniqueFd pidfd(::pidfd_open(pid, 0));
  if (!pidfd && errno == ESRCH) return std::nullopt;
  // Checked after opening: the pidfd refers to whoever had the pid when it was opened, and if
  // /proc still shows the start time we expect now, that was the process we mean (an ended
  // process cannot come back, and a newer one has a later start time).
  if (!same_process_alive(pid, start_time)) return std::nullopt;
  return ProcessHandle(pid, start_time, std::move(pidfd));
}

std::optional<ProcessHandle> ProcessHandle::open(int pid) {
  const auto stat = read_proc_stat(pid);
  if (!stat || stat->ended()) return std::nullopt;
  return open(pid, stat->start_time);
}

bool ProcessHandle::ended() const {
  if (pidfd_) {
    // A pidfd becomes readable when its process exits, before anyone reaps it.
    pollfd entry{pidfd_.get(), POLLIN, 0};
    int ready = 0;
    do {
      ready = ::poll(&entry, 1, 0);
    } while (ready < 0 && errno == EINTR);
    return ready > 0;
  }
  return !same_process_alive(pid_, start_time_);
}

bool ProcessHandle::signal(int signal) const {
  if (pidfd_) return ::pidfd_send_signal(pidfd_.get(), signal, nullptr, 0) == 0;
  // Without a pidfd a small window remains between this check and kill(); it needs the process
  // to end and its pid to be reused within microseconds.
  return same_process_alive(pid_, start_time_) && ::kill(pid_, signal) == 0;
}

}  // namespace tas
