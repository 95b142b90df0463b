#include <cerrno>
#include <cstring>
#include <optional>
#include <string>

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <tas/core/errors.hpp>
#include <tas/core/home_layout.hpp>
#include <tas/core/printable_path.hpp>
#include <tas/core/unique_fd.hpp>
#include <tas/engine/target_admission.hpp>

namespace tas {
namespace {

namespace fs = std::filesystem;

constexpr std::size_t kMaxMarkerBytes = 4096;

[[noreturn]] void refuse(const fs::path& target, const std::string& why,
                         std::string_view what_to_do) {
  throw TargetRefused(fmt::format("refusing target '{}': {}. Nothing was created; {}.",
                                  printable_path(target), why, what_to_do));
}

std::string kind_of(mode_t mode) {
  if (S_ISREG(mode)) return "a regular file";
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISCHR(mode) || S_ISBLK(mode)) return "a device";
  if (S_ISSOCK(mode)) return "a socket";
  return "not a directory";
}

// A small regular file, read without blocking (a FIFO named like a marker must not hang the
// run) and without following a symlink; nullopt for anything else.
std::optional<std::string> read_small_file(const fs::path& file) {
  UniqueFd fd(::open(file.c_str(), O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC));
  struct stat status {};
  if (!fd || ::fstat(fd.get(), &status) != 0 || !S_ISREG(status.st_mode) ||
      static_cast<std::size_t>(status.st_size) > kMaxMarkerBytes) {
    return std::nullopt;
  }
  std::string content(kMaxMarkerBytes, '\0');
  const ssize_t got = ::read(fd.get(), content.data(), content.size());
  if (got < 0) return std::nullopt;
  content.resize(static_cast<std::size_t>(got));
  return content;
}

bool is_empty_directory(const fs::path& directory, std::error_code& error) {
  return fs::directory_iterator(directory, error) == fs::directory_iterator();
}

void admit_missing(const fs::path& target) {
  const fs::path parent = target.parent_path();
  struct stat status {};
  if (::stat(parent.c_str(), &status) != 0) {
    if (errno != ENOENT) {
      refuse(target,
             fmt::format("its parent directory '{}' cannot be looked at ({})",
                         printable_path(parent), std::strerror(errno)),
             "choose a target inside a directory you can use");
    }
    refuse(target, fmt::format("its parent directory '{}' does not exist", printable_path(parent)),
           "create the parent first (a run creates only the home itself, so it never leaves "
           "directories behind), or choose another target");
  }
  if (!S_ISDIR(status.st_mode)) {
    refuse(target, fmt::format("its parent '{}' is not a directory", printable_path(parent)),
           "choose a target inside a directory");
  }
  if (::access(parent.c_str(), W_OK | X_OK) != 0) {
    refuse(target,
           fmt::format("its parent directory '{}' is not writable by you", printable_path(parent)),
           "choose a target inside a directory you can write");
  }
}

}  // namespace

void admit_target(const fs::path& real_target, const KeptHomeRecords& kept) {
  struct stat status {};
  if (::lstat(real_target.c_str(), &status) != 0) {
    if (errno == ENOENT) return admit_missing(real_target);
    if (errno == ELOOP) {
      refuse(real_target, "its path contains a symlink loop", "choose another target");
    }
    refuse(real_target, fmt::format("it cannot be looked at ({})", std::strerror(errno)),
           "choose another target");
  }
  if (!S_ISDIR(status.st_mode)) {
    refuse(real_target, fmt::format("it exists and is {}", kind_of(status.st_mode)),
           "choose a new or empty directory");
  }
  if (::access(real_target.c_str(), R_OK | W_OK | X_OK) != 0) {
    refuse(real_target, "it is a directory you cannot read and write",
           "choose a directory of your own");
  }
  std::error_code error;
  if (is_empty_directory(real_target, error)) return;
  if (error) {
    refuse(real_target, fmt::format("its content cannot be listed ({})", error.message()),
           "choose another target");
  }
  const HomeLayout layout = HomeLayout::of(real_target);
  const auto marker = read_small_file(layout.marker);
  if (!marker) {
    refuse(real_target,
           "it is not empty and holds no marker of an earlier --keep run of test-as-self, so its "
           "content is not the run's to fill or delete",
           "choose an empty or new directory");
  }
  if (!kept.enabled() || !KeptHomeRecords::proves(
                             marker, read_small_file(kept.record_file(real_target)), real_target)) {
    refuse(real_target,
           fmt::format("it holds a test-as-self marker, but no --keep run recorded keeping this "
                       "home{}; a marker file alone proves nothing (anyone can create one), and "
                       "the run would delete the directory's content",
                       kept.enabled() ? fmt::format(" (records: {})", kept.directory().string())
                                      : std::string()),
           "choose an empty or new directory, or delete this one yourself if it is a throwaway "
           "home");
  }
}

}  // namespace tas
