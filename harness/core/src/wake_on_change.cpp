#include <algorithm>
#include <array>
#include <cerrno>
#include <mutex>

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

void discard_events(int inotify) {
  alignas(inotify_event) std::array<char, 4096> events{};
  while (::read(inotify, events.data(), events.size()) > 0) {
  }
}

// Inotify instances without watches, for the next WakeOnChange (see the class comment). As many
// are kept as were ever in use at once, up to a bound; one past it is closed after all.
class InotifyPool {
 public:
  static InotifyPool& instance() {
    static InotifyPool* pool = new InotifyPool;  // never destroyed: the descriptors end with us
    return *pool;
  }

  UniqueFd take() {
    {
      const std::lock_guard lock(mutex_);
      if (!idle_.empty()) {
        UniqueFd inotify = std::move(idle_.back());
        idle_.pop_back();
        return inotify;
      }
    }
    return UniqueFd(::inotify_init1(IN_NONBLOCK | IN_CLOEXEC));
  }

  // `inotify` has no watches left; what they queued before they were removed is discarded here,
  // so the next user is not woken by another's changes.
  void give_back(UniqueFd inotify) {
    discard_events(inotify.get());
    const std::lock_guard lock(mutex_);
    if (idle_.size() < kKept) idle_.push_back(std::move(inotify));
  }

 private:
  static constexpr std::size_t kKept = 16;
  std::mutex mutex_;
  std::vector<UniqueFd> idle_;
};

}  // namespace

WakeOnChange::WakeOnChange()
    : events_(::epoll_create1(EPOLL_CLOEXEC)), inotify_(InotifyPool::instance().take()) {
  if (!events_ || !inotify_) return;
  epoll_event readable{.events = EPOLLIN, .data = {.fd = inotify_.get()}};
  ::epoll_ctl(events_.get(), EPOLL_CTL_ADD, inotify_.get(), &readable);
}

WakeOnChange::~WakeOnChange() {
  events_.reset();
  if (!inotify_) return;
  for (const Wanted& wanted : wanted_) {
    if (wanted.watch >= 0) (void)::inotify_rm_watch(inotify_.get(), wanted.watch);
  }
  InotifyPool::instance().give_back(std::move(inotify_));
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
  if (!inotify_ || wanted.watch >= 0) return;
  wanted.watch = ::inotify_add_watch(inotify_.get(), wanted.path.c_str(), wanted.mask);
}

void WakeOnChange::drain() {
  // The events themselves do not matter, only that something changed: the wait looks again.
  if (inotify_) discard_events(inotify_.get());
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
