#include <cerrno>
#include <system_error>

#include <fcntl.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <tas/core/errors.hpp>
#include <tas/core/printable_path.hpp>
#include <tas/core/sha256.hpp>
#include <tas/engine/target_lock.hpp>

namespace tas {
namespace {

namespace fs = std::filesystem;

constexpr std::size_t kMaxHolderBytes = 4096;

[[noreturn]] void fail(const std::string& what) {
  throw std::system_error(errno, std::generic_category(), what);
}

// Who holds the lock, as its holder wrote it; a holder that has only just taken the lock may not
// have written it yet.
std::string describe_holder(int fd) {
  std::string text(kMaxHolderBytes, '\0');
  const ssize_t got = ::pread(fd, text.data(), text.size(), 0);
  text.resize(got > 0 ? static_cast<std::size_t>(got) : 0);
  const auto holder = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!holder.is_object() || !holder.contains("run_id") || !holder["run_id"].is_string() ||
      !holder.contains("pid") || !holder["pid"].is_number_integer()) {
    return "another run (it is still writing who it is)";
  }
  return fmt::format("run {} (pid {})", holder["run_id"].get<std::string>(),
                     holder["pid"].get<long>());
}

void write_holder(int fd, const fs::path& real_target, const std::string& run_id) {
  const std::string holder = nlohmann::json{{"run_id", run_id},
                                            {"pid", static_cast<long>(::getpid())},
                                            {"target", real_target.string()}}
                                 .dump() +
                             "\n";
  if (::ftruncate(fd, 0) != 0) fail("cannot truncate the target lock file");
  if (::pwrite(fd, holder.data(), holder.size(), 0) != static_cast<ssize_t>(holder.size())) {
    fail("cannot write the target lock file");
  }
}

// Opens and locks the lock file; empty with `holder` set when another run holds it. A lock file
// that its last holder unlinked between our open and our flock is a dead inode: try again on the
// file that is there now.
UniqueFd lock_file(const fs::path& file, std::string& holder) {
  for (;;) {
    UniqueFd fd(::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600));
    if (!fd) fail(fmt::format("cannot open the target lock file '{}'", file.string()));
    if (::flock(fd.get(), LOCK_EX | LOCK_NB) != 0) {
      if (errno != EWOULDBLOCK) fail(fmt::format("cannot lock '{}'", file.string()));
      holder = describe_holder(fd.get());
      return {};
    }
    struct stat opened {};
    struct stat named {};
    if (::fstat(fd.get(), &opened) != 0) fail("cannot look at the target lock file");
    if (::lstat(file.c_str(), &named) == 0 && named.st_ino == opened.st_ino &&
        named.st_dev == opened.st_dev) {
      return fd;
    }
  }
}

}  // namespace

fs::path TargetLock::file_for(const fs::path& lock_directory, const fs::path& real_target) {
  return lock_directory / (sha256_hex(real_target.string()).substr(0, 32) + ".lock");
}

TargetLock TargetLock::take(const fs::path& lock_directory, const fs::path& real_target,
                            const std::string& run_id, std::string& holder) {
  std::error_code error;
  if (fs::create_directories(lock_directory, error)) {
    fs::permissions(lock_directory, fs::perms::owner_all, error);
  }
  if (error) {
    throw std::system_error(
        error, fmt::format("cannot create the lock directory '{}'", lock_directory.string()));
  }
  TargetLock lock;
  lock.file_ = file_for(lock_directory, real_target);
  lock.fd_ = lock_file(lock.file_, holder);
  if (!lock.held()) return {};
  write_holder(lock.fd_.get(), real_target, run_id);
  return lock;
}

TargetLock TargetLock::try_acquire(const fs::path& lock_directory, const fs::path& real_target,
                                   const std::string& run_id) {
  std::string holder;
  return take(lock_directory, real_target, run_id, holder);
}

TargetLock TargetLock::acquire(const fs::path& lock_directory, const fs::path& real_target,
                               const std::string& run_id) {
  std::string holder;
  TargetLock lock = take(lock_directory, real_target, run_id, holder);
  if (!lock.held()) {
    throw TargetRefused(fmt::format(
        "refusing target '{}': {} is using it right now, and two runs on one home would overwrite "
        "each other's config and token and delete each other's files. Wait for that run to end, "
        "or choose another target.",
        printable_path(real_target), holder));
  }
  return lock;
}

TargetLock& TargetLock::operator=(TargetLock&& other) noexcept {
  if (this != &other) {
    release();
    fd_ = std::move(other.fd_);
    file_ = std::move(other.file_);
  }
  return *this;
}

TargetLock::~TargetLock() {
  release();
}

void TargetLock::release() noexcept {
  if (!fd_) return;
  // Unlinked while still held, so the directory does not fill up with lock files; a run that
  // opened this inode meanwhile notices it is no longer the named file and opens the new one.
  (void)::unlink(file_.c_str());
  fd_.reset();
}

}  // namespace tas
