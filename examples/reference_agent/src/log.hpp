#pragma once

#include <cstdio>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include <tas/core/redaction.hpp>

namespace tas::reference_agent {

// Timestamped log lines to stdout and to one log file, each flushed at once so that a crash right
// after a line still leaves it in both places (the harness scans both). The token is registered
// with the redactor as a last line of defence: no code path is meant to log it, and the tests
// check that none does.
class Logger {
 public:
  // `name` tags every line ("server", "lifeline"). Creates the file's directory; throws
  // AgentError when the file cannot be opened.
  Logger(std::string name, const std::filesystem::path& file);

  void add_secret(std::string_view secret) { redactor_.add_secret_text(secret); }

  void info(std::string_view message);

  template <typename... Args>
  void info(fmt::format_string<Args...> format, Args&&... args) {
    info(std::string_view(fmt::format(format, std::forward<Args>(args)...)));
  }

  // A line past the redactor, to stderr and the log file: what a library that prints its own
  // errors writes (the leakTokenOnMessage fault). Nothing else may call it.
  void unredacted_error(std::string_view message);

  // The same line layout, for writers that bypass the logger (the floodLogMb fault).
  [[nodiscard]] std::string format_line(std::string_view message) const;

  [[nodiscard]] const std::filesystem::path& file() const { return file_; }

 private:
  struct FileCloser {
    void operator()(std::FILE* file) const { std::fclose(file); }
  };

  std::string name_;
  std::filesystem::path file_;
  std::unique_ptr<std::FILE, FileCloser> out_;
  tas::Redactor redactor_;
  std::mutex mutex_;
};

// "2025-01-31T12:34:56.789Z": UTC with milliseconds.
[[nodiscard]] std::string utc_timestamp();

}  // namespace tas::reference_agent
