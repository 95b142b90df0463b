#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include <sys/types.h>

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

// The content of /proc/<pid>/<name> ("" once the process is gone).
[[nodiscard]] std::string proc_file(int pid, std::string_view name);

// True while any process (a zombie included) is in process group `group`.
[[nodiscard]] bool process_group_exists(pid_t group);

// Makes this process the child subreaper, so that grandchildren a child leaves behind become its
// children and can be reaped by the test instead of lingering under init.
void become_child_subreaper();

}  // namespace tas::test
