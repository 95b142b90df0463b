#pragma once

#include <chrono>

#include <tas/core/clock.hpp>

namespace tas {

// A point in time by which something must be done, read on a Clock.
class Deadline {
 public:
  Deadline(Clock& clock, std::chrono::steady_clock::time_point at) : clock_(&clock), at_(at) {}
  static Deadline after(Clock& clock, std::chrono::milliseconds budget) {
    return {clock, clock.now() + budget};
  }

  [[nodiscard]] std::chrono::steady_clock::time_point at() const { return at_; }
  [[nodiscard]] bool expired() const { return clock_->now() >= at_; }
  // Never negative.
  [[nodiscard]] std::chrono::milliseconds remaining() const;
  // The earlier of the two deadlines.
  [[nodiscard]] Deadline earliest(const Deadline& other) const {
    return other.at_ < at_ ? other : *this;
  }
  [[nodiscard]] Clock& clock() const { return *clock_; }

 private:
  Clock* clock_;
  std::chrono::steady_clock::time_point at_;
};

}  // namespace tas
