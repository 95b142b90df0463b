#include "processes.hpp"

#include <cerrno>
#include <system_error>

#include "files.hpp"
#include <signal.h>
#include <sys/prctl.h>
#include <time.h>

#include <tas/backends/proc_fs.hpp>

namespace tas::test {

std::vector<int> live_processes_with_environment(std::string_view name, std::string_view value) {
  std::vector<int> found;
  for (const int pid : list_process_ids()) {
    const auto stat = read_proc_stat(pid);
    if (!stat || stat->ended()) continue;  // a zombie has ended; only its reaping is pending
    if (read_environ_value(pid, name) == value) found.push_back(pid);
  }
  return found;
}

bool eventually(const std::function<bool()>& condition, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    if (condition()) return true;
    if (std::chrono::steady_clock::now() >= deadline) return false;
    timespec pause{0, 10'000'000};
    ::nanosleep(&pause, nullptr);
  }
}

void kill_all(const std::vector<int>& pids) {
  for (const int pid : pids)
    ::kill(pid, SIGKILL);
}

std::string proc_file(int pid, std::string_view name) {
  return read_text(std::filesystem::path("/proc") / std::to_string(pid) / name);
}

bool process_group_exists(pid_t group) {
  return ::kill(-group, 0) == 0 || errno != ESRCH;
}

void become_child_subreaper() {
  if (::prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0) {
    throw std::system_error(errno, std::generic_category(), "prctl(PR_SET_CHILD_SUBREAPER)");
  }
}

}  // namespace tas::test
