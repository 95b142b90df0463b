#include "load_run.hpp"

#include <algorithm>
#include <cerrno>
#include <memory>
#include <system_error>
#include <vector>

#include "http_exchange.hpp"
#include <sys/epoll.h>
#include <unistd.h>

namespace tas::bench {

namespace {

// A call still unanswered this long when the time is up has stalled, and counts as failed; one
// sent just before is merely cut off, and counts as nothing.
constexpr auto kStalled = std::chrono::seconds(1);
// How soon an exchange that could not connect is looked at again (it waits 10 ms itself).
constexpr auto kRetryTick = std::chrono::milliseconds(5);

class EpollFd {
 public:
  EpollFd() : fd_(::epoll_create1(EPOLL_CLOEXEC)) {
    if (fd_ < 0) throw std::system_error(errno, std::generic_category(), "epoll_create1");
  }
  ~EpollFd() { ::close(fd_); }
  EpollFd(const EpollFd&) = delete;
  EpollFd& operator=(const EpollFd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

int milliseconds_until(Clock::time_point now, Clock::time_point then) {
  if (then <= now) return 0;
  // Rounded up, so that the loop does not spin through the last fraction of a millisecond.
  const auto wait = std::chrono::ceil<std::chrono::milliseconds>(then - now);
  return static_cast<int>(std::min<std::chrono::milliseconds::rep>(wait.count(), 1000));
}

}  // namespace

LoadResult run_load(const LoadPlan& plan) {
  const EpollFd epoll;
  LoadResult result;
  // Room for a fast server's calls, so that growing the vector does not show in the latencies.
  result.tally.latencies_us.reserve(1 << 20);
  // Exchanges are handed to epoll by address, so they must not move.
  std::vector<std::unique_ptr<HttpExchange>> exchanges;
  for (int i = 0; i < plan.connections; ++i) {
    exchanges.push_back(
        std::make_unique<HttpExchange>(epoll.get(), plan.server, plan.request, result.tally));
  }

  const auto started = Clock::now();
  const auto measuring_from = started + std::chrono::duration_cast<Clock::duration>(plan.warm_up);
  const auto end = measuring_from + std::chrono::duration_cast<Clock::duration>(plan.measured);
  for (auto& exchange : exchanges)
    exchange->start();

  std::vector<epoll_event> events(exchanges.size());
  bool measuring = false;
  auto now = Clock::now();
  auto measured_since = now;
  while (now < end) {
    if (!measuring && now >= measuring_from) {
      result.tally.clear();
      measuring = true;
      measured_since = now;
    }
    const auto wake_at = std::min(measuring ? end : measuring_from, now + kRetryTick);
    const int ready = ::epoll_wait(epoll.get(), events.data(), static_cast<int>(events.size()),
                                   milliseconds_until(now, wake_at));
    if (ready < 0 && errno != EINTR) {
      throw std::system_error(errno, std::generic_category(), "epoll_wait");
    }
    for (int i = 0; i < ready; ++i) {
      static_cast<HttpExchange*>(events[static_cast<std::size_t>(i)].data.ptr)
          ->on_events(events[static_cast<std::size_t>(i)].events);
    }
    now = Clock::now();
    for (auto& exchange : exchanges)
      exchange->retry_if_due(now);
  }
  if (!measuring) result.tally.clear();  // the warm-up alone ran, stalled past the end
  result.measured_seconds = std::chrono::duration<double>(now - measured_since).count();
  for (const auto& exchange : exchanges) {
    if (exchange->unanswered_since(now - kStalled)) ++result.tally.failures;
  }
  return result;
}

}  // namespace tas::bench
