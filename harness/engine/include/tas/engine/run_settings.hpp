#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include <tas/core/step.hpp>

namespace tas {

// The options of one run after the command line (or a fixture) has been parsed and guarded.
struct RunSettings {
  std::filesystem::path target;                  // resolved, guarded
  std::optional<std::string> bot_token_drop_id;  // --bot-token
  bool keep = false;                             // --keep
  bool no_roundtrip = false;                     // --no-roundtrip
  // --until: the last step run_all() runs before teardown; the steps after it are not-run, "not
  // requested". Unset: all of them.
  std::optional<StepId> until;
  std::filesystem::path report_file;  // --report-json, or <target>/test-as-self-report.json
  bool report_file_given = false;     // --report-json was given
  // The report's other forms, written once when the run has finished (docs/report.md): the HTML
  // report at `report_html_file`, or beside the JSON report when that is empty; the JUnit XML at
  // `junit_file`, none when it is empty. The command line asks for the HTML report by default.
  bool report_html = false;
  std::filesystem::path report_html_file;  // --report-html
  std::filesystem::path junit_file;        // --junit
  std::chrono::seconds timeout{600};       // --timeout-s
  // Names the run in its marker, its process registry and its target lock; the engine makes one
  // up when it is left empty.
  std::string run_id;
  // Where a `--keep` run records the home it kept, the only proof a later run accepts before it
  // resumes (and may delete) a home holding a marker. Empty: no home is ever resumed.
  std::filesystem::path kept_homes_directory;
  // Where the report goes when the run refuses its target: never beside a target it refused.
  // Empty: beside the target, as for every other run whose home does not exist.
  std::filesystem::path refused_report_directory;

  // Steps 4 and 5 each wait at most a quarter of --timeout-s (docs/steps.md, 'Time limits').
  [[nodiscard]] std::chrono::milliseconds step_wait_budget() const {
    return std::chrono::duration_cast<std::chrono::milliseconds>(timeout) / 4;
  }
  [[nodiscard]] nlohmann::json to_json() const;
};

}  // namespace tas
