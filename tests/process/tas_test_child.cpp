// A small, deliberately misbehaving child for the process backend's tests. Modes:
//   exit <n>                       exit with code n
//   segfault                       die by SIGSEGV without a core file (RLIMIT_CORE 0)
//   abort                          die by SIGABRT, with the limits it was given
//   print <out> <err>              write <out> to stdout and <err> to stderr, then exit 0
//   env [<ready>]                  print the environment, one entry a line; with <ready>, then
//                                  announce readiness and wait for a signal
//   cwd                            print the working directory
//   rlimit-core                    print the soft RLIMIT_CORE ("unlimited" or a number)
//   sleep <ready>                  announce readiness, wait for a signal (default dispositions)
//   ignore-term <ready>            ignore SIGTERM, announce readiness, wait
//   note-term <ready> <notes>      on SIGTERM, append the CLOCK_MONOTONIC time in nanoseconds to
//                                  <notes> and carry on; announce readiness, wait (only SIGKILL
//                                  ends it)
//   grandchild-in-group <ready>    fork a grandchild that ignores SIGTERM and stays in the
//                                  group; announce both pids; wait (cooperatively)
//   grandchild-then-exit <ready>   the same, but the leader exits 0 after announcing
//   grandchild-setsid <ready>      fork a grandchild that ignores SIGTERM and leaves the group
//                                  (and session) with setsid, keeping its environment; announce
//                                  both pids; wait (cooperatively)
// "Announce readiness" writes "<pid> [<grandchild pid>]\n" to <ready> atomically (a temporary
// file renamed into place): tests wait for the file, never for time to pass.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

extern char** environ;

namespace {

[[noreturn]] void wait_forever() {
  for (;;)
    ::pause();
}

void announce(const char* ready, const std::string& pids) {
  const std::string temporary = std::string(ready) + ".tmp";
  FILE* file = std::fopen(temporary.c_str(), "w");
  if (!file) std::exit(90);
  std::fprintf(file, "%s\n", pids.c_str());
  if (std::fclose(file) != 0 || std::rename(temporary.c_str(), ready) != 0) std::exit(91);
}

void print(const char* text) {
  std::fputs(text, stdout);
  std::fputc('\n', stdout);
  std::fflush(stdout);
}

// Forks a grandchild that ignores SIGTERM (and with `escape`, leaves the process group) and
// returns its pid once it has done so.
pid_t fork_stubborn_grandchild(bool escape) {
  int ready[2];
  if (::pipe(ready) != 0) std::exit(92);
  const pid_t pid = ::fork();
  if (pid < 0) std::exit(93);
  if (pid == 0) {
    ::signal(SIGTERM, SIG_IGN);
    if (escape && ::setsid() < 0) std::_Exit(94);
    ::close(ready[0]);
    if (::write(ready[1], "x", 1) != 1) std::_Exit(95);
    ::close(ready[1]);
    wait_forever();
  }
  ::close(ready[1]);
  char byte = 0;
  if (::read(ready[0], &byte, 1) != 1) std::exit(96);
  ::close(ready[0]);
  return pid;
}

const char* notes_file = nullptr;

// Async-signal-safe: clock_gettime, open, write and close only, and the digits by hand.
void note_sigterm(int) {
  timespec now{};
  ::clock_gettime(CLOCK_MONOTONIC, &now);
  unsigned long long nanoseconds = static_cast<unsigned long long>(now.tv_sec) * 1'000'000'000ULL +
                                   static_cast<unsigned long long>(now.tv_nsec);
  char text[32];
  int at = sizeof text;
  text[--at] = '\n';
  do {
    text[--at] = static_cast<char>('0' + nanoseconds % 10);
    nanoseconds /= 10;
  } while (nanoseconds > 0 && at > 0);
  const int fd = ::open(notes_file, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (fd < 0) return;
  const ssize_t written = ::write(fd, text + at, sizeof text - static_cast<unsigned>(at));
  (void)written;  // a note that cannot be written shows as a missing note in the test
  ::close(fd);
}

int usage() {
  std::fprintf(stderr, "tas_test_child: unknown mode or missing argument\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) return usage();
  const std::string mode = argv[1];
  const char* arg = argc > 2 ? argv[2] : nullptr;
  const std::string self = std::to_string(::getpid());

  if (mode == "exit" && arg) return std::atoi(arg);
  if (mode == "segfault") {
    const rlimit no_core{0, 0};
    ::setrlimit(RLIMIT_CORE, &no_core);
    ::raise(SIGSEGV);
    return 97;
  }
  if (mode == "abort") std::abort();
  if (mode == "print" && argc > 3) {
    std::fputs(argv[2], stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
    std::fputs(argv[3], stderr);
    std::fputc('\n', stderr);
    return 0;
  }
  if (mode == "env") {
    for (char** entry = environ; *entry; ++entry)
      print(*entry);
    if (!arg) return 0;
    announce(arg, self);
    wait_forever();
  }
  if (mode == "cwd") {
    char buffer[4096];
    if (!::getcwd(buffer, sizeof buffer)) return 98;
    print(buffer);
    return 0;
  }
  if (mode == "rlimit-core") {
    rlimit limit{};
    ::getrlimit(RLIMIT_CORE, &limit);
    print(limit.rlim_cur == RLIM_INFINITY ? "unlimited" : std::to_string(limit.rlim_cur).c_str());
    return 0;
  }
  if (!arg) return usage();
  if (mode == "sleep") {
    announce(arg, self);
    wait_forever();
  }
  if (mode == "ignore-term") {
    ::signal(SIGTERM, SIG_IGN);
    announce(arg, self);
    wait_forever();
  }
  if (mode == "note-term" && argc > 3) {
    notes_file = argv[3];
    struct sigaction note {};
    note.sa_handler = note_sigterm;
    ::sigemptyset(&note.sa_mask);
    ::sigaction(SIGTERM, &note, nullptr);
    announce(arg, self);
    wait_forever();
  }
  if (mode == "grandchild-in-group" || mode == "grandchild-then-exit" ||
      mode == "grandchild-setsid") {
    const pid_t grandchild = fork_stubborn_grandchild(mode == "grandchild-setsid");
    announce(arg, self + " " + std::to_string(grandchild));
    if (mode == "grandchild-then-exit") return 0;
    wait_forever();
  }
  return usage();
}
