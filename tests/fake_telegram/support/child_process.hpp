#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <sys/types.h>

namespace tas::fake {

// A program run as a child, to test an executable from the outside as its users would: stdout on a
// pipe we read lines from, stderr into a file. Every wait has a deadline. A child still running
// when this goes away is killed and reaped, so a failing test leaves no process behind.
class ChildProcess {
 public:
  ChildProcess(const std::string& program, const std::vector<std::string>& arguments,
               const std::filesystem::path& stderr_file);
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  // The next line of stdout without its newline; nullopt at end of file or when the timeout passes.
  std::optional<std::string> read_line(std::chrono::milliseconds timeout);
  void send_signal(int signal) const;
  // The raw wait status once the child has exited, or nullopt when the timeout passes first.
  std::optional<int> wait(std::chrono::milliseconds timeout);

 private:
  pid_t pid_ = -1;
  int stdout_fd_ = -1;
  std::string buffered_;
  bool reaped_ = false;
};

}  // namespace tas::fake
