#include <array>
#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <tas/core/untrusted_file.hpp>

namespace tas {
namespace {

std::string not_regular(const std::filesystem::path& file, std::string_view what, mode_t mode) {
  return fmt::format(
      "{} {} is {}, not a regular file (reading it could block forever or never end); name a "
      "regular file",
      what, file.string(), file_type_name(mode));
}

std::string too_large(const std::filesystem::path& file, std::string_view what,
                      std::size_t max_bytes, std::string_view seen) {
  return fmt::format(
      "{} {} is {}, more than the {} bytes such a file may have; name the right file", what,
      file.string(), seen, max_bytes);
}

}  // namespace

std::string_view file_type_name(mode_t mode) {
  if (S_ISREG(mode)) return "a regular file";
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISFIFO(mode)) return "a FIFO (named pipe)";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  if (S_ISLNK(mode)) return "a symbolic link";
  return "not a file";
}

UntrustedFile open_untrusted_file(const std::filesystem::path& file, std::string_view what,
                                  SymlinkPolicy symlinks) {
  UntrustedFile result;
  struct stat before {};
  const int stat_result = symlinks == SymlinkPolicy::refuse ? ::lstat(file.c_str(), &before)
                                                            : ::stat(file.c_str(), &before);
  if (stat_result != 0) {
    const int error = errno;
    if (error == ENOENT) {
      result.status = UntrustedFile::Status::missing;
      result.problem = fmt::format("{} {} does not exist; check the path", what, file.string());
    } else {
      result.problem =
          fmt::format("cannot inspect {} {}: {}", what, file.string(), std::strerror(error));
    }
    return result;
  }
  if (!S_ISREG(before.st_mode)) {
    result.status = UntrustedFile::Status::not_regular;
    result.problem = not_regular(file, what, before.st_mode);
    return result;
  }
  const int flags = O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY |
                    (symlinks == SymlinkPolicy::refuse ? O_NOFOLLOW : 0);
  UniqueFd fd(::open(file.c_str(), flags));
  if (!fd) {
    const int error = errno;
    result.status =
        error == ENOENT ? UntrustedFile::Status::missing : UntrustedFile::Status::failed;
    result.problem =
        fmt::format("cannot open {} {}: {}", what, file.string(), std::strerror(error));
    return result;
  }
  if (::fstat(fd.get(), &result.info) != 0) {
    result.problem =
        fmt::format("cannot inspect {} {}: {}", what, file.string(), std::strerror(errno));
    return result;
  }
  if (!S_ISREG(result.info.st_mode)) {
    result.status = UntrustedFile::Status::not_regular;
    result.problem = not_regular(file, what, result.info.st_mode);
    return result;
  }
  result.fd = std::move(fd);
  result.status = UntrustedFile::Status::ok;
  return result;
}

UntrustedRead read_untrusted_file(const std::filesystem::path& file, std::string_view what,
                                  std::size_t max_bytes, SymlinkPolicy symlinks) {
  UntrustedRead result;
  UntrustedFile opened = open_untrusted_file(file, what, symlinks);
  if (!opened.ok()) {
    result.status = opened.status;
    result.problem = std::move(opened.problem);
    return result;
  }
  if (opened.info.st_size > 0 && static_cast<std::size_t>(opened.info.st_size) > max_bytes) {
    result.status = UntrustedFile::Status::too_large;
    result.problem = too_large(file, what, max_bytes, fmt::format("{} bytes", opened.info.st_size));
    return result;
  }
  result.content.reserve(static_cast<std::size_t>(opened.info.st_size));
  std::array<char, 16 * 1024> buffer{};
  for (;;) {
    const ssize_t got = ::read(opened.fd.get(), buffer.data(), buffer.size());
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) {
      result.content.clear();
      result.problem =
          fmt::format("cannot read {} {}: {}", what, file.string(), std::strerror(errno));
      return result;
    }
    if (got == 0) break;
    if (result.content.size() + static_cast<std::size_t>(got) > max_bytes) {
      result.content.clear();
      result.status = UntrustedFile::Status::too_large;
      result.problem = too_large(file, what, max_bytes, "longer than that");
      return result;
    }
    result.content.append(buffer.data(), static_cast<std::size_t>(got));
  }
  result.status = UntrustedFile::Status::ok;
  return result;
}

bool is_regular_or_missing(const std::filesystem::path& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) return errno == ENOENT;
  return S_ISREG(info.st_mode);
}

}  // namespace tas
