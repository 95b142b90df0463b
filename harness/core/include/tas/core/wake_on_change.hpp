#pragma once

#include <cstdint>
#include <filesystem>
#include <vector>

#include <tas/core/unique_fd.hpp>

namespace tas {

// Wakes a wait when something it looks at changes: on disk (inotify) a file created, written or
// renamed into a watched directory — an agent's lease, written atomically — or bytes appended to
// a watched file — a log line; or a watched process ends (its pidfd). The wait then looks at once
// instead of at its next interval.
//
// Best effort by design: a path that cannot be watched (not there yet, not local, out of watches)
// is tried again after each wake-up, and until then the wait's own looks, at its interval, still
// find what it waits for. A wake-up is only a hint to look; it is never taken as the answer.
//
// Its inotify instance comes from a pool kept for the process's lifetime and goes back to it,
// watches removed, when it is destroyed: closing an inotify instance waits for an RCU grace
// period, which on a busy machine takes 5 to 20 ms — a wait that ended would otherwise hold up
// whatever comes next for that long, and every wait would pay it.
class WakeOnChange {
 public:
  WakeOnChange();
  ~WakeOnChange();
  WakeOnChange(const WakeOnChange&) = delete;
  WakeOnChange& operator=(const WakeOnChange&) = delete;

  // A directory: files created, closed after writing, or moved into it.
  void watch_directory(std::filesystem::path directory);
  // A file: bytes written to it.
  void watch_file(std::filesystem::path file);
  // A process's end: `exit_fd` is a descriptor that becomes readable when it has ended (a pidfd,
  // Process::exit_descriptor), owned by the caller and open while this watches it; -1 is ignored.
  void watch_exit(int exit_fd);

  // Readable when something watched changed; -1 when nothing can be watched.
  [[nodiscard]] int fd() const { return events_.get(); }
  // Forgets the changes seen so far (the next wait sleeps until a new one), stops watching the
  // processes that have ended (their descriptors stay readable), and watches what could not be
  // watched before.
  void drain();

 private:
  struct Wanted {
    std::filesystem::path path;
    std::uint32_t mask = 0;
    int watch = -1;  // inotify's watch descriptor, once watched
  };
  void try_watch(Wanted& wanted) const;

  UniqueFd events_;  // an epoll set of the inotify descriptor and the exit descriptors
  UniqueFd inotify_;
  std::vector<Wanted> wanted_;
  std::vector<int> exits_;
};

}  // namespace tas
