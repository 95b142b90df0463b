#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

#include <sys/stat.h>

#include <tas/core/unique_fd.hpp>

namespace tas {

// Every file a user names (a profile, a configuration, a key file, a store file, a lease, an
// earlier report) is read through here. A FIFO would block the reader forever and a device such
// as /dev/zero never ends, so a file is opened without blocking, must be a regular file, and is
// read only up to a cap for its kind.
inline constexpr std::size_t kMaxConfigFileBytes = 1024 * 1024;       // profiles, configurations
inline constexpr std::size_t kMaxSmallFileBytes = 64 * 1024;          // keys, leases
inline constexpr std::size_t kMaxReportFileBytes = 64 * 1024 * 1024;  // an earlier run's report

enum class SymlinkPolicy { follow, refuse };

struct UntrustedFile {
  enum class Status { ok, missing, not_regular, too_large, failed };
  Status status = Status::failed;
  UniqueFd fd;          // open (O_NONBLOCK, O_CLOEXEC) when status is ok
  struct stat info {};  // of the opened file, when status is ok
  std::string problem;  // otherwise: names the file, what was expected, what was seen

  [[nodiscard]] bool ok() const { return status == Status::ok; }
};

struct UntrustedRead {
  UntrustedFile::Status status = UntrustedFile::Status::failed;
  std::string content;  // Status::ok only
  std::string problem;  // otherwise, as above

  [[nodiscard]] bool ok() const { return status == UntrustedFile::Status::ok; }
};

// Opens `file` for reading when it is a regular file. `what` names it in problems ("the
// profile"). The type is checked before the open (no FIFO or device is opened at all) and again on
// the descriptor, so a file swapped in between is caught too.
[[nodiscard]] UntrustedFile open_untrusted_file(const std::filesystem::path& file,
                                                std::string_view what,
                                                SymlinkPolicy symlinks = SymlinkPolicy::follow);

// Reads all of a regular file of at most `max_bytes` (files under /proc say they are empty, so
// the cap is checked on the bytes read, not only on the size the file claims).
[[nodiscard]] UntrustedRead read_untrusted_file(const std::filesystem::path& file,
                                                std::string_view what, std::size_t max_bytes,
                                                SymlinkPolicy symlinks = SymlinkPolicy::follow);

// True when nothing is at `path`, or a regular file is (following symlinks): a place a report may
// be written to. A FIFO, a socket or a device is not: writing would block, or go somewhere else.
[[nodiscard]] bool is_regular_or_missing(const std::filesystem::path& path);

// "a FIFO", "a character device", …: what a file of this mode is, for messages.
[[nodiscard]] std::string_view file_type_name(mode_t mode);

}  // namespace tas
