#include <tas/mocks/fake_clock.hpp>

namespace tas::mocks {

std::chrono::steady_clock::time_point FakeClock::now() {
  std::lock_guard lock(mutex_);
  return now_;
}

std::chrono::system_clock::time_point FakeClock::wall_now() {
  std::lock_guard lock(mutex_);
  return wall_;
}

void FakeClock::sleep_for(std::chrono::milliseconds duration) {
  std::function<void()> hook;
  {
    std::lock_guard lock(mutex_);
    now_ += duration;
    wall_ += duration;
    slept_ += duration;
    hook = hook_;
  }
  if (hook) hook();
}

void FakeClock::advance(std::chrono::milliseconds duration) {
  std::lock_guard lock(mutex_);
  now_ += duration;
  wall_ += duration;
}

void FakeClock::on_sleep(std::function<void()> hook) {
  std::lock_guard lock(mutex_);
  hook_ = std::move(hook);
}

std::chrono::milliseconds FakeClock::slept() const {
  std::lock_guard lock(mutex_);
  return slept_;
}

}  // namespace tas::mocks
