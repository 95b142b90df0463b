#include "timings.hpp"

#include <mutex>
#include <set>
#include <string>

#include <fcntl.h>
#include <time.h>
#include <unistd.h>

namespace tas::reference_agent {
namespace {

struct TimingsFile {
  int fd = -1;
  std::string process;
  std::mutex once_mutex;
  std::set<std::string, std::less<>> recorded_once;
};

TimingsFile& timings_file() {
  static TimingsFile file;
  return file;
}

void append(std::string_view event, std::int64_t when_us, const nlohmann::json& details) {
  TimingsFile& file = timings_file();
  if (file.fd < 0) return;
  nlohmann::json line = details.is_object() ? details : nlohmann::json::object();
  line["process"] = file.process;
  line["pid"] = ::getpid();
  line["event"] = event;
  line["t_us"] = when_us;
  const std::string text = line.dump() + "\n";
  // One write: O_APPEND places it whole at the end even with other processes writing.
  [[maybe_unused]] const ssize_t written = ::write(file.fd, text.data(), text.size());
}

}  // namespace

std::int64_t realtime_us() {
  timespec now{};
  ::clock_gettime(CLOCK_REALTIME, &now);
  return static_cast<std::int64_t>(now.tv_sec) * 1'000'000 + now.tv_nsec / 1000;
}

void start_timings(const std::filesystem::path& file, std::string_view process,
                   std::int64_t started_us, const nlohmann::json& details) {
  if (file.empty()) return;
  TimingsFile& timings = timings_file();
  timings.process = process;
  timings.fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  append("start", started_us, details);
}

void record_timing(std::string_view event, const nlohmann::json& details) {
  if (timings_file().fd < 0) return;
  append(event, realtime_us(), details);
}

void record_timing_once(std::string_view event) {
  TimingsFile& timings = timings_file();
  if (timings.fd < 0) return;
  const std::int64_t now = realtime_us();
  {
    const std::lock_guard lock(timings.once_mutex);
    if (!timings.recorded_once.emplace(event).second) return;
  }
  append(event, now, nlohmann::json::object());
}

}  // namespace tas::reference_agent
