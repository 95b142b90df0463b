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

nlohmann::json Report::to_json() const {
  using nlohmann::json;
  json rows = json::array();
  for (const StepResult& step : steps) {
    const bool ran = step.status == StepStatus::passed || step.status == StepStatus::failed ||
                     step.status == StepStatus::skipped;
    rows.push_back({
        {"number", number_of(step.id)},
        {"name", name_of(step.id)},
        {"status", to_string(step.status)},
        {"detail", step.detail},
        {"evidence", step.evidence},
        {"gate", step.gate},
        {"started_at", ran ? json(iso8601_utc(step.started_at)) : json(nullptr)},
        {"duration_ms", ran ? json(step.duration.count()) : json(nullptr)},
    });
  }
  const auto duration =
      std::chrono::duration_cast<std::chrono::milliseconds>(finished_at - started_at);
  return {
      {"schema", kReportSchema},
      {"tool", {{"name", "test-as-self"}, {"version", tool_version}}},
      {"verdict", verdict()},
      {"exit_code", exit_code},
      {"failing_step",
       failing_step ? json{{"number", number_of(*failing_step)}, {"name", name_of(*failing_step)}}
                    : json(nullptr)},
      {"reason", reason},
      {"interrupted_by", interrupted_by.empty() ? json(nullptr) : json(interrupted_by)},
      {"profile", {{"name", profile_name}, {"source", profile_source}}},
      {"target", target},
      {"backends", backends},
      {"options", options},
      {"started_at", iso8601_utc(started_at)},
      {"finished_at", finished ? json(iso8601_utc(finished_at)) : json(nullptr)},
      {"duration_ms", finished ? json(duration.count()) : json(nullptr)},
      {"steps", rows},
      {"failure_logs", failure_logs ? tas::to_json(*failure_logs) : json(nullptr)},
  };
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

void write_json_file(const std::filesystem::path& file, const nlohmann::json& document,
                     Durability durability) {
  // Never creates the directories above: a report lands only where a directory already is.
  write_file_atomically(file, document.dump(2) + "\n", std::filesystem::perms(0644), durability);
}

}  // namespace tas
