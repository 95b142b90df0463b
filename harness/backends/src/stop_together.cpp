#include <algorithm>
#include <cerrno>
#include <exception>

#include <poll.h>

#include <tas/backends/stop_together.hpp>

namespace tas {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// Between looks at a group whose leader has ended but whose other members have not (nothing to
// sleep on then), and at a process without an exit descriptor: short at first, so that an end
// that comes at once is seen at once, and longer as the wait goes on, so that it costs little.
constexpr milliseconds kFirstPause{1};
constexpr milliseconds kLongestPause{20};

int poll_timeout_ms(Clock::duration timeout) {
  // Rounded up: a timeout rounded down to 0 ms would spin until the deadline.
  const auto ms = std::chrono::ceil<milliseconds>(timeout).count();
  return static_cast<int>(std::clamp<std::int64_t>(ms, 0, 60'000));
}

}  // namespace

std::vector<StopOutcome> stop_together(std::span<Process* const> processes, milliseconds grace) {
  std::vector<StopOutcome> outcomes(processes.size());
  std::vector<bool> settled(processes.size(), false);  // its group is empty, or it failed
  auto fail = [&](std::size_t index, const std::exception& error) {
    outcomes[index].problem = error.what();
    settled[index] = true;
  };

  for (std::size_t i = 0; i < processes.size(); ++i) {
    try {
      processes[i]->request_stop();
    } catch (const std::exception& error) {
      fail(i, error);
    }
  }

  const auto deadline = Clock::now() + grace;
  milliseconds pause = kFirstPause;
  for (;;) {
    std::vector<pollfd> exits;  // the running leaders: the wait wakes when one of them ends
    bool look_again_soon = false;
    for (std::size_t i = 0; i < processes.size(); ++i) {
      if (settled[i]) continue;
      try {
        if (!processes[i]->group_alive()) {
          settled[i] = true;
          continue;
        }
        const int descriptor = processes[i]->exit_descriptor();
        if (descriptor >= 0 && !processes[i]->poll()) {
          exits.push_back({descriptor, POLLIN, 0});
        } else {
          look_again_soon = true;  // the leader has ended, members of its group have not
        }
      } catch (const std::exception& error) {
        fail(i, error);
      }
    }
    if (std::all_of(settled.begin(), settled.end(), [](bool done) { return done; })) break;
    const auto now = Clock::now();
    if (now >= deadline) break;
    Clock::duration timeout = deadline - now;
    if (look_again_soon) {
      timeout = std::min<Clock::duration>(timeout, pause);
      pause = std::min(pause * 2, kLongestPause);
    }
    // EINTR only means a signal came (teardown may run because of one): look again.
    (void)::poll(exits.data(), exits.size(), poll_timeout_ms(timeout));
  }

  // The deadline has passed (or every group is empty): stop(0ms) sends SIGKILL to what is left
  // and reaps every child.
  for (std::size_t i = 0; i < processes.size(); ++i) {
    if (!outcomes[i].problem.empty()) continue;
    try {
      outcomes[i].exit = processes[i]->stop(milliseconds(0));
    } catch (const std::exception& error) {
      outcomes[i].problem = error.what();
    }
  }
  return outcomes;
}

}  // namespace tas
