#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace tas {

// The run's sense of time. Everything that waits or measures goes through a Clock, so the unit
// tier can run on a fake clock that advances when slept on and never really sleeps.
class Clock {
 public:
  virtual ~Clock() = default;
  // Monotonic time for deadlines and durations.
  virtual std::chrono::steady_clock::time_point now() = 0;
  // Calendar time for report timestamps and message texts.
  virtual std::chrono::system_clock::time_point wall_now() = 0;
  // Pause between two checks of a wait condition; a signal may end it early.
  virtual void sleep_for(std::chrono::milliseconds duration) = 0;
  // The same pause, ended early too when `wake_fd` becomes readable (something the wait watches
  // changed). A clock that does not really sleep just pauses.
  virtual void sleep_unless_woken(std::chrono::milliseconds duration, int wake_fd) {
    (void)wake_fd;
    sleep_for(duration);
  }
};

class SystemClock final : public Clock {
 public:
  std::chrono::steady_clock::time_point now() override;
  std::chrono::system_clock::time_point wall_now() override;
  void sleep_for(std::chrono::milliseconds duration) override;
  void sleep_unless_woken(std::chrono::milliseconds duration, int wake_fd) override;
};

// Calendar time as microseconds since the epoch: what the report records beside an agent's own
// timestamps of the same events.
[[nodiscard]] std::int64_t epoch_microseconds(std::chrono::system_clock::time_point when);

// "2026-11-23T10:05:03.123Z": calendar time as reports, records and messages write it.
[[nodiscard]] std::string iso8601_utc(std::chrono::system_clock::time_point when);

}  // namespace tas
