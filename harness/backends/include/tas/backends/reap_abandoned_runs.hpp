#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include <tas/backends/process_registry.hpp>

namespace tas {

// The engine of the cleanup command: ends what runs killed without a teardown (CTest's TIMEOUT
// sends SIGKILL) left running, from the run files of the process registry (process_registry.hpp).
//
// A run is abandoned when its harness is gone: no process has the recorded pid with the recorded
// start time. For an abandoned run, these processes are ended:
//   - every member of a recorded process group whose leader still has its recorded start time, or
//     of which some member carries the run's marker TEST_AS_SELF_RUN=<run id>;
//   - every process anywhere that carries the marker (a grandchild that left the group with
//     setsid is found this way).
// Nothing else is signalled: a process with neither the recorded start time nor the marker may be
// an unrelated one that reused a pid. They get SIGTERM (and SIGCONT), then SIGKILL after the
// grace. Once none is left, the files the run recorded making go: its token file always, its
// home unless it was started with --keep (an adopted directory is emptied, not removed; nothing
// the run did not record is touched) — and then the run file. A run whose harness lives is left
// alone, as is a run recorded on another host; a run from an earlier boot has no process left to
// end, only files.

struct ReapOptions {
  std::chrono::milliseconds grace{5000};      // between SIGTERM and SIGKILL, teardown's default
  std::chrono::milliseconds kill_wait{5000};  // how long to wait for the killed to vanish
};

struct ReapedProcess {
  int pid = 0;
  std::uint64_t start_time = 0;
  std::string run_id;
  std::string reason;  // why it belongs to the run: "leader of group 4712 (server)", …
  bool needed_sigkill = false;

  [[nodiscard]] nlohmann::json to_json() const;
};

struct RunReap {
  enum class Harness { alive, dead, other_boot, other_host };
  std::string run_id;
  std::filesystem::path file;
  int harness_pid = 0;
  Harness harness = Harness::dead;
  std::vector<ReapedProcess> signalled;
  std::vector<ReapedProcess> survivors;    // still alive when the cleanup gave up
  std::vector<std::string> files_removed;  // "token file …", "home …"
  std::vector<std::string> files_left;     // what was recorded but is not the cleanup's to remove
  bool file_removed = false;

  [[nodiscard]] nlohmann::json to_json() const;
};

struct ReapResult {
  std::size_t runs_looked_at = 0;  // run files found, readable or not
  std::vector<RunReap> runs;       // the readable ones
  std::vector<std::string> errors;

  [[nodiscard]] std::size_t signalled_count() const;
  [[nodiscard]] std::size_t survivor_count() const;
  // Nothing left alive and nothing went wrong.
  [[nodiscard]] bool clean() const { return survivor_count() == 0 && errors.empty(); }
  [[nodiscard]] nlohmann::json to_json() const;
};

[[nodiscard]] std::string to_string(RunReap::Harness harness);

// Never signals the calling process. A registry directory that does not exist has no runs.
ReapResult reap_abandoned_runs(const std::filesystem::path& registry_directory,
                               const ReapOptions& options = {});

}  // namespace tas
