#include <cerrno>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <tas/backends/log_tail.hpp>

namespace tas {

LogTail read_log_tail(const std::filesystem::path& file, std::size_t max_bytes) {
  LogTail tail;
  const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) return tail;
  tail.exists = true;
  struct stat info {};
  if (::fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) {
    ::close(fd);
    return tail;
  }
  tail.file_size = static_cast<std::uintmax_t>(info.st_size);
  const std::uintmax_t start = tail.file_size > max_bytes ? tail.file_size - max_bytes : 0;
  tail.truncated = start > 0;
  tail.text.resize(static_cast<std::size_t>(tail.file_size - start));
  std::size_t got = 0;
  while (got < tail.text.size()) {
    const ssize_t n = ::pread(fd, tail.text.data() + got, tail.text.size() - got,
                              static_cast<off_t>(start + got));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;  // the file shrank, or an error: keep what was read
    got += static_cast<std::size_t>(n);
  }
  ::close(fd);
  tail.text.resize(got);
  if (tail.truncated) {
    const std::size_t line_start = tail.text.find('\n');
    tail.text.erase(0, line_start == std::string::npos ? tail.text.size() : line_start + 1);
  }
  return tail;
}

}  // namespace tas
