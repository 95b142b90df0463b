#include <algorithm>
#include <cerrno>
#include <optional>
#include <utility>

#include "run_leftovers.hpp"
#include "run_processes.hpp"
#include <fmt/format.h>
#include <unistd.h>

#include <tas/backends/proc_fs.hpp>
#include <tas/backends/process_registry.hpp>
#include <tas/backends/reap_abandoned_runs.hpp>
#include <tas/core/untrusted_file.hpp>
#include <tas/core/untrusted_json.hpp>

namespace tas {
namespace {

namespace fs = std::filesystem;

// Ends every process of the given runs, wherever on the machine it went: their harnesses are
// gone, so their orphans were reparented to whoever adopts orphans here.
std::vector<TrackedProcess> end_processes(const std::vector<const RunRecord*>& runs,
                                          const ReapOptions& options) {
  RunProcessEnder ender(runs, every_process, /*adopting_parent=*/0);
  ender.terminate_new();
  ender.finish(options.grace, options.kill_wait);
  return std::move(ender.tracked());
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

  for (TrackedProcess& process : end_processes(abandoned, options)) {
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
