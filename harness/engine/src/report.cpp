#include <fmt/format.h>

#include <tas/core/atomic_file.hpp>
#include <tas/core/clock.hpp>
#include <tas/core/exit_codes.hpp>
#include <tas/core/sha256.hpp>
#include <tas/core/untrusted_file.hpp>
#include <tas/core/untrusted_json.hpp>
#include <tas/engine/report.hpp>

namespace tas {

std::string Report::verdict() const {
  if (!interrupted_by.empty()) return "interrupted";
  if (exit_code == exit_code::kBadTarget || exit_code == exit_code::kUsage) return "refused";
  if (failing_step) return "fail";
  return finished ? "pass" : "incomplete";
}

nlohmann::ordered_json Report::to_json() const {
  // Written in the order a reader wants it (docs/report.md, 'Top level'): the outcome first, then
  // the run's identity, the steps in order, and the bulky evidence and logs last.
  using nlohmann::ordered_json;
  ordered_json rows = ordered_json::array();
  for (const StepResult& step : steps) {
    const bool ran = step.status == StepStatus::passed || step.status == StepStatus::failed ||
                     step.status == StepStatus::skipped;
    ordered_json row;
    row["number"] = number_of(step.id);
    row["name"] = name_of(step.id);
    row["status"] = to_string(step.status);
    row["detail"] = step.detail;
    row["started_at"] = ran ? ordered_json(iso8601_utc(step.started_at)) : ordered_json(nullptr);
    row["duration_ms"] = ran ? ordered_json(step.duration.count()) : ordered_json(nullptr);
    row["gate"] = step.gate;
    row["evidence"] = step.evidence;
    rows.push_back(std::move(row));
  }
  const auto duration =
      std::chrono::duration_cast<std::chrono::milliseconds>(finished_at - started_at);
  ordered_json report;
  report["schema"] = kReportSchema;
  report["verdict"] = verdict();
  report["exit_code"] = exit_code;
  report["failing_step"] = failing_step ? ordered_json{{"number", number_of(*failing_step)},
                                                       {"name", name_of(*failing_step)}}
                                        : ordered_json(nullptr);
  report["reason"] = reason;
  report["interrupted_by"] =
      interrupted_by.empty() ? ordered_json(nullptr) : ordered_json(interrupted_by);
  report["tool"] = {{"name", "test-as-self"}, {"version", tool_version}};
  report["profile"] = {{"name", profile_name}, {"source", profile_source}};
  report["target"] = target;
  report["backends"] = backends;
  report["started_at"] = iso8601_utc(started_at);
  report["finished_at"] = finished ? ordered_json(iso8601_utc(finished_at)) : ordered_json(nullptr);
  report["duration_ms"] = finished ? ordered_json(duration.count()) : ordered_json(nullptr);
  report["options"] = options;
  report["steps"] = std::move(rows);
  report["failure_logs"] =
      failure_logs ? ordered_json(tas::to_json(*failure_logs)) : ordered_json(nullptr);
  return report;
}

bool is_report_file(const std::filesystem::path& file) {
  const UntrustedRead read = read_untrusted_file(file, "the report", kMaxReportFileBytes);
  if (!read.ok()) return false;
  return is_report_text(read.content);
}

bool is_report_text(std::string_view text) {
  const JsonParse parsed = parse_untrusted_json(text);
  const nlohmann::json& document = parsed.value;
  return parsed.ok() && document.is_object() && document.contains("schema") &&
         document["schema"].is_string() &&
         document["schema"].get<std::string>().starts_with("test-as-self/report@");
}

std::string report_stem(std::string_view home_name) {
  // Room within NAME_MAX (255) for ".test-as-self-report.<n>.json" and for the atomic writer's
  // temporary name beside it (".<name>.<pid>.<counter>.tmp").
  constexpr std::size_t kMaxStem = 255 - 36 - 28;
  if (home_name.size() <= kMaxStem) return std::string(home_name);
  // A prefix that ends on a whole UTF-8 character, and a hash of the whole name so two long
  // names with one prefix still get two reports.
  constexpr std::size_t kHashChars = 12;
  std::size_t cut = kMaxStem - kHashChars - 1;
  while (cut > 0 && (static_cast<unsigned char>(home_name[cut]) & 0xC0) == 0x80)
    --cut;
  return fmt::format("{}-{}", home_name.substr(0, cut),
                     sha256_hex(home_name).substr(0, kHashChars));
}

std::filesystem::path report_beside(const std::filesystem::path& home) {
  const std::filesystem::path parent = home.parent_path();
  const std::string name = report_stem(home.filename().string());
  std::filesystem::path candidate = parent / (name + ".test-as-self-report.json");
  for (int n = 1; std::filesystem::exists(candidate); ++n) {
    candidate = parent / fmt::format("{}.test-as-self-report.{}.json", name, n);
  }
  return candidate;
}

std::filesystem::path refused_report_path(const std::filesystem::path& directory,
                                          const std::string& run_id) {
  return directory / fmt::format("{}.refused.test-as-self-report.json", run_id);
}

void write_json_file(const std::filesystem::path& file, const nlohmann::ordered_json& document,
                     Durability durability) {
  // Never creates the directories above: a report lands only where a directory already is.
  write_file_atomically(file, document.dump(2) + "\n", std::filesystem::perms(0644), durability);
}

}  // namespace tas
