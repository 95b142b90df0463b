// A wait that watches what it depends on sees a change at once, not at its next look: with looks
// a minute apart and half a minute to wait, only the wake-up can end the wait well before its
// deadline. Each change
// is made by the condition itself after a look has missed — the event is then queued before the
// pause begins, so nothing here depends on timing.

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <sstream>
#include <vector>

#include "temp_dir.hpp"
#include <gtest/gtest.h>
#include <poll.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <tas/core/clock.hpp>
#include <tas/core/wait.hpp>
#include <tas/core/wake_on_change.hpp>
#include <tas/mocks/recording_progress.hpp>

namespace tas {
namespace {

using namespace std::chrono_literals;

class WakeOnChangeTest : public ::testing::Test {
 protected:
  // Waits until `path` exists, looking once a minute unless woken. `after_miss` runs after each
  // look that missed, with the number of that look.
  WaitOutcome wait_for_file(const std::filesystem::path& path, std::shared_ptr<WakeOnChange> wakes,
                            const std::function<void(int)>& after_miss) {
    WaitSpec spec{"the file", Deadline::after(clock_, 30s)};
    spec.interval = 60s;
    spec.wakes = std::move(wakes);
    int looks = 0;
    return Waiter(clock_, progress_).wait(spec, [&]() {
      if (std::filesystem::exists(path)) return Probe::ready();
      after_miss(++looks);
      return Probe::not_yet("not there yet");
    });
  }

