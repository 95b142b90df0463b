#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace tas::test {

// Pids of live processes (zombies excluded) whose environment has `name=value`: how a test finds
// every process of a run (TEST_AS_SELF_RUN=<run id>) or of a home (HOME=<home>), wherever it went.
[[nodiscard]] std::vector<int> live_processes_with_environment(std::string_view name,
                                                               std::string_view value);

// Looks at `condition` until it holds or `timeout` passes (short pauses between looks; never a
// fixed sleep standing in for synchronization). Returns whether it held.
bool eventually(const std::function<bool()>& condition,
                std::chrono::milliseconds timeout = std::chrono::seconds(10));

// SIGKILL to each pid: the last resort of a test that found something left behind, so that one
// failure does not leak processes into the next test.
void kill_all(const std::vector<int>& pids);

}  // namespace tas::test
