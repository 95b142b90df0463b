#include "spawn_child.hpp"

#include <cerrno>
#include <mutex>
#include <optional>
#include <string_view>
#include <system_error>

#include <fcntl.h>
#include <fmt/format.h>
#include <signal.h>
#include <spawn.h>
#include <sys/resource.h>

#include <tas/backends/backend_error.hpp>
#include <tas/core/unique_fd.hpp>

namespace tas {
namespace {

namespace fs = std::filesystem;

std::string error_text(int error) {
  return std::generic_category().message(error);
}

[[noreturn]] void fail(const LaunchSpec& spec, std::string_view what, int error) {
  throw BackendError(fmt::format("cannot start {} ({}): {}: {}", spec.role, spec.argv.front(), what,
                                 error_text(error)));
}

class SpawnAttributes {
 public:
  explicit SpawnAttributes(const LaunchSpec& spec) {
    if (const int error = ::posix_spawnattr_init(&value_))
      fail(spec, "posix_spawnattr_init", error);
  }
  ~SpawnAttributes() { ::posix_spawnattr_destroy(&value_); }
  SpawnAttributes(const SpawnAttributes&) = delete;
  SpawnAttributes& operator=(const SpawnAttributes&) = delete;
  posix_spawnattr_t* get() { return &value_; }

 private:
  posix_spawnattr_t value_{};
};

class SpawnFileActions {
 public:
  explicit SpawnFileActions(const LaunchSpec& spec) {
    if (const int error = ::posix_spawn_file_actions_init(&value_)) {
      fail(spec, "posix_spawn_file_actions_init", error);
    }
  }
  ~SpawnFileActions() { ::posix_spawn_file_actions_destroy(&value_); }
  SpawnFileActions(const SpawnFileActions&) = delete;
  SpawnFileActions& operator=(const SpawnFileActions&) = delete;
  posix_spawn_file_actions_t* get() { return &value_; }

 private:
  posix_spawn_file_actions_t value_{};
};

UniqueFd open_output(const LaunchSpec& spec, const fs::path& file, std::string_view stream) {
  if (file.empty()) {
    throw BackendError(fmt::format(
        "cannot start {}: no {} file given; a child's output must go to a file, or its crash "
        "messages are lost",
        spec.role, stream));
  }
  UniqueFd fd(::open(file.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600));
  if (!fd) {
    throw BackendError(fmt::format("cannot start {}: cannot open its {} file {}: {}", spec.role,
                                   stream, file.string(), error_text(errno)));
  }
  // Keep clear of 0, 1 and 2 (a harness started with a closed stdout gets them from open), so
  // that the dup2 actions below can never overwrite one another's source.
  if (fd.get() < 3) {
    UniqueFd moved(::fcntl(fd.get(), F_DUPFD_CLOEXEC, 3));
    if (!moved) fail(spec, "fcntl(F_DUPFD_CLOEXEC)", errno);
    return moved;
  }
  return fd;
}

std::vector<char*> pointers(const std::vector<std::string>& strings) {
  std::vector<char*> result;
  result.reserve(strings.size() + 1);
  for (const std::string& s : strings)
    result.push_back(const_cast<char*>(s.c_str()));
  result.push_back(nullptr);
  return result;
}

// posix_spawn cannot set a resource limit in the child, and a child inherits the limits its
// parent has at the moment of the spawn. So for a child that may dump core, the harness raises
// its own soft RLIMIT_CORE to the hard limit around the spawn and lowers it right after. Limits
// are per process, so the lock that keeps any other spawn from inheriting the raised limit in
// the meantime has to be per process too: every spawn takes it. The cost is that a harness
// crashing inside those microseconds would dump core itself. The alternative — a small exec
// helper that sets the limit and then execs the agent — would have to be installed and found
// beside every harness build, and would turn "program not found" into a helper exit code.
std::mutex& spawn_mutex() {
  static std::mutex mutex;
  return mutex;
}

class CoreLimitRaise {
 public:
  explicit CoreLimitRaise(bool wanted) {
    if (!wanted || ::getrlimit(RLIMIT_CORE, &previous_) != 0) return;
    rlimit raised = previous_;
    raised.rlim_cur = previous_.rlim_max;
    raised_ = ::setrlimit(RLIMIT_CORE, &raised) == 0;
  }
  ~CoreLimitRaise() {
    if (raised_) (void)::setrlimit(RLIMIT_CORE, &previous_);
  }
  CoreLimitRaise(const CoreLimitRaise&) = delete;
  CoreLimitRaise& operator=(const CoreLimitRaise&) = delete;

