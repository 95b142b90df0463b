#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "exit_status.hpp"
#include <sys/types.h>

namespace tas::test {

// A program run as a child, to test an executable from the outside as its users would. It starts
// in a process group of its own, with core dumps off, the signals a test sends at their defaults
// and none blocked, stdin from /dev/null, and no descriptor of ours beyond stdout and stderr. Every
// wait has a deadline. The destructor kills the whole group with SIGKILL and reaps it, so that an
// early test failure leaves nothing running.
class ChildProcess {
 public:
  struct Options {
    std::vector<std::string> argv;  // argv[0] is the program's path
    // "NAME=value", the whole environment; nullopt: this process's own.
    std::optional<std::vector<std::string>> environment;
    // stdout into this file (created 0600); empty: onto a pipe that read_line() reads. A chatty
    // child wants a file: a pipe nobody reads fills up and blocks it.
    std::filesystem::path stdout_file;
    // stderr into this file (created 0600); empty: the test's own stderr, which CTest shows.
    std::filesystem::path stderr_file;
  };

  // Throws std::system_error when the program cannot be started (missing, not executable, an
  // output file that cannot be created).
  explicit ChildProcess(Options options);
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;
  ~ChildProcess();

  [[nodiscard]] pid_t pid() const { return pid_; }
  [[nodiscard]] pid_t process_group() const { return pid_; }
  // The program's file name, for messages.
  [[nodiscard]] const std::string& name() const { return name_; }
  [[nodiscard]] const Options& options() const { return options_; }

  // The next line of stdout without its newline; nullopt at end of file or once `timeout` passes.
  // Only when stdout is a pipe.
  std::optional<std::string> read_line(std::chrono::milliseconds timeout);
  [[nodiscard]] std::string stdout_text() const;  // when stdout is a file
  [[nodiscard]] std::string stderr_text() const;  // when stderr is a file

  void send_signal(int signal_number) const;
  // The exit status once the child has ended (reaping it), nullopt while it runs.
  std::optional<ExitStatus> poll();
  // Waits for the child to end, up to `timeout`; nullopt when it still runs then.
  std::optional<ExitStatus> wait_for_exit(std::chrono::milliseconds timeout);

  // SIGKILLs every process of the group and reaps the ones that are this test's children (with the
  // test process as child subreaper, orphaned grandchildren are too). Returns true when the group
  // is empty afterwards.
  bool kill_group_and_reap(std::chrono::milliseconds timeout = std::chrono::seconds(5));

 private:
  Options options_;
  std::string name_;
  pid_t pid_ = -1;
  int stdout_fd_ = -1;
  std::string buffered_;
  std::optional<ExitStatus> status_;
};

}  // namespace tas::test
