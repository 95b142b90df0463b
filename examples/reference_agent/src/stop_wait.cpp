#include "stop_wait.hpp"

#include <condition_variable>
#include <mutex>

namespace tas::reference_agent {

bool wait_for_stop(const std::stop_token& stop, std::chrono::milliseconds duration) {
  std::mutex mutex;
  std::condition_variable_any woken;
  std::unique_lock lock(mutex);
  // The predicate never becomes true: only the stop request or the timeout ends the wait.
  woken.wait_for(lock, stop, duration, [] { return false; });
  return stop.stop_requested();
}

}  // namespace tas::reference_agent
