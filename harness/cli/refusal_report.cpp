#include "refusal_report.hpp"

#include <chrono>

#include <tas/core/state_directory.hpp>
#include <tas/core/version.hpp>
#include <tas/engine/report.hpp>
#include <tas/engine/run_settings.hpp>

namespace tas::cli {

std::filesystem::path write_refusal_report(const CommandLine& line, const std::string& run_id,
                                           int exit_code, const std::string& reason) {
  try {
    Report report;
    report.tool_version = std::string(version());
    report.target = line.target ? line.target->string() : std::string();
    RunSettings settings;
    settings.target = line.target.value_or(std::filesystem::path());
    settings.bot_token_drop_id = line.bot_token_drop_id;
    settings.keep = line.keep || line.until.has_value();
    settings.no_roundtrip = line.no_roundtrip;
    settings.until = line.until;
    settings.report_file = line.report_json.value_or(std::filesystem::path());
    settings.timeout = std::chrono::seconds(line.timeout_s);
    settings.run_id = run_id;
    report.options = settings.to_json();
    report.started_at = report.finished_at = std::chrono::system_clock::now();
    for (const StepId id : kAllSteps) {
      StepResult row;
      row.id = id;
      row.status = StepStatus::not_run;
      row.detail = "the run was refused before it began";
      report.steps.push_back(std::move(row));
    }
    report.reason = reason;
    report.exit_code = exit_code;
    report.finished = true;
    const std::filesystem::path directory = state_directory() / "reports";
    std::filesystem::create_directories(directory);  // the harness's own state
    const std::filesystem::path file = refused_report_path(directory, run_id);
    write_json_file(file, report.to_json(), Durability::power_safe);  // the run's only report
    return file;
  } catch (const std::exception&) {
    return {};
  }
}

}  // namespace tas::cli
