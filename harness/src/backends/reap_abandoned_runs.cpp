#include <algorithm>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>
#include <utility>

#include "poll_until.hpp"
#include <fmt/format.h>
#include <signal.h>
#include <unistd.h>

#include <tas/proc_fs.hpp>
#include <tas/process_handle.hpp>
#include <tas/process_registry.hpp>
#include <tas/reap_abandoned_runs.hpp>

namespace tas {
namespace {

namespace fs = std::filesystem;

struct SeenProcess {
  ProcStat stat;
  std::optional<std::string> marker;  // the value of TEST_AS_SELF_RUN, when it carries one
};

// Every live process but the caller, with its run marker.
std::vector<SeenProcess> look_at_processes() {
  const int self = ::getpid();
  std::vector<SeenProcess> seen;
  for (const int pid : list_process_ids()) {
    if (pid == self) continue;
    const auto stat = read_proc_stat(pid);
    if (!stat || stat->ended()) continue;
    seen.push_back({*stat, read_environ_value(pid, kRunMarkerName)});
  }
  return seen;
}

struct Claim {
  int pid = 0;
  std::uint64_t start_time = 0;
  std::size_t run = 0;  // index into the abandoned runs
  std::string reason;
};

bool is_leader(const SeenProcess& process, const RegisteredGroup& group) {
  return process.stat.pid == group.leader_pid && process.stat.start_time == group.leader_start_time;
}

// Which of the seen processes belong to the abandoned runs, and why. A recorded group counts only
// while it provably is still the run's: its leader lives with its recorded start time (then its
// pid, and so the group id, cannot have been reused), or a member carries the run's marker.
std::vector<Claim> claim_processes(const std::vector<SeenProcess>& seen,
                                   const std::vector<const RunRecord*>& runs) {
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
      if (reason.empty() || !claimed.insert(process.stat.pid).second) continue;
      claims.push_back({process.stat.pid, process.stat.start_time, run, std::move(reason)});
    }
  }
  return claims;
}

struct Tracked {
  ProcessHandle handle;
  std::size_t run = 0;
  ReapedProcess record;
};

// Ends every process of the given runs: SIGTERM, the grace, then SIGKILL until none is left or
// kill_wait has passed. Looks again while killing, since a process may fork as it goes.
std::vector<Tracked> end_processes(const std::vector<const RunRecord*>& runs,
                                   const ReapOptions& options) {
  std::vector<Tracked> tracked;
  std::set<std::pair<int, std::uint64_t>> known;
  auto adopt = [&] {
    for (Claim& claim : claim_processes(look_at_processes(), runs)) {
      if (!known.insert({claim.pid, claim.start_time}).second) continue;
      auto handle = ProcessHandle::open(claim.pid, claim.start_time);
      if (!handle) continue;  // ended in the meantime
      ReapedProcess record{claim.pid, claim.start_time, runs[claim.run]->run_id,
                           std::move(claim.reason)};
      tracked.push_back({std::move(*handle), claim.run, std::move(record)});
    }
  };
  auto all_ended = [&] {
    return std::all_of(tracked.begin(), tracked.end(),
                       [](const Tracked& process) { return process.handle.ended(); });
  };

  adopt();
  for (const Tracked& process : tracked) {
    process.handle.signal(SIGTERM);
    process.handle.signal(SIGCONT);  // a stopped process acts on SIGTERM only once it runs again
  }
  (void)poll_until(std::chrono::steady_clock::now() + options.grace, all_ended);
  (void)poll_until(std::chrono::steady_clock::now() + options.kill_wait, [&] {
    adopt();
    for (Tracked& process : tracked) {
      if (process.record.needed_sigkill || process.handle.ended()) continue;
      process.handle.signal(SIGKILL);
      process.record.needed_sigkill = true;
    }
    return all_ended();
  });
  return tracked;
}

