#include "log.hpp"

#include <cerrno>
#include <chrono>
#include <ctime>
#include <system_error>

#include "agent_error.hpp"
#include <unistd.h>

namespace tas::reference_agent {

std::string utc_timestamp() {
  const auto now = std::chrono::system_clock::now();
  const auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
  const std::time_t seconds = static_cast<std::time_t>(ms / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", utc.tm_year + 1900,
                     utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec, ms % 1000);
}

Logger::Logger(std::string name, const std::filesystem::path& file)
    : name_(std::move(name)), file_(file) {
  std::error_code error;
  std::filesystem::create_directories(file_.parent_path(), error);
  out_.reset(std::fopen(file_.c_str(), "ae"));
  if (!out_) {
    throw AgentError(exit_code::kFailure,
                     fmt::format("cannot open the log file {}: {}. Check \"logDir\" in the config: "
                                 "it must be a directory this user can write.",
                                 file_.string(), std::generic_category().message(errno)));
  }
}

std::string Logger::format_line(std::string_view message) const {
  return fmt::format("{} [{} {}] {}\n", utc_timestamp(), name_, ::getpid(), message);
}

void Logger::info(std::string_view message) {
  const std::string line = format_line(redactor_.redact(message));
  const std::lock_guard lock(mutex_);
  std::fwrite(line.data(), 1, line.size(), stdout);
  std::fflush(stdout);
  std::fwrite(line.data(), 1, line.size(), out_.get());
  std::fflush(out_.get());
}

void Logger::unredacted_error(std::string_view message) {
  const std::string line = format_line(message);
  const std::lock_guard lock(mutex_);
  std::fwrite(line.data(), 1, line.size(), stderr);
  std::fflush(stderr);
  std::fwrite(line.data(), 1, line.size(), out_.get());
  std::fflush(out_.get());
}

}  // namespace tas::reference_agent
