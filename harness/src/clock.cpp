#include <cerrno>
#include <ctime>

#include <tas/clock.hpp>
#include <tas/deadline.hpp>

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

std::chrono::milliseconds Deadline::remaining() const {
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(at_ - clock_->now());
  return left.count() > 0 ? left : std::chrono::milliseconds(0);
}

}  // namespace tas
