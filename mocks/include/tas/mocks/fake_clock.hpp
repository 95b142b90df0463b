#pragma once

#include <chrono>
#include <functional>
#include <mutex>

#include <tas/core/clock.hpp>

namespace tas::mocks {

// A clock that stands still until slept on or advanced, so the unit tier never really waits:
// a 150 s wait takes no time at all, and a deadline can be made to pass at an exact point.
class FakeClock final : public Clock {
 public:
  std::chrono::steady_clock::time_point now() override;
  std::chrono::system_clock::time_point wall_now() override;
  // Advances the clock by `duration` at once, then calls the sleep hook (if any).
  void sleep_for(std::chrono::milliseconds duration) override;

  void advance(std::chrono::milliseconds duration);
  // Called after every sleep_for: lets a test change the world while the run waits.
  void on_sleep(std::function<void()> hook);
  [[nodiscard]] std::chrono::milliseconds slept() const;

 private:
  mutable std::mutex mutex_;
  std::chrono::steady_clock::time_point now_{std::chrono::hours(1000)};
  std::chrono::system_clock::time_point wall_{
      std::chrono::sys_days{std::chrono::year{2026} / 11 / 23}};
  std::chrono::milliseconds slept_{0};
  std::function<void()> hook_;
};

}  // namespace tas::mocks
