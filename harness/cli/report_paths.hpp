#pragma once

#include <filesystem>
#include <string_view>

#include "command_line.hpp"

#include <tas/engine/run_settings.hpp>
#include <tas/engine/target_guard.hpp>

namespace tas::cli {

// A report file the user named, and how a run recognizes an earlier one of its kind.
struct ReportOption {
  std::string_view option;  // "--report-json"
  std::string_view kind;    // "a test-as-self report", for the refusal's words
  bool (*is_earlier_one)(const std::filesystem::path& file);
};

// A report path given on the command line: the target's guards (exit 11), a directory that already
// exists (a report never creates one), and a file that is missing or an earlier report of its kind
// — never anything else of the user's, never a FIFO or a device that would block or swallow it
// (exit 64). Returns the resolved path.
[[nodiscard]] std::filesystem::path checked_report_file(const std::filesystem::path& given,
                                                        const ReportOption& report,
                                                        const ProtectedTargets& guarded);

// --report-html, --no-report-html and --junit into `settings`, each path checked as above, and no
// two reports at one path (exit 64). `given_path` expands "~" as every other path option does.
void set_other_report_forms(const CommandLine& line, const ProtectedTargets& guarded,
                            std::filesystem::path (*given_path)(const std::filesystem::path&),
                            RunSettings& settings);

}  // namespace tas::cli