 private:
  rlimit previous_{};
  bool raised_ = false;
};

std::string spawn_hint(int error, const LaunchSpec& spec) {
  switch (error) {
    case ENOENT:
      return fmt::format(
          " (the program or its interpreter does not exist, or the working directory {} vanished; "
          "a relative program path is resolved inside the working directory)",
          spec.working_directory.string());
    case EACCES:
      return " (check that the file is executable and that its directories can be entered)";
    case ENOEXEC:
      return " (not an executable format; a script needs a #! line)";
    default:
      return {};
  }
}

}  // namespace

int spawn_child(const LaunchSpec& spec, const std::string& program,
                const std::vector<std::string>& environment) {
  const UniqueFd out = open_output(spec, spec.stdout_file, "stdout");
  std::optional<UniqueFd> separate_err;
  if (spec.stderr_file != spec.stdout_file)
    separate_err = open_output(spec, spec.stderr_file, "stderr");
  const int err_fd = separate_err ? separate_err->get() : out.get();

  SpawnFileActions actions(spec);
  auto check = [&](int error, std::string_view what) {
    if (error != 0) fail(spec, what, error);
  };
  // posix_spawn opens the file in the child, so a missing one fails the spawn with its errno.
  const std::string input =
      spec.stdin_file.empty() ? std::string("/dev/null") : spec.stdin_file.string();
  check(::posix_spawn_file_actions_addopen(actions.get(), STDIN_FILENO, input.c_str(), O_RDONLY, 0),
        "stdin from " + input);
  check(::posix_spawn_file_actions_adddup2(actions.get(), out.get(), STDOUT_FILENO), "stdout");
  check(::posix_spawn_file_actions_adddup2(actions.get(), err_fd, STDERR_FILENO), "stderr");
  // Nothing else of the harness (a listening socket, a lock file) may leak into an agent that
  // could outlive it; descriptors opened without O_CLOEXEC by some library included.
  check(::posix_spawn_file_actions_addclosefrom_np(actions.get(), STDERR_FILENO + 1),
        "closing inherited descriptors");
  if (!spec.working_directory.empty()) {
    check(::posix_spawn_file_actions_addchdir_np(actions.get(), spec.working_directory.c_str()),
          "working directory");
  }

  SpawnAttributes attributes(spec);
  sigset_t empty_mask;
  sigset_t all_signals;
  ::sigemptyset(&empty_mask);
  ::sigfillset(&all_signals);
  check(
      ::posix_spawnattr_setflags(
          attributes.get(), POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF),
      "spawn flags");
  check(::posix_spawnattr_setpgroup(attributes.get(), 0), "process group");  // 0: its own pid
  check(::posix_spawnattr_setsigmask(attributes.get(), &empty_mask), "signal mask");
  check(::posix_spawnattr_setsigdefault(attributes.get(), &all_signals), "signal defaults");

  std::vector<char*> argv = pointers(spec.argv);
  std::vector<char*> envp = pointers(environment);
  pid_t pid = 0;
  int error = 0;
  {
    const std::lock_guard lock(spawn_mutex());
    const CoreLimitRaise core_limit(spec.allow_core_dumps);
    // glibc's posix_spawn returns only after the exec: a missing or unrunnable program comes
    // back here as the exec's errno, not as exit code 127 of a child.
    error = ::posix_spawn(&pid, program.c_str(), actions.get(), attributes.get(), argv.data(),
                          envp.data());
  }
  if (error != 0) {
    throw BackendError(fmt::format(
        "cannot start {}: program {}: {}{}", spec.role,
        program == spec.argv.front() ? program : spec.argv.front() + " (" + program + ")",
        error_text(error), spawn_hint(error, spec)));
  }
  return pid;
}

}  // namespace tas
