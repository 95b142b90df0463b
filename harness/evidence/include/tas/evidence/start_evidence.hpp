#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include <tas/evidence/command_run_evidence.hpp>

namespace tas {

// The last health reading of the wait for the agent. Each `seen_at_us` is the calendar time, in
// microseconds since the epoch, at which the harness saw the thing it waited for: set beside the
// agent's own timestamp of the event it is the time the harness took to notice.
struct HealthEvidence {
  std::string url;
  std::int64_t status = 0;                 // the HTTP status, 0 when nothing answered
  std::string error;                       // why nothing answered
  std::optional<std::int64_t> after_ms;    // null: never 200
  std::optional<std::int64_t> seen_at_us;  // the calendar time the 200 was seen (µs since epoch)
};

// The last lease decision of the wait. Only a run with a bot requires a lease.
struct LeaseEvidence {
  bool required = false;
  std::string path;
  std::optional<std::string> decision;  // "owned", "stale", …; null when not required
  std::optional<std::int64_t> pid;      // with a lease of the right shape
  std::optional<std::int64_t> age_ms;
  std::optional<std::int64_t> after_ms;    // null: never owned
  std::optional<std::int64_t> seen_at_us;  // the calendar time it was seen owned
};

// A child of the run as it was when the step ended.
struct ProcessEvidence {
  std::string role;
  int pid = 0;
  int process_group = 0;
  std::vector<std::string> argv;
  std::string stdout_file;  // written as "stdout"
  std::string stderr_file;  // written as "stderr"
  bool alive = false;
  std::optional<ExitStatus> exit;  // null while alive
  // When the harness started it (calendar microseconds; its program was running by then).
  std::optional<std::int64_t> started_at_us;
};

// The demotion proof: a second server without the no-poll flag must find the lease and demote
// itself. Not exercised without a bot, or when a second server would take the first one's port;
// `reason` then says which, and what only an exercised probe has is null.
struct DemotionProbeEvidence {
  bool exercised = false;
  std::optional<std::string> reason;  // why not exercised
  std::optional<int> pid;
  std::optional<std::int64_t> port;
  std::optional<std::string> log;
  std::optional<std::string> pattern;
  bool line_seen = false;
  std::optional<std::int64_t> after_ms;
  std::optional<std::int64_t> seen_at_us;  // the calendar time the line was seen
  std::optional<std::string> problem;      // why the proof failed
};

// What step 4 (start) observed. A failing before-start hook ends the step before the wait, and a
// failed wait before the probe: what it did not reach is null.
struct StartEvidence {
  std::vector<CommandRun> hooks;  // before-start
  std::optional<std::int64_t> waited_ms;
  std::optional<HealthEvidence> health;
  std::optional<LeaseEvidence> lease;
  std::vector<ProcessEvidence> processes;
  std::optional<DemotionProbeEvidence> demotion_probe;
};

void to_json(nlohmann::json& out, const HealthEvidence& health);
void from_json(const nlohmann::json& in, HealthEvidence& health);  // throws EvidenceError
void to_json(nlohmann::json& out, const LeaseEvidence& lease);
void from_json(const nlohmann::json& in, LeaseEvidence& lease);  // throws EvidenceError
void to_json(nlohmann::json& out, const ProcessEvidence& process);
void from_json(const nlohmann::json& in, ProcessEvidence& process);  // throws EvidenceError
void to_json(nlohmann::json& out, const DemotionProbeEvidence& probe);
void from_json(const nlohmann::json& in, DemotionProbeEvidence& probe);  // throws EvidenceError
void to_json(nlohmann::json& out, const StartEvidence& evidence);
void from_json(const nlohmann::json& in, StartEvidence& evidence);  // throws EvidenceError

}  // namespace tas
