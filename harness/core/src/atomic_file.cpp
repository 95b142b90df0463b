#include <atomic>
#include <cerrno>
#include <string>
#include <system_error>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <tas/core/atomic_file.hpp>
#include <tas/core/unique_fd.hpp>

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

int write_all(int fd, std::string_view content) {
  std::size_t written = 0;
  while (written < content.size()) {
    const ssize_t n = ::write(fd, content.data() + written, content.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return errno;
    written += static_cast<std::size_t>(n);
  }
  return 0;
}

// The rename is only on disk once the directory that holds the name is.
void sync_directory_of(const std::filesystem::path& file, const SyncCall& sync) {
  const std::filesystem::path directory =
      file.has_parent_path() ? file.parent_path() : std::filesystem::path(".");
  const UniqueFd fd(::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!fd) fail(errno, "wrote " + file.string() + " but cannot open its directory to sync it");
  // Some file systems cannot sync a directory at all and say EINVAL; there is nothing more to do.
  if (sync(fd.get()) != 0 && errno != EINVAL) {
    fail(errno, "wrote " + file.string() + " but cannot sync its directory");
  }
}

}  // namespace

void write_file_atomically(const std::filesystem::path& file, std::string_view content,
                           std::filesystem::perms mode, Durability durability) {
  write_file_atomically(file, content, mode, durability, ::fsync);
}

void write_file_atomically(const std::filesystem::path& file, std::string_view content,
                           std::filesystem::perms mode, Durability durability,
                           const SyncCall& sync) {
  const std::filesystem::path temporary = file.parent_path() / temporary_name(file);
  const int fd =
      ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, static_cast<mode_t>(mode));
  if (fd < 0) fail(errno, "cannot create " + temporary.string());
  // The umask may have narrowed the mode; the caller asked for exactly this one.
  int error = ::fchmod(fd, static_cast<mode_t>(mode)) == 0 ? 0 : errno;
  if (error == 0) error = write_all(fd, content);
  if (error == 0 && durability == Durability::power_safe && sync(fd) != 0) error = errno;
  if (::close(fd) != 0 && error == 0) error = errno;
  if (error == 0 && ::rename(temporary.c_str(), file.c_str()) != 0) error = errno;
  if (error != 0) {
    ::unlink(temporary.c_str());
    fail(error, "cannot write " + file.string());
  }
  if (durability == Durability::power_safe) sync_directory_of(file, sync);
}

}  // namespace tas
