#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <sys/types.h>

namespace tas::reference_agent {

// A decoded wait status: a signal is not an exit code.
struct ExitStatus {
  bool signaled = false;
  int code = 0;    // when exited
  int signal = 0;  // when signaled

  [[nodiscard]] bool exited_with(int expected) const { return !signaled && code == expected; }
  [[nodiscard]] bool killed_by(int expected) const { return signaled && signal == expected; }
  [[nodiscard]] std::string describe() const;
  static ExitStatus decode(int wait_status);
};

// One agent executable started for a test, in its own process group, with stdout and stderr in
// files (pipes could fill up and block it) and core dumps off. The destructor kills the whole group
// with SIGKILL and reaps it, so an early test failure leaves nothing running.
class ChildProcess {
 public:
  struct Options {
    std::vector<std::string> argv;
    std::vector<std::string> environment;  // "NAME=value"; nothing is inherited
    std::filesystem::path stdout_file;
    std::filesystem::path stderr_file;
  };

  explicit ChildProcess(const Options& options);
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;
  ~ChildProcess();

  [[nodiscard]] pid_t pid() const { return pid_; }
  [[nodiscard]] pid_t process_group() const { return pid_; }
  [[nodiscard]] const std::string& name() const { return name_; }

  // The exit status once the process has ended (reaping it), nullopt while it runs.
  std::optional<ExitStatus> poll();
  // Waits for the process to end, up to `timeout`.
  std::optional<ExitStatus> wait_for_exit(std::chrono::milliseconds timeout);

  void send_signal(int signal_number) const;

  // SIGKILLs every process of the group and reaps the ones that are this test's children (with
  // the test process as child subreaper, orphaned grandchildren are too). Returns true when the
  // group is empty afterwards.
  bool kill_group_and_reap(std::chrono::milliseconds timeout = std::chrono::seconds(5));

  [[nodiscard]] std::string stdout_text() const;
  [[nodiscard]] std::string stderr_text() const;
  [[nodiscard]] const Options& options() const { return options_; }

 private:
  Options options_;
  std::string name_;
  pid_t pid_ = -1;
  std::optional<ExitStatus> status_;
};

// True while any process (a zombie included) is in process group `group`.
[[nodiscard]] bool process_group_exists(pid_t group);

// Makes this process the child subreaper, so that grandchildren an agent leaves behind become its
// children and can be reaped by the test instead of lingering under init.
void become_child_subreaper();

}  // namespace tas::reference_agent
