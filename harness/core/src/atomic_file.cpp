#include <atomic>
#include <cerrno>
#include <string>
#include <system_error>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <tas/core/atomic_file.hpp>

namespace tas {
namespace {

[[noreturn]] void fail(int error, const std::string& what) {
  throw std::system_error(error, std::generic_category(), what);
}

// Unique within the process even when two threads write beside each other.
std::string temporary_name(const std::filesystem::path& file) {
  static std::atomic<unsigned> counter{0};
  return "." + file.filename().string() + "." + std::to_string(::getpid()) + "." +
         std::to_string(counter.fetch_add(1)) + ".tmp";
}

}  // namespace

void write_file_atomically(const std::filesystem::path& file, std::string_view content,
                           std::filesystem::perms mode) {
  const std::filesystem::path temporary = file.parent_path() / temporary_name(file);
  const int fd =
      ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, static_cast<mode_t>(mode));
  if (fd < 0) fail(errno, "cannot create " + temporary.string());
  // The umask may have narrowed the mode; the caller asked for exactly this one.
  int error = ::fchmod(fd, static_cast<mode_t>(mode)) == 0 ? 0 : errno;
  std::size_t written = 0;
  while (error == 0 && written < content.size()) {
    const ssize_t n = ::write(fd, content.data() + written, content.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0)
      error = errno;
    else
      written += static_cast<std::size_t>(n);
  }
  if (error == 0 && ::fsync(fd) != 0) error = errno;
  if (::close(fd) != 0 && error == 0) error = errno;
  if (error == 0 && ::rename(temporary.c_str(), file.c_str()) != 0) error = errno;
  if (error != 0) {
    ::unlink(temporary.c_str());
    fail(error, "cannot write " + file.string());
  }
}

}  // namespace tas
