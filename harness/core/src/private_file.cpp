#include <algorithm>
#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <fmt/format.h>
#include <openssl/crypto.h>
#include <sys/stat.h>
#include <unistd.h>

#include <tas/core/private_file.hpp>
#include <tas/core/unique_fd.hpp>

namespace tas {
namespace {

// Why a file or directory with these attributes may not hold a secret; empty when it may.
std::string ownership_problem(const std::filesystem::path& path, const struct stat& info,
                              std::string_view expected_mode, std::string_view chmod_mode) {
  if (info.st_uid != ::geteuid()) {
    return fmt::format(
        "{} is owned by uid {}, not by you (uid {}); a secret must be yours alone: move it "
        "away, or recreate it as yourself",
        path.string(), info.st_uid, ::geteuid());
  }
  if ((info.st_mode & 077) != 0) {
    return fmt::format(
        "{} has mode {}, which lets group or others read it (expected {}); run `chmod {} {}`, "
        "and replace the secret if others could have read it",
        path.string(), mode_text(info.st_mode), expected_mode, chmod_mode, path.string());
  }
  return {};
}

}  // namespace

std::string mode_text(mode_t mode) {
  return fmt::format("{:04o}", static_cast<unsigned>(mode & 07777));
}

void wipe(std::string& text) noexcept {
  if (!text.empty()) OPENSSL_cleanse(text.data(), text.size());
  text.clear();
}

PrivateFile read_private_file(const std::filesystem::path& file, std::size_t max_bytes,
                              SymlinkPolicy symlinks) {
  PrivateFile result;
  // Opened without blocking and only when it is a regular file: a FIFO put in a store file's
  // place would otherwise block the reader forever.
  UntrustedFile opened = open_untrusted_file(file, "the file", symlinks);
  switch (opened.status) {
    case UntrustedFile::Status::ok:
      break;
    case UntrustedFile::Status::missing:
      result.status = PrivateFile::Status::missing;
      result.problem = fmt::format("{} does not exist", file.string());
      return result;
    case UntrustedFile::Status::not_regular:
      result.status = PrivateFile::Status::unsafe;
      result.problem =
          symlinks == SymlinkPolicy::refuse && ::lstat(file.c_str(), &opened.info) == 0 &&
                  S_ISLNK(opened.info.st_mode)
              ? fmt::format(
                    "{} is a symbolic link; the store reads only regular files it wrote "
                    "itself: remove the link",
                    file.string())
              : opened.problem;
      return result;
    default:
      result.problem = opened.problem;
      return result;
  }
  const UniqueFd fd = std::move(opened.fd);
  const struct stat info = opened.info;
  if (std::string problem = ownership_problem(file, info, "0600", "600"); !problem.empty()) {
    result.status = PrivateFile::Status::unsafe;
    result.problem = std::move(problem);
    return result;
  }
  if (static_cast<std::size_t>(info.st_size) > max_bytes) {
    result.problem = fmt::format("{} is {} bytes, more than the {} expected", file.string(),
                                 info.st_size, max_bytes);
    return result;
  }
  // Read into a buffer sized once, so no reallocation leaves a copy of the secret behind.
  std::string content(max_bytes + 1, '\0');
  std::size_t got = 0;
  while (got < content.size()) {
    const ssize_t n = ::read(fd.get(), content.data() + got, content.size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int error = errno;
      wipe(content);
      result.problem = fmt::format("cannot read {}: {}", file.string(), std::strerror(error));
      return result;
    }
    if (n == 0) break;
    got += static_cast<std::size_t>(n);
  }
  if (got > max_bytes) {
    wipe(content);
    result.problem =
        fmt::format("{} grew past {} bytes while it was read", file.string(), max_bytes);
    return result;
  }
  content.resize(got);
  result.status = PrivateFile::Status::ok;
  result.content = std::move(content);
  return result;
}

OneTokenFile read_one_token_file(const std::filesystem::path& file, std::string_view what) {
  // A key or a token is a few hundred bytes at most; anything bigger is not one.
  constexpr std::size_t kMaxTokenFileBytes = 16 * 1024;
  OneTokenFile result;
  PrivateFile read = read_private_file(file, kMaxTokenFileBytes, SymlinkPolicy::follow);
  if (read.status != PrivateFile::Status::ok) {
    result.status = read.status == PrivateFile::Status::missing  ? OneTokenFile::Status::missing
                    : read.status == PrivateFile::Status::unsafe ? OneTokenFile::Status::unsafe
                                                                 : OneTokenFile::Status::failed;
    result.problem = fmt::format("{}: {}", what, read.problem);
    return result;
  }
  Secret whole(std::move(read.content));  // wiped when it goes away, whatever happens below
  std::string_view token = whole.reveal();
  while (!token.empty() && (token.back() == '\n' || token.back() == '\r'))
    token.remove_suffix(1);
  const bool one_token = std::none_of(token.begin(), token.end(), [](char c) {
    return static_cast<unsigned char>(c) <= 0x20 || c == 0x7F;
  });
  if (token.empty() || !one_token) {
    result.status = OneTokenFile::Status::malformed;
    result.problem =
        fmt::format("{} {} {}: write the token alone into it (one line, no spaces)", what,
                    file.string(), token.empty() ? "is empty" : "holds more than one word or line");
    return result;
  }
  result.status = OneTokenFile::Status::ok;
  result.token = Secret(std::string(token));
  return result;
}

std::string private_directory_problem(const std::filesystem::path& directory) {
  struct stat info {};
  if (::stat(directory.c_str(), &info) != 0) {
    return fmt::format("cannot inspect {}: {}", directory.string(), std::strerror(errno));
  }
  if (!S_ISDIR(info.st_mode)) return fmt::format("{} is not a directory", directory.string());
  return ownership_problem(directory, info, "0700", "700");
}

}  // namespace tas
