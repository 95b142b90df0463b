#include "poll_until.hpp"

#include <algorithm>
#include <thread>

namespace tas {

bool poll_until(std::chrono::steady_clock::time_point deadline, const std::function<bool()>& done) {
  using namespace std::chrono_literals;
  std::chrono::microseconds pause = 1ms;
  for (;;) {
    if (done()) return true;
    const auto now = std::chrono::steady_clock::now();
    if (now >= deadline) return false;
    std::this_thread::sleep_for(std::min<std::chrono::microseconds>(
        pause, std::chrono::duration_cast<std::chrono::microseconds>(deadline - now)));
    pause = std::min<std::chrono::microseconds>(pause * 2, 20ms);
  }
}

}  // namespace tas
