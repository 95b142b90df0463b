#include <cerrno>
#include <ctime>

#include <fmt/format.h>
#include <poll.h>

#include <tas/core/clock.hpp>
#include <tas/core/deadline.hpp>

namespace tas {

std::chrono::steady_clock::time_point SystemClock::now() {
  return std::chrono::steady_clock::now();
}

std::chrono::system_clock::time_point SystemClock::wall_now() {
  return std::chrono::system_clock::now();
}

void SystemClock::sleep_for(std::chrono::milliseconds duration) {
  // nanosleep, not std::this_thread::sleep_for: a signal ends it early (EINTR) instead of being
  // slept through, so an interrupted run reacts at once.
  if (duration.count() <= 0) return;
  timespec request{};
  request.tv_sec = static_cast<time_t>(duration.count() / 1000);
  request.tv_nsec = static_cast<long>((duration.count() % 1000) * 1'000'000);
  (void)::nanosleep(&request, nullptr);
}

void SystemClock::sleep_unless_woken(std::chrono::milliseconds duration, int wake_fd) {
  if (duration.count() <= 0) return;
  if (wake_fd < 0) {
    sleep_for(duration);
    return;
  }
  // poll() also ends early on a signal (EINTR), as nanosleep does.
  pollfd wake{.fd = wake_fd, .events = POLLIN, .revents = 0};
  (void)::poll(&wake, 1, static_cast<int>(duration.count()));
}

std::chrono::milliseconds Deadline::remaining() const {
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(at_ - clock_->now());
  return left.count() > 0 ? left : std::chrono::milliseconds(0);
}

std::int64_t epoch_microseconds(std::chrono::system_clock::time_point when) {
  return std::chrono::duration_cast<std::chrono::microseconds>(when.time_since_epoch()).count();
}

std::string iso8601_utc(std::chrono::system_clock::time_point when) {
  const auto since_epoch = when.time_since_epoch();
  const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(since_epoch);
  const auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(since_epoch - seconds);
  const std::time_t t = static_cast<std::time_t>(seconds.count());
  std::tm utc{};
  ::gmtime_r(&t, &utc);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", utc.tm_year + 1900,
                     utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec,
                     millis.count());
}

}  // namespace tas
