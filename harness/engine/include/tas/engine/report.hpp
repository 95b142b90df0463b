#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include <tas/core/atomic_file.hpp>
#include <tas/core/step.hpp>
#include <tas/engine/failure_logs.hpp>

namespace tas {

inline constexpr std::string_view kReportSchema = "test-as-self/report@1";

// The run's JSON report (docs/report.md documents every field). Built by the engine only.
struct Report {
  std::string tool_version;
  std::string profile_name;
  std::string profile_source;
  std::string target;
  std::string backends;  // which backend set ran (tier, endpoints)
  nlohmann::json options = nlohmann::json::object();
  std::chrono::system_clock::time_point started_at{};
  std::chrono::system_clock::time_point finished_at{};
  std::vector<StepResult> steps;
  std::optional<StepId> failing_step;
  std::string reason;          // why the run failed, empty when it passed
  std::string interrupted_by;  // "SIGINT", …, empty when it was not
  // The last lines of the agent's logs and the children's output, and where they were kept, when
  // a step from deploy on (or teardown) failed; none on a pass.
  std::optional<FailureLogs> failure_logs;
  int exit_code = 0;
  bool finished = false;

  // "pass", "fail", "refused" (the target), "interrupted", "incomplete"
  [[nodiscard]] std::string verdict() const;
  // Keys in the documented order, not alphabetical: the verdict first, the evidence last.
  [[nodiscard]] nlohmann::ordered_json to_json() const;
};

// True when `file` exists and is a test-as-self report (any version): a file the harness may
// replace. Anything else at a report path is the user's and is never overwritten.
[[nodiscard]] bool is_report_file(const std::filesystem::path& file);

// The same decision over a file's text.
[[nodiscard]] bool is_report_text(std::string_view text);

// A fresh place for the report beside a home that is gone: "<home>.test-as-self-report.json"
// next to it, or "<home>.test-as-self-report.<n>.json" when that name is taken — by anything,
// an earlier run's report included: nothing the run did not create is overwritten.
// A home name longer than NAME_MAX leaves room for is cut and given a short hash of the whole
// name (report_stem), so the report's name is always a valid file name.
[[nodiscard]] std::filesystem::path report_beside(const std::filesystem::path& home);

// The home's name as the report beside it starts: the name itself, or (when too long) a prefix
// and the first 12 hex digits of the whole name's SHA-256. Deterministic.
[[nodiscard]] std::string report_stem(std::string_view home_name);

// The report of a run that refused its target, in `directory` (the state directory's reports):
// "<run id>.refused.test-as-self-report.json". A refused target is no place to write beside.
[[nodiscard]] std::filesystem::path refused_report_path(const std::filesystem::path& directory,
                                                        const std::string& run_id);

// Writes `document` to `file` atomically (a temporary file beside it, then rename), as durably as
// asked. The directory must exist: a report never creates the directories above it. Throws
// std::system_error.
void write_json_file(const std::filesystem::path& file, const nlohmann::ordered_json& document,
                     Durability durability);

}  // namespace tas
