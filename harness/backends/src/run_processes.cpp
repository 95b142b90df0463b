#include "run_processes.hpp"

#include <algorithm>
#include <cerrno>

#include "poll_until.hpp"
#include <fmt/format.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

namespace tas {
namespace {

using Clock = std::chrono::steady_clock;

std::vector<SeenProcess> look_at(const std::vector<int>& pids) {
  const int self = ::getpid();
  std::vector<SeenProcess> seen;
  for (const int pid : pids) {
    if (pid == self) continue;
    const auto stat = read_proc_stat(pid);
    if (!stat || stat->ended()) continue;
    seen.push_back({*stat, read_environ_value(pid, kRunMarkerName)});
  }
  return seen;
}

constexpr std::string_view kOrphanReason = "orphan reparented to the harness (child subreaper)";

struct Claim {
  int pid = 0;
  std::uint64_t start_time = 0;
  std::size_t run = 0;  // index into the runs
  std::string reason;
};

bool is_leader(const SeenProcess& process, const RegisteredGroup& group) {
  return process.stat.pid == group.leader_pid && process.stat.start_time == group.leader_start_time;
}

bool in_live_group(const SeenProcess& process, const RunRecord& record) {
  return std::any_of(record.groups.begin(), record.groups.end(), [&](const RegisteredGroup& group) {
    return !group.ended && process.stat.process_group == group.pgid;
  });
}

// Which of the seen processes belong to the runs, and why. A recorded group counts only while it
// provably is still the run's: its leader lives with its recorded start time (then its pid, and
// so the group id, cannot have been reused), or a member carries the run's marker.
std::vector<Claim> claim_processes(const std::vector<SeenProcess>& seen,
                                   const std::vector<const RunRecord*>& runs, int adopting_parent) {
  std::vector<Claim> claims;
  std::set<int> claimed;
  for (std::size_t run = 0; run < runs.size(); ++run) {
    const RunRecord& record = *runs[run];
    std::vector<const RegisteredGroup*> ours;
    for (const RegisteredGroup& group : record.groups) {
      const bool proven = std::any_of(seen.begin(), seen.end(), [&](const SeenProcess& process) {
        return is_leader(process, group) ||
               (process.stat.process_group == group.pgid && process.marker == record.run_id);
      });
      if (proven) ours.push_back(&group);
    }
    for (const SeenProcess& process : seen) {
      std::string reason;
      for (const RegisteredGroup* group : ours) {
        if (is_leader(process, *group)) {
          reason = fmt::format("leader of group {} ({})", group->pgid, group->role);
          break;
        }
        if (process.stat.process_group == group->pgid && reason.empty()) {
          reason = fmt::format("member of group {} ({})", group->pgid, group->role);
        }
      }
      if (reason.empty() && process.marker == record.run_id) {
        reason = fmt::format("carries {}={}", kRunMarkerName, record.run_id);
      }
      if (reason.empty() && run == 0 && adopting_parent != 0 &&
          process.stat.ppid == adopting_parent &&
          std::none_of(record.groups.begin(), record.groups.end(),
                       [&](const RegisteredGroup& group) { return is_leader(process, group); })) {
        reason = std::string(kOrphanReason);
      }
      if (reason.empty() || !claimed.insert(process.stat.pid).second) continue;
      claims.push_back({process.stat.pid, process.stat.start_time, run, std::move(reason)});
    }
  }
  return claims;
}

}  // namespace

std::vector<SeenProcess> every_process() {
  return look_at(list_process_ids());
}

std::vector<SeenProcess> own_descendants() {
  return look_at(descendants_of(::getpid()));
}

RunProcessEnder::RunProcessEnder(std::vector<const RunRecord*> runs, LookAtProcesses look,
                                 int adopting_parent)
    : runs_(std::move(runs)), look_(std::move(look)), adopting_parent_(adopting_parent) {}

std::size_t RunProcessEnder::adopt(bool outside_live_groups) {
  const std::size_t first_new = tracked_.size();
  std::vector<SeenProcess> seen = look_();
  if (outside_live_groups) {
    std::erase_if(seen, [&](const SeenProcess& process) {
      return std::any_of(runs_.begin(), runs_.end(),
                         [&](const RunRecord* record) { return in_live_group(process, *record); });
    });
  }
  for (Claim& claim : claim_processes(seen, runs_, adopting_parent_)) {
    if (!known_.insert({claim.pid, claim.start_time}).second) continue;
    auto handle = ProcessHandle::open(claim.pid, claim.start_time);
    if (!handle) continue;  // ended in the meantime
    const bool orphan = claim.reason == kOrphanReason;
    ReapedProcess record{claim.pid, claim.start_time, runs_[claim.run]->run_id,
                         std::move(claim.reason)};
    tracked_.push_back({std::move(*handle), claim.run, std::move(record), orphan, Clock::now()});
  }
  return first_new;
}

bool RunProcessEnder::all_ended() const {
  return std::all_of(tracked_.begin(), tracked_.end(),
                     [](const TrackedProcess& process) { return process.handle.ended(); });
}

void RunProcessEnder::terminate_new(bool outside_live_groups) {
  for (std::size_t i = adopt(outside_live_groups); i < tracked_.size(); ++i) {
    tracked_[i].handle.signal(SIGTERM);
    tracked_[i].handle.signal(SIGCONT);  // a stopped process acts on SIGTERM only once it runs
    tracked_[i].terminated_at = Clock::now();
  }
}

void RunProcessEnder::take_over(std::vector<TrackedProcess> processes) {
  for (TrackedProcess& process : processes) {
    if (!known_.insert({process.record.pid, process.record.start_time}).second) continue;
    tracked_.push_back(std::move(process));
  }
}

void RunProcessEnder::finish(std::chrono::milliseconds grace, std::chrono::milliseconds kill_wait) {
  Clock::time_point grace_ends = Clock::now();
  for (const TrackedProcess& process : tracked_)
    grace_ends = std::max(grace_ends, process.terminated_at + grace);
  (void)poll_until(grace_ends, [&] { return all_ended(); });
  (void)poll_until(Clock::now() + kill_wait, [&] {
    (void)adopt(false);
    for (TrackedProcess& process : tracked_) {
      if (process.record.needed_sigkill || process.handle.ended()) continue;
      process.handle.signal(SIGKILL);
      process.record.needed_sigkill = true;
    }
    return all_ended();
  });
  // An ended orphan is a zombie child of ours: nobody else will ever reap it.
  for (const TrackedProcess& process : tracked_) {
    if (!process.adopted || !process.handle.ended()) continue;
    int status = 0;
    while (::waitpid(process.record.pid, &status, WNOHANG) < 0 && errno == EINTR) {
    }
  }
}

}  // namespace tas
