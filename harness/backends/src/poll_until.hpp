#pragma once

#include <chrono>
#include <functional>

namespace tas {

// Checks `done` until it holds or `deadline` passes, sleeping between checks: 1 ms at first,
// doubling up to 20 ms, so that a process that ends at once is noticed at once and a long wait
// costs little. Returns the last result of `done`.
//
// The run's Waiter (wait.hpp) is not used here on purpose: stopping processes must finish even
// while an interrupting signal is pending (teardown runs *because* of it), and it happens in real
// time whatever clock the run was given.
bool poll_until(std::chrono::steady_clock::time_point deadline, const std::function<bool()>& done);

}  // namespace tas
