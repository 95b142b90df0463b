#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <tas/backends/proc_fs.hpp>
#include <tas/backends/process_handle.hpp>
#include <tas/backends/process_registry.hpp>
#include <tas/backends/reap_abandoned_runs.hpp>

namespace tas {

// A live process as the search for a run's processes sees it.
struct SeenProcess {
  ProcStat stat;
  std::optional<std::string> marker;  // the value of TEST_AS_SELF_RUN, when it carries one
};

// Where to look for a run's processes.
using LookAtProcesses = std::function<std::vector<SeenProcess>()>;

// Every live process on the machine but the caller: the only place the processes of a run whose
// harness is gone can be, since they were reparented to whoever adopts orphans.
[[nodiscard]] std::vector<SeenProcess> every_process();

// The live descendants of the caller: everything a live harness started is among them (the CLI
// is a child subreaper, so even an orphan comes back to it), and nothing else needs a look.
[[nodiscard]] std::vector<SeenProcess> own_descendants();

// A process claimed for a run and signalled, held by identity.
struct TrackedProcess {
  ProcessHandle handle;
  std::size_t run = 0;  // index into the runs being ended
  ReapedProcess record;
  bool adopted = false;  // our own child now: ours to reap once it has ended
  std::chrono::steady_clock::time_point terminated_at;  // when it got SIGTERM
};

// Ends the processes of some runs by the rules of reap_abandoned_runs.hpp: SIGTERM (and SIGCONT)
// to what it claims, a grace, then SIGKILL until none is left. Looks again while killing, since a
// process may fork as it goes.
class RunProcessEnder {
 public:
  // `adopting_parent`, when not 0, is the harness itself as a child subreaper: its live children
  // that are not the run's recorded group leaders are orphans of the run's processes (a daemon
  // that left its group and cleared its environment has no other trace) and are claimed for
  // runs[0].
  RunProcessEnder(std::vector<const RunRecord*> runs, LookAtProcesses look, int adopting_parent);

  // Claims what it sees of the runs and does not track yet, and sends it SIGTERM and SIGCONT;
  // with `outside_live_groups`, only what is outside every recorded group that has not ended
  // (those are stopped as groups).
  void terminate_new(bool outside_live_groups = false);
  // Takes over processes an earlier ender signalled (their grace counts from their SIGTERM).
  void take_over(std::vector<TrackedProcess> processes);
  // Waits until everything tracked has ended or the grace of each (from its SIGTERM) has passed;
  // then SIGKILL until none is left or `kill_wait` has passed; then reaps ended orphans.
  void finish(std::chrono::milliseconds grace, std::chrono::milliseconds kill_wait);

  [[nodiscard]] std::vector<TrackedProcess>& tracked() { return tracked_; }

 private:
  // Claims what is seen now; returns the index of the first newly tracked process.
  std::size_t adopt(bool outside_live_groups);
  [[nodiscard]] bool all_ended() const;

  std::vector<const RunRecord*> runs_;
  LookAtProcesses look_;
  int adopting_parent_ = 0;
  std::vector<TrackedProcess> tracked_;
  std::set<std::pair<int, std::uint64_t>> known_;
};

}  // namespace tas
