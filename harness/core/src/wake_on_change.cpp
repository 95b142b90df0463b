#include <algorithm>
#include <array>
#include <cerrno>

#include <poll.h>
#include <sys/epoll.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <tas/core/wake_on_change.hpp>

namespace tas {

namespace {

bool readable_now(int fd) {
  pollfd entry{.fd = fd, .events = POLLIN, .revents = 0};
  return ::poll(&entry, 1, 0) > 0;
}

}  // namespace

WakeOnChange::WakeOnChange()
    : events_(::epoll_create1(EPOLL_CLOEXEC)), inotify_(::inotify_init1(IN_NONBLOCK | IN_CLOEXEC)) {
  if (!events_ || !inotify_) return;
  epoll_event readable{.events = EPOLLIN, .data = {.fd = inotify_.get()}};
  ::epoll_ctl(events_.get(), EPOLL_CTL_ADD, inotify_.get(), &readable);
}

void WakeOnChange::watch_exit(int exit_fd) {
  if (!events_ || exit_fd < 0) return;
  epoll_event readable{.events = EPOLLIN, .data = {.fd = exit_fd}};
  if (::epoll_ctl(events_.get(), EPOLL_CTL_ADD, exit_fd, &readable) == 0) exits_.push_back(exit_fd);
}

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
  // The events themselves do not matter, only that something changed: the wait looks again.
  if (inotify_) {
    alignas(inotify_event) std::array<char, 4096> events{};
    while (::read(inotify_.get(), events.data(), events.size()) > 0) {
    }
  }
  // An ended process's descriptor stays readable: watched further, it would end every pause.
  std::erase_if(exits_, [this](int exit_fd) {
    if (!readable_now(exit_fd)) return false;
    ::epoll_ctl(events_.get(), EPOLL_CTL_DEL, exit_fd, nullptr);
    return true;
  });
  for (Wanted& wanted : wanted_)
    try_watch(wanted);
}

}  // namespace tas
