#include "log_flood.hpp"

#include <cerrno>
#include <string>
#include <system_error>

#include <fcntl.h>
#include <unistd.h>

namespace tas::reference_agent {
namespace {

constexpr std::uint64_t kMegabyte = 1024 * 1024;
constexpr std::size_t kChunkBytes = 1024 * 1024;

class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  [[nodiscard]] int get() const { return fd_; }

 private:
  int fd_;
};

void write_all(int fd, const std::string& data, const std::filesystem::path& file) {
  std::size_t written = 0;
  while (written < data.size()) {
    const ssize_t n = ::write(fd, data.data() + written, data.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0)
      throw std::system_error(errno, std::generic_category(), "cannot write " + file.string());
    written += static_cast<std::size_t>(n);
  }
}

}  // namespace

std::uint64_t flood_log(const Logger& logger, double megabytes) {
  const auto target = static_cast<std::uint64_t>(megabytes * static_cast<double>(kMegabyte));
  const Fd fd(::open(logger.file().c_str(), O_WRONLY | O_APPEND | O_CLOEXEC));
  if (fd.get() < 0) {
    throw std::system_error(errno, std::generic_category(),
                            "cannot open " + logger.file().string());
  }
  std::uint64_t total = 0;
  std::uint64_t line_number = 0;
  std::string chunk;
  chunk.reserve(kChunkBytes + 256);
  while (total < target) {
    chunk.clear();
    while (chunk.size() < kChunkBytes && total + chunk.size() < target) {
      chunk += logger.format_line(fmt::format(
          "heartbeat {:08}: all systems nominal (floodLogMb fault filler line)", ++line_number));
    }
    write_all(fd.get(), chunk, logger.file());
    total += chunk.size();
  }
  return total;
}

}  // namespace tas::reference_agent
