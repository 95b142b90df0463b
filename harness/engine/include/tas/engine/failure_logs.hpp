#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include <tas/core/redaction.hpp>

namespace tas {

// How much of a failed run's logs the harness shows and keeps (docs/report.md, 'Logs of a failed
// run'). Every bound holds however large or many the logs are.
struct FailureLogLimits {
  std::size_t max_files = 16;            // files shown and kept; the rest are counted
  std::size_t excerpt_lines = 20;        // the last lines of each file in the report
  std::size_t excerpt_bytes = 4 * 1024;  // and at most this many bytes of them
  std::size_t kept_bytes = 256 * 1024;   // the tail of each file copied beside the report
};

// The last lines of one log, redacted.
struct LogExcerpt {
  std::string path;
  std::vector<std::string> lines;
  std::uintmax_t size = 0;  // the whole file's size
  bool truncated = false;   // the file holds more than `lines`
};

// One log copied beside the report.
struct KeptLogFile {
  std::string source;  // the log in the home
  std::string copy;    // its copy in the kept directory
  std::uintmax_t size = 0;
  std::uintmax_t bytes_kept = 0;  // the tail kept, redacted
  bool truncated = false;         // only the tail of it was kept
};

struct KeptLogs {
  std::string directory;
  std::vector<KeptLogFile> files;
  std::vector<std::string> problems;  // a file that could not be copied, and why
};

// What a failed run left of its logs: the excerpts (report and console) and, when the home is
// removed, the copies kept beside the report.
struct FailureLogs {
  std::vector<LogExcerpt> excerpts;
  std::size_t files_left_out = 0;  // logs past limits.max_files
  std::optional<KeptLogs> kept;

  [[nodiscard]] bool empty() const { return excerpts.empty() && !kept; }
};

// The report's `failure_logs` object (docs/report.md).
[[nodiscard]] nlohmann::json to_json(const FailureLogs& logs);

// The logs of a run, in order: the agent's own (`agent_logs`, a directory standing for the
// regular files in it, by name), then every regular file in the home's `logs/` (the children's
// output and the commands' logs). Missing paths are skipped, duplicates dropped.
[[nodiscard]] std::vector<std::filesystem::path> run_log_files(
    const std::vector<std::filesystem::path>& agent_logs, const std::filesystem::path& home_logs);

// The last lines of `file`, each redacted, within the limits; a line longer than the byte bound
// keeps its end, marked with a leading "…". Bytes that are not UTF-8 become U+FFFD, so the
// report stays JSON.
[[nodiscard]] LogExcerpt excerpt_of(const std::filesystem::path& file,
                                    const FailureLogLimits& limits, const Redactor& redactor);

// Reads the excerpts of `files` (at most limits.max_files of them).
[[nodiscard]] FailureLogs excerpts_of(const std::vector<std::filesystem::path>& files,
                                      const FailureLogLimits& limits, const Redactor& redactor);

// Where a report's kept logs go: "<report without .json>.logs" beside it, or when something the
// harness did not make is there, "….logs.<n>" — the first name that is free or holds an earlier
// kept-logs directory of this harness. Nothing else is ever replaced.
[[nodiscard]] std::filesystem::path kept_logs_directory_for(const std::filesystem::path& report);

// True when `directory` is a kept-logs directory this harness wrote (it holds the marker).
[[nodiscard]] bool is_kept_logs_directory(const std::filesystem::path& directory);

// Copies the tail of each file (limits.kept_bytes, from a line start), redacted, into
// `directory`, which is made afresh (an earlier kept-logs directory there is replaced; anything
// else there is refused with a problem). Files are mode 0600, named after their path in the home.
[[nodiscard]] KeptLogs keep_logs(const std::vector<std::filesystem::path>& files,
                                 const std::filesystem::path& home,
                                 const std::filesystem::path& directory,
                                 const FailureLogLimits& limits, const Redactor& redactor);

}  // namespace tas