  test::TempDir dir_;
  SystemClock clock_;
  mocks::RecordingProgress progress_;
};

TEST_F(WakeOnChangeTest, AFileRenamedIntoAWatchedDirectoryEndsThePauseAtOnce) {
  const auto state = dir_.path() / "state";
  std::filesystem::create_directory(state);
  auto wakes = std::make_shared<WakeOnChange>();
  ASSERT_GE(wakes->fd(), 0) << "inotify is not available";
  wakes->watch_directory(state);
  const auto lease = state / "lease.json";
  const WaitOutcome outcome = wait_for_file(lease, wakes, [&](int) {
    std::ofstream(state / "lease.json.tmp") << "{}";  // an atomic write, as agents do
    std::filesystem::rename(state / "lease.json.tmp", lease);
  });
  EXPECT_TRUE(outcome.ready()) << outcome.why;
  EXPECT_LT(outcome.waited, 20s) << "the wait slept through the change to its deadline";
}

TEST_F(WakeOnChangeTest, ALineAppendedToAWatchedLogEndsThePauseAtOnce) {
  const auto log = dir_.path() / "server.log";
  std::ofstream(log) << "starting\n";
  auto wakes = std::make_shared<WakeOnChange>();
  wakes->watch_file(log);
  WaitSpec spec{"the line", Deadline::after(clock_, 30s)};
  spec.interval = 60s;
  spec.wakes = wakes;
  const WaitOutcome outcome = Waiter(clock_, progress_).wait(spec, [&]() {
    std::ifstream in(log);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (text.find("lease detected") != std::string::npos) return Probe::ready();
    std::ofstream(log, std::ios::app) << "lease detected\n";
    return Probe::not_yet("no line yet");
  });
  EXPECT_TRUE(outcome.ready()) << outcome.why;
  EXPECT_LT(outcome.waited, 20s) << "the wait slept through the change to its deadline";
}

TEST_F(WakeOnChangeTest, ADirectoryThatAppearsLaterIsWatchedFromTheNextWakeUp) {
  const auto state = dir_.path() / "state";  // not there yet
  auto wakes = std::make_shared<WakeOnChange>();
  wakes->watch_directory(dir_.path());  // sees the state directory appear
  wakes->watch_directory(state);
  const auto lease = state / "lease.json";
  const WaitOutcome outcome = wait_for_file(lease, wakes, [&](int look) {
    // The directory's appearance wakes the wait, which then watches it; the lease written after
    // the next look wakes it again — only if the new directory is watched.
    if (look == 1) std::filesystem::create_directory(state);
    if (look == 2) std::ofstream(lease) << "{}";
  });
  EXPECT_TRUE(outcome.ready()) << outcome.why;
  EXPECT_LT(outcome.waited, 20s) << "the late directory was not watched";
}

TEST_F(WakeOnChangeTest, AWatchedProcessThatEndsEndsThePauseAtOnce) {
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    ::pause();  // until the signal below
    ::_exit(0);
  }
  const int exit_fd = static_cast<int>(::syscall(SYS_pidfd_open, child, 0));
  ASSERT_GE(exit_fd, 0);
  auto wakes = std::make_shared<WakeOnChange>();
  wakes->watch_exit(exit_fd);
  WaitSpec spec{"the child to end", Deadline::after(clock_, 30s)};
  spec.interval = 60s;
  spec.wakes = wakes;
  const WaitOutcome outcome = Waiter(clock_, progress_).wait(spec, [&]() {
    int status = 0;
    if (::waitpid(child, &status, WNOHANG) == child) return Probe::ready();
    ::kill(child, SIGTERM);
    return Probe::not_yet("still running");
  });
  ::close(exit_fd);
  EXPECT_TRUE(outcome.ready()) << outcome.why;
  EXPECT_LT(outcome.waited, 20s) << "the wait slept through the child's end";
}

TEST_F(WakeOnChangeTest, WithoutAWatchTheWaitSleepsToItsNextLook) {
  // The other side of the tests above, so that they cannot pass by accident: the same change with
  // nothing watched is seen only at the next look.
  const auto lease = dir_.path() / "lease.json";
  WaitSpec spec{"the file", Deadline::after(clock_, 30s)};
  spec.interval = 300ms;
  const WaitOutcome outcome = Waiter(clock_, progress_).wait(spec, [&]() {
    if (std::filesystem::exists(lease)) return Probe::ready();
    std::ofstream(lease) << "{}";
    return Probe::not_yet("not there yet");
  });
  ASSERT_TRUE(outcome.ready());
  EXPECT_GE(outcome.waited, 300ms);
}

// The watch descriptors on `watched` that this process's inotify instances hold, read from
// /proc/self/fdinfo ("inotify wd:3 ino:1a2b sdev:..."). An instance numbers its watches 1, 2, 3…,
// so a descriptor above 1 shows an instance used before.
std::vector<int> watch_descriptors_on(const std::filesystem::path& watched) {
  struct stat info {};
  EXPECT_EQ(::stat(watched.c_str(), &info), 0);
  std::ostringstream wanted;
  wanted << " ino:" << std::hex << info.st_ino << " ";
  std::vector<int> found;
  for (const auto& entry : std::filesystem::directory_iterator("/proc/self/fdinfo")) {
    std::ifstream in(entry.path());
    for (std::string line; std::getline(in, line);) {
      if (line.rfind("inotify wd:", 0) == 0 && line.find(wanted.str()) != std::string::npos)
        found.push_back(std::stoi(line.substr(std::string("inotify wd:").size())));
    }
  }
  return found;
}

bool readable_now(int fd) {
  pollfd entry{.fd = fd, .events = POLLIN, .revents = 0};
  return ::poll(&entry, 1, 0) > 0;
}

TEST_F(WakeOnChangeTest, WaitsOneAfterAnotherReuseOneInotifyInstance) {
  // Closing an inotify instance waits for an RCU grace period (milliseconds on a busy machine),
  // and a user has only 128 of them: a wait that ends gives its instance back, not closes it.
  std::vector<int> seen;
  for (int i = 0; i < 3; ++i) {
    WakeOnChange wakes;
    ASSERT_GE(wakes.fd(), 0) << "inotify is not available";
    wakes.watch_directory(dir_.path());
    const std::vector<int> now = watch_descriptors_on(dir_.path());
    ASSERT_EQ(now.size(), 1u) << "one wait, one watch on the directory";
    seen.push_back(now.front());
  }
  EXPECT_LT(seen[0], seen[1]) << "the second wait's watch is its instance's first: a new one";
  EXPECT_LT(seen[1], seen[2]) << "the third wait's watch is its instance's first: a new one";
  EXPECT_TRUE(watch_descriptors_on(dir_.path()).empty()) << "a watch outlived its wait";
}

TEST_F(WakeOnChangeTest, AReusedInstanceIsNotWokenByItsPreviousWatches) {
  const auto old_dir = dir_.path() / "old";
  const auto new_dir = dir_.path() / "new";
  std::filesystem::create_directory(old_dir);
  std::filesystem::create_directory(new_dir);
  {
    WakeOnChange previous;
    previous.watch_directory(old_dir);
    std::ofstream(old_dir / "queued-before-the-end") << "x";  // an event left unread
    ASSERT_TRUE(readable_now(previous.fd()));
  }
  WakeOnChange next;  // the same instance, from the pool
  next.watch_directory(new_dir);
  EXPECT_FALSE(readable_now(next.fd())) << "woken by a change queued for the previous user";
  std::ofstream(old_dir / "after-the-end") << "x";
  EXPECT_FALSE(readable_now(next.fd())) << "still watching the previous user's directory";
  std::ofstream(new_dir / "its-own") << "x";
  EXPECT_TRUE(readable_now(next.fd())) << "not woken by a change it watches";
}

}  // namespace
}  // namespace tas
