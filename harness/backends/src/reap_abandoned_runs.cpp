#include <algorithm>
#include <cerrno>
#include <optional>
#include <set>
#include <utility>

#include "poll_until.hpp"
#include "run_leftovers.hpp"
#include <fmt/format.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <tas/backends/proc_fs.hpp>
#include <tas/backends/process_handle.hpp>
#include <tas/backends/process_registry.hpp>
#include <tas/backends/reap_abandoned_runs.hpp>
#include <tas/backends/subreaper.hpp>
#include <tas/core/untrusted_file.hpp>
#include <tas/core/untrusted_json.hpp>

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

constexpr std::string_view kOrphanReason = "orphan reparented to the harness (child subreaper)";

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
//
// `adopting_parent`, when not 0, is the harness itself as a child subreaper: its live children
// that are not the run's recorded group leaders are orphans of the run's processes (a daemon that
// left its group and cleared its environment has no other trace) and are claimed for runs[0].
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

struct Tracked {
  ProcessHandle handle;
  std::size_t run = 0;
  ReapedProcess record;
  bool adopted = false;  // our own child now: ours to reap once it has ended
};

// Ends every process of the given runs: SIGTERM, the grace, then SIGKILL until none is left or
// kill_wait has passed. Looks again while killing, since a process may fork as it goes.
std::vector<Tracked> end_processes(const std::vector<const RunRecord*>& runs,
                                   const ReapOptions& options, int adopting_parent = 0) {
  std::vector<Tracked> tracked;
  std::set<std::pair<int, std::uint64_t>> known;
  auto adopt = [&] {
    for (Claim& claim : claim_processes(look_at_processes(), runs, adopting_parent)) {
      if (!known.insert({claim.pid, claim.start_time}).second) continue;
      auto handle = ProcessHandle::open(claim.pid, claim.start_time);
      if (!handle) continue;  // ended in the meantime
      const bool orphan = claim.reason == kOrphanReason;
      ReapedProcess record{claim.pid, claim.start_time, runs[claim.run]->run_id,
                           std::move(claim.reason)};
      tracked.push_back({std::move(*handle), claim.run, std::move(record), orphan});
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
  // An ended orphan is a zombie child of ours: nobody else will ever reap it.
  for (const Tracked& process : tracked) {
    if (!process.adopted || !process.handle.ended()) continue;
    int status = 0;
    while (::waitpid(process.record.pid, &status, WNOHANG) < 0 && errno == EINTR) {
    }
  }
  return tracked;
}

// What is wrong with an unreadable run file, in words that do not quote it; the record when
// nothing is.
std::optional<RunRecord> read_run_file(const fs::path& file, std::vector<std::string>& errors) {
  std::string problem;
  const UntrustedRead read = read_untrusted_file(file, "the run file", kMaxConfigFileBytes);
  if (!read.ok()) {
    problem = read.problem;
  } else if (read.content.find_first_not_of(" \t\r\n") == std::string::npos) {
    problem = "it is empty";
  } else if (JsonParse parsed = parse_untrusted_json(read.content); !parsed.ok()) {
    problem = fmt::format("it is not valid JSON (syntax error at {})", parsed.error->describe());
  } else {
    try {
      return RunRecord::from_json(parsed.value);
    } catch (const std::exception& error) {
      problem = fmt::format("it is JSON but not a run record: {}", error.what());
    }
  }
  errors.push_back(fmt::format(
      "run file {} cannot be read: {}. A run writes its file whole, so something else changed "
      "it. It was left in place: look at it, end any process still carrying {}=<the run id in "
      "the file name>, then delete the file",
      file.string(), problem, kRunMarkerName));
  return std::nullopt;
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

// The pid in the name of an atomic write's temporary file, ".<run file>.<pid>.<n>.tmp"; 0 when
// the name is not of that form.
int writer_of_temporary(const std::string& name) {
  if (name.size() < 6 || name.front() != '.' || !name.ends_with(".tmp")) return 0;
  const std::string stem = name.substr(0, name.size() - 4);  // ".<file>.<pid>.<n>"
  const std::size_t counter = stem.rfind('.');
  if (counter == std::string::npos || counter == 0) return 0;
  const std::size_t pid_start = stem.rfind('.', counter - 1);
  if (pid_start == std::string::npos) return 0;
  const std::string pid = stem.substr(pid_start + 1, counter - pid_start - 1);
  if (pid.empty() || pid.size() > 9 || pid.find_first_not_of("0123456789") != std::string::npos) {
    return 0;
  }
  return std::stoi(pid);
}

// A harness killed in the middle of rewriting its run file leaves the temporary file of that
// write; once its writer is gone, nothing will ever rename it.
void remove_abandoned_temporaries(const fs::path& registry_directory,
                                  std::vector<std::string>& errors) {
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(registry_directory, error)) {
    const int writer = writer_of_temporary(entry.path().filename().string());
    if (writer == 0 || read_proc_stat(writer)) continue;
    std::error_code removal;
    fs::remove(entry.path(), removal);
    if (removal) {
      errors.push_back(fmt::format("cannot delete the half-written run file {}: {}",
                                   entry.path().string(), removal.message()));
    }
  }
}

// The token file and home of a dead run; true when nothing failed (the run file may go).
bool remove_leftovers(const RunRecord& record, RunReap& run, std::vector<std::string>& errors) {
  LeftoverRemoval removal = remove_run_leftovers(record);
  run.files_removed = std::move(removal.removed);
  run.files_left = std::move(removal.left);
  errors.insert(errors.end(), removal.errors.begin(), removal.errors.end());
  return removal.errors.empty();
}

}  // namespace

RunReap end_run_processes(const RunRecord& record, const ReapOptions& options) {
  RunReap run;
  run.run_id = record.run_id;
  run.harness_pid = record.harness_pid;
  const int adopting_parent = is_child_subreaper() ? ::getpid() : 0;
  for (Tracked& process : end_processes({&record}, options, adopting_parent)) {
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
  remove_abandoned_temporaries(registry_directory, result.errors);

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
      // A reboot ended every process of it, but not its files.
      if (remove_leftovers(records[i], result.runs[i], result.errors)) {
        remove_run_file(result.runs[i], result.errors);
      }
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
    // Files only once nothing of the run runs: a survivor may still write into its home.
    if (result.runs[i].survivors.empty() &&
        remove_leftovers(records[i], result.runs[i], result.errors)) {
      remove_run_file(result.runs[i], result.errors);
    }
  }
  return result;
}

}  // namespace tas
