#include "child_process.hpp"

#include <array>
#include <cerrno>
#include <stdexcept>
#include <system_error>

#include "files.hpp"
#include "processes.hpp"
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace tas::test {
namespace {

using Clock = std::chrono::steady_clock;

// What the child does between fork and exec, prepared before the fork: in the child of a
// multithreaded parent only async-signal-safe calls are allowed, so nothing is allocated there.
struct ChildSetup {
  char* const* argv;
  char* const* environment;
  const char* stdout_file;  // nullptr: stdout_pipe
  int stdout_pipe;
  const char* stderr_file;  // nullptr: inherited
  int report_fd;            // close-on-exec: silent when exec succeeds, else gets errno
};

[[noreturn]] void fail_in_child(int report_fd) {
  const int error = errno;
  [[maybe_unused]] const auto ignored = ::write(report_fd, &error, sizeof(error));
  ::_exit(127);
}

int open_output(const char* file, int report_fd) {
  const int fd = ::open(file, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (fd < 0) fail_in_child(report_fd);
  return fd;
}

[[noreturn]] void exec_child(const ChildSetup& setup) {
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
  if (in_fd < 0) fail_in_child(setup.report_fd);
  const int out_fd =
      setup.stdout_file ? open_output(setup.stdout_file, setup.report_fd) : setup.stdout_pipe;
  if (::dup2(in_fd, STDIN_FILENO) < 0 || ::dup2(out_fd, STDOUT_FILENO) < 0) {
    fail_in_child(setup.report_fd);
  }
  if (setup.stderr_file &&
      ::dup2(open_output(setup.stderr_file, setup.report_fd), STDERR_FILENO) < 0) {
    fail_in_child(setup.report_fd);
  }
  // Everything else closed, but the report pipe: exec closes that one, which tells the parent
  // that the program runs.
  const auto report = static_cast<unsigned>(setup.report_fd);
  if (report > 3) ::close_range(3, report - 1, 0);
  ::close_range(report + 1, ~0U, 0);
  ::execve(setup.argv[0], setup.argv, setup.environment);
  fail_in_child(setup.report_fd);
}

std::vector<char*> c_strings(const std::vector<std::string>& strings) {
  std::vector<char*> pointers;
  for (const std::string& text : strings)
    pointers.push_back(const_cast<char*>(text.c_str()));
  pointers.push_back(nullptr);
  return pointers;
}

std::array<int, 2> make_pipe() {
  std::array<int, 2> fds{-1, -1};
  if (::pipe2(fds.data(), O_CLOEXEC) != 0) {
    throw std::system_error(errno, std::generic_category(), "pipe2");
  }
  return fds;
}

void close_fd(int& fd) {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

int remaining_ms(Clock::time_point deadline) {
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  return left.count() < 0 ? 0 : static_cast<int>(left.count());
}

}  // namespace

ChildProcess::ChildProcess(Options options) : options_(std::move(options)) {
  if (options_.argv.empty()) throw std::invalid_argument("ChildProcess: argv is empty");
  name_ = std::filesystem::path(options_.argv.front()).filename().string();
  const std::vector<char*> argv = c_strings(options_.argv);
  const std::vector<char*> own_environment =
      options_.environment ? c_strings(*options_.environment) : std::vector<char*>{};
  const std::string out = options_.stdout_file.string();
  const std::string err = options_.stderr_file.string();
  std::array<int, 2> report = make_pipe();
  std::array<int, 2> output{-1, -1};
  if (out.empty()) output = make_pipe();
  const ChildSetup setup{argv.data(),
                         options_.environment ? own_environment.data() : environ,
                         out.empty() ? nullptr : out.c_str(),
                         output[1],
                         err.empty() ? nullptr : err.c_str(),
                         report[1]};
  pid_ = ::fork();
  if (pid_ == 0) exec_child(setup);
  const int fork_error = errno;
  close_fd(report[1]);
  close_fd(output[1]);
  stdout_fd_ = output[0];
  if (pid_ < 0) {
    close_fd(report[0]);
    close_fd(stdout_fd_);
    throw std::system_error(fork_error, std::generic_category(), "fork");
  }
  // Also from the parent, so that the group exists before anyone signals it.
  ::setpgid(pid_, pid_);
  int child_error = 0;
  ssize_t got = 0;
  do {
    got = ::read(report[0], &child_error, sizeof(child_error));
  } while (got < 0 && errno == EINTR);
  close_fd(report[0]);
  if (got == static_cast<ssize_t>(sizeof(child_error))) {
    ::waitpid(pid_, nullptr, 0);
    close_fd(stdout_fd_);
    throw std::system_error(child_error, std::generic_category(), "start " + options_.argv[0]);
  }
}

ChildProcess::~ChildProcess() {
  kill_group_and_reap();
  close_fd(stdout_fd_);
}

std::optional<std::string> ChildProcess::read_line(std::chrono::milliseconds timeout) {
  if (stdout_fd_ < 0) {
    throw std::logic_error(name_ + "'s stdout goes to a file: read it with stdout_text()");
  }
  const auto deadline = Clock::now() + timeout;
  for (;;) {
    if (const auto newline = buffered_.find('\n'); newline != std::string::npos) {
      auto line = buffered_.substr(0, newline);
      buffered_.erase(0, newline + 1);
      return line;
    }
    pollfd readable{.fd = stdout_fd_, .events = POLLIN, .revents = 0};
    const int ready = ::poll(&readable, 1, remaining_ms(deadline));
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) return std::nullopt;
    char chunk[512];
    const auto got = ::read(stdout_fd_, chunk, sizeof(chunk));
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) return std::nullopt;
    buffered_.append(chunk, static_cast<std::size_t>(got));
  }
}

std::string ChildProcess::stdout_text() const {
  return read_text(options_.stdout_file);
}

std::string ChildProcess::stderr_text() const {
  return read_text(options_.stderr_file);
}

void ChildProcess::send_signal(int signal_number) const {
  ::kill(pid_, signal_number);
}

std::optional<ExitStatus> ChildProcess::poll() {
  if (status_) return status_;
  int wait_status = 0;
  if (::waitpid(pid_, &wait_status, WNOHANG) == pid_) {
    status_ = ExitStatus::from_wait_status(wait_status);
  }
  return status_;
}

std::optional<ExitStatus> ChildProcess::wait_for_exit(std::chrono::milliseconds timeout) {
  if (poll()) return status_;
  // A pidfd becomes readable when the child ends, so the wait sleeps in poll() until then rather
  // than looking again and again; without pidfds (an old kernel) it does look again and again.
  const int pidfd = static_cast<int>(::syscall(SYS_pidfd_open, pid_, 0));
  if (pidfd < 0) {
    eventually([&] { return poll().has_value(); }, timeout);
    return poll();
  }
  const auto deadline = Clock::now() + timeout;
  pollfd ended{.fd = pidfd, .events = POLLIN, .revents = 0};
  while (::poll(&ended, 1, remaining_ms(deadline)) < 0 && errno == EINTR) {
  }
  ::close(pidfd);
  return poll();
}

bool ChildProcess::kill_group_and_reap(std::chrono::milliseconds timeout) {
  if (pid_ <= 0) return true;
  return eventually(
      [&] {
        // Kill again each time: a member may have forked after the last one.
        ::kill(-pid_, SIGKILL);
        int wait_status = 0;
        pid_t reaped = 0;
        while ((reaped = ::waitpid(-pid_, &wait_status, WNOHANG)) > 0) {
          if (reaped == pid_ && !status_) status_ = ExitStatus::from_wait_status(wait_status);
        }
        return !process_group_exists(pid_);
      },
      timeout);
}

}  // namespace tas::test
