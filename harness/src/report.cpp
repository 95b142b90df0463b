#include <ctime>
#include <fstream>

#include <fmt/format.h>

#include <tas/atomic_file.hpp>
#include <tas/report.hpp>

namespace tas {

std::string iso8601_utc(std::chrono::system_clock::time_point when) {
  const auto since_epoch = when.time_since_epoch();
  const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(since_epoch);
  const auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(since_epoch - seconds);
  const std::time_t t = static_cast<std::time_t>(seconds.count());
  std::tm utc{};
  ::gmtime_r(&t, &utc);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", utc.tm_year + 1900,
                     utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec,
                     millis.count());
}

std::string Report::verdict() const {
  if (!interrupted_by.empty()) return "interrupted";
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
  };
}

bool is_report_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return false;
  const auto document = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  return document.is_object() && document.contains("schema") && document["schema"].is_string() &&
         document["schema"].get<std::string>().starts_with("test-as-self/report@");
}

std::filesystem::path report_beside(const std::filesystem::path& home) {
  const std::filesystem::path parent = home.parent_path();
  const std::string name = home.filename().string();
  std::filesystem::path candidate = parent / (name + ".test-as-self-report.json");
  for (int n = 1; std::filesystem::exists(candidate); ++n) {
    candidate = parent / fmt::format("{}.test-as-self-report.{}.json", name, n);
  }
  return candidate;
}

void write_json_file(const std::filesystem::path& file, const nlohmann::json& document) {
  if (file.has_parent_path()) std::filesystem::create_directories(file.parent_path());
  write_file_atomically(file, document.dump(2) + "\n", std::filesystem::perms(0644));
}

}  // namespace tas
