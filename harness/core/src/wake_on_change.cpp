#include <array>
#include <cerrno>

#include <sys/inotify.h>
#include <unistd.h>

#include <tas/core/wake_on_change.hpp>

namespace tas {

WakeOnChange::WakeOnChange() : inotify_(::inotify_init1(IN_NONBLOCK | IN_CLOEXEC)) {}

void WakeOnChange::watch_directory(std::filesystem::path directory) {
  wanted_.push_back({std::move(directory), IN_CREATE | IN_CLOSE_WRITE | IN_MOVED_TO | IN_MODIFY});
  try_watch(wanted_.back());
}

void WakeOnChange::watch_file(std::filesystem::path file) {
  wanted_.push_back({std::move(file), IN_MODIFY});
  try_watch(wanted_.back());
}

void WakeOnChange::try_watch(Wanted& wanted) const {
  if (!inotify_ || wanted.watched) return;
  wanted.watched = ::inotify_add_watch(inotify_.get(), wanted.path.c_str(), wanted.mask) >= 0;
}

void WakeOnChange::drain() {
  if (!inotify_) return;
  // The events themselves do not matter, only that something changed: the wait looks again.
  alignas(inotify_event) std::array<char, 4096> events{};
  while (::read(inotify_.get(), events.data(), events.size()) > 0) {
  }
  for (Wanted& wanted : wanted_)
    try_watch(wanted);
}

}  // namespace tas
