#pragma once

#include <cstdint>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace tas {

// CTest's TIMEOUT ends a harness with SIGKILL, with no SIGTERM first: no destructor, no teardown.
// So every process group a run starts is written down before anyone waits on it, and a later
// cleanup (reap_abandoned_runs) can end what a killed run left behind.
//
// One run is one JSON file, `<registry dir>/<run id>.json`, rewritten atomically on every change
// (crash-safe, not power-safe: docs/durability.md):
//
//   {"v": 1, "run_id": "4711-1714557600123-9f3a6c1e", "created_at": "2024-05-01T10:00:00.123Z",
//    "harness": {"pid": 4711, "start_time": 123456, "boot_id": "…", "host": "ci-7"},
//    "groups": [{"pgid": 4712, "leader_pid": 4712, "leader_start_time": 123470, "role": "server",
//                "program": "node", "home": "/tmp/tas-home", "started_at": "…",
//                "ended": false, "ended_at": null}],
//    "home": {"path": "/tmp/tas-home", "origin": "created", "keep": false},
//    "token_file": "/tmp/tas-home/bot-token"}
//
// `home` and `token_file` are written before the run creates them (null until then), so that a
// cleanup after a SIGKILL removes the token file, and the home unless the run was started with
// --keep — and only what the run made: a directory it adopted empty is emptied, never removed.
// `start_time` is field 22 of /proc/<pid>/stat (clock ticks since boot): with the pid it tells a
// live process from a later one that reuses the pid. Every child also carries the environment
// entry `TEST_AS_SELF_RUN=<run id>` (the run marker), which finds its descendants wherever they
// went — even one that left the process group.

// The name of the environment entry that marks every process of a run.
inline constexpr std::string_view kRunMarkerName = "TEST_AS_SELF_RUN";

struct RegisteredGroup {
  int pgid = 0;
  int leader_pid = 0;
  std::uint64_t leader_start_time = 0;
  std::string role;
  std::string program;         // argv[0] as given
  std::filesystem::path home;  // the working directory it started in (the throwaway home)
  std::string started_at;      // ISO 8601, UTC
  bool ended = false;          // the group was seen empty after stop(); its pgid is not ours now
  std::string ended_at;

  [[nodiscard]] nlohmann::json to_json() const;
  static RegisteredGroup from_json(const nlohmann::json& json);
};

// The throwaway home a run is about to make, as the run file records it.
struct RecordedHome {
  enum class Origin {
    created,  // the run creates the directory: a cleanup removes it
    adopted,  // an empty directory given to the run: a cleanup empties it and leaves it
    resumed,  // an earlier --keep run's home: a cleanup removes it, as teardown would
  };
  std::filesystem::path root;
  Origin origin = Origin::created;
  bool keep = false;  // --keep: a cleanup leaves the home (the token file goes all the same)

  [[nodiscard]] nlohmann::json to_json() const;
  static RecordedHome from_json(const nlohmann::json& json);
};

// The content of one run file.
struct RunRecord {
  static constexpr int kVersion = 1;
  std::string run_id;
  std::string created_at;
  int harness_pid = 0;
  std::uint64_t harness_start_time = 0;
  std::string boot_id;
  std::string host;
  std::vector<RegisteredGroup> groups;
  std::optional<RecordedHome> home;  // absent in files written before homes were recorded
  std::filesystem::path token_file;  // empty: the run wrote none

  [[nodiscard]] nlohmann::json to_json() const;
  // Throws std::invalid_argument naming the field that is missing or malformed.
  static RunRecord from_json(const nlohmann::json& json);
};

// The registry of one run: it owns the run file. Thread-safe.
class ProcessRegistry {
 public:
  // Starts a run in `directory` (created 0700 when missing) and writes its file at once, before
  // any child exists, so that a child started a moment before a SIGKILL is still found by its
  // marker. Throws std::system_error naming the file when it cannot be written.
  explicit ProcessRegistry(std::filesystem::path directory, std::string run_id = new_run_id());
  // Removes the run file when every recorded group has ended and the recorded token file and
  // home are gone (or the home is kept); otherwise keeps it for the cleanup.
  ~ProcessRegistry();
  ProcessRegistry(const ProcessRegistry&) = delete;
  ProcessRegistry& operator=(const ProcessRegistry&) = delete;

  [[nodiscard]] const std::string& run_id() const { return record_.run_id; }
  // "TEST_AS_SELF_RUN=<run id>", the entry added to every child's environment.
  [[nodiscard]] std::string marker() const;
  [[nodiscard]] const std::filesystem::path& file() const { return file_; }

  // Both rewrite the file atomically; they throw std::system_error when it cannot be written.
  void record_started(RegisteredGroup group);
  void record_ended(int pgid);
  // Called before the home, or the token file, is created.
  void record_home(RecordedHome home);
  void record_token_file(std::filesystem::path file);

  [[nodiscard]] RunRecord snapshot() const;

  // "<harness pid>-<ms since epoch>-<8 random hex digits>": unique per run, and safe in a file
  // name and an environment value.
  static std::string new_run_id();

 private:
  void write_locked() const;

  mutable std::mutex mutex_;
  std::filesystem::path file_;
  RunRecord record_;
};

// The "runs" directory of the state directory (state_directory.hpp). Throws std::runtime_error
// when no state directory can be placed.
[[nodiscard]] std::filesystem::path default_registry_directory();

}  // namespace tas
