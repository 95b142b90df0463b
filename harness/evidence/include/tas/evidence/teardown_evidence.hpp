#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include <tas/evidence/command_run_evidence.hpp>

namespace tas {

// A child of the run as teardown stopped it. When stopping it failed, how it was and how it
// ended are null.
struct StoppedProcessEvidence {
  std::string role;
  int pid = 0;
  int process_group = 0;
  std::optional<bool> was_running;
  std::optional<ExitStatus> exit;
  bool crashed = false;  // died of a signal teardown did not send, and no step had said so
  bool group_alive_after = false;
};

// What step 7 (teardown) observed. Teardown always does all of its work, so every part is there
// whether it passed or failed.
struct TeardownEvidence {
  bool kept = false;                    // --keep
  bool home_was_created = false;        // the run owned a home: created, adopted or resumed
  std::optional<std::string> home_how;  // "created", "adopted", "resumed"; null: no home
  std::vector<StoppedProcessEvidence> stopped;
  std::vector<CommandRun> hooks;
  std::vector<std::string> strays;  // processes that had left their groups, ended
  std::int64_t alive_after = 0;
  std::optional<bool> token_file_removed;  // null: no token file was written
  bool home_removed = false;
  std::optional<std::string> mode_restored;  // an adopted directory's mode, given back
  std::optional<std::string> kept_record;    // where a --keep run recorded its home
  std::string home;
  std::vector<std::string> problems;
};

void to_json(nlohmann::json& out, const StoppedProcessEvidence& process);
void from_json(const nlohmann::json& in, StoppedProcessEvidence& process);  // throws EvidenceError
void to_json(nlohmann::json& out, const TeardownEvidence& evidence);
void from_json(const nlohmann::json& in, TeardownEvidence& evidence);  // throws EvidenceError

}  // namespace tas