std::optional<RunRecord> read_run_file(const fs::path& file, std::vector<std::string>& errors) {
  try {
    std::ifstream in(file);
    if (!in) throw std::runtime_error("cannot be opened");
    std::stringstream content;
    content << in.rdbuf();
    return RunRecord::from_json(nlohmann::json::parse(content.str()));
  } catch (const std::exception& error) {
    errors.push_back(
        fmt::format("run file {} was left in place: {}; look at it, and delete it "
                    "when nothing of that run runs any more",
                    file.string(), error.what()));
    return std::nullopt;
  }
}

std::string host_name() {
  char name[256] = {};
  if (::gethostname(name, sizeof name - 1) != 0) return {};
  return name;
}

RunReap::Harness harness_state(const RunRecord& record, const std::string& boot_id,
                               const std::string& host) {
  // Pids and start times mean something on this host in this boot only.
  if (!record.host.empty() && !host.empty() && record.host != host)
    return RunReap::Harness::other_host;
  if (!record.boot_id.empty() && !boot_id.empty() && record.boot_id != boot_id) {
    return RunReap::Harness::other_boot;
  }
  const auto harness = read_proc_stat(record.harness_pid);
  const bool alive =
      harness && !harness->ended() && harness->start_time == record.harness_start_time;
  return alive ? RunReap::Harness::alive : RunReap::Harness::dead;
}

void remove_run_file(RunReap& run, std::vector<std::string>& errors) {
  std::error_code error;
  fs::remove(run.file, error);
  if (error) {
    errors.push_back(
        fmt::format("cannot delete run file {}: {}", run.file.string(), error.message()));
  } else {
    run.file_removed = true;
  }
}

}  // namespace

RunReap end_run_processes(const RunRecord& record, const ReapOptions& options) {
  RunReap run;
  run.run_id = record.run_id;
  run.harness_pid = record.harness_pid;
  for (Tracked& process : end_processes({&record}, options)) {
    if (!process.handle.ended()) run.survivors.push_back(process.record);
    run.signalled.push_back(std::move(process.record));
  }
  return run;
}

ReapResult reap_abandoned_runs(const fs::path& registry_directory, const ReapOptions& options) {
  ReapResult result;
  std::error_code error;
  if (!fs::is_directory(registry_directory, error)) return result;

  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(registry_directory, error)) {
    const fs::path& path = entry.path();
    // Names starting with '.' are temporary files of an atomic write.
    if (path.extension() == ".json" && path.filename().string().front() != '.' &&
        entry.is_regular_file()) {
      files.push_back(path);
    }
  }
  if (error) {
    result.errors.push_back(fmt::format("cannot list the registry directory {}: {}",
                                        registry_directory.string(), error.message()));
  }
  std::sort(files.begin(), files.end());

  const std::string boot_id = read_boot_id();
  const std::string host = host_name();
  std::vector<RunRecord> records;
  for (const fs::path& file : files) {
    ++result.runs_looked_at;
    auto record = read_run_file(file, result.errors);
    if (!record) continue;
    RunReap run;
    run.run_id = record->run_id;
    run.file = file;
    run.harness_pid = record->harness_pid;
    run.harness = harness_state(*record, boot_id, host);
    result.runs.push_back(std::move(run));
    records.push_back(std::move(*record));
  }

  std::vector<const RunRecord*> abandoned;
  std::vector<std::size_t> abandoned_index;  // into result.runs
  for (std::size_t i = 0; i < result.runs.size(); ++i) {
    if (result.runs[i].harness == RunReap::Harness::other_boot) {
      remove_run_file(result.runs[i], result.errors);  // a reboot ended everything of it
    } else if (result.runs[i].harness == RunReap::Harness::dead) {
      abandoned.push_back(&records[i]);
      abandoned_index.push_back(i);
    }
  }
  if (abandoned.empty()) return result;

  for (Tracked& process : end_processes(abandoned, options)) {
    RunReap& run = result.runs[abandoned_index[process.run]];
    if (!process.handle.ended()) run.survivors.push_back(process.record);
    run.signalled.push_back(std::move(process.record));
  }
  for (const std::size_t i : abandoned_index) {
    if (result.runs[i].survivors.empty()) remove_run_file(result.runs[i], result.errors);
  }
  return result;
}

}  // namespace tas
