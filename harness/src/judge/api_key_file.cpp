#include "api_key_file.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>

#include "text_excerpt.hpp"
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>

#include <tas/unique_fd.hpp>

namespace tas::judge_detail {
namespace {

// An API key is a few hundred bytes at most; anything bigger is not a key file.
constexpr off_t kMaxKeyFileSize = 16 * 1024;

std::string too_open_message(const std::filesystem::path& file, mode_t mode) {
  return fmt::format(
      "the API key file {} has mode {:04o}: group or others may read or write it. Make it "
      "private (chmod 600 {}) and run again",
      file.string(), mode & 07777, file.string());
}

}  // namespace

std::optional<std::string> api_key_file_too_open(const std::filesystem::path& file) {
  struct stat status {};
  if (::stat(file.c_str(), &status) != 0) return std::nullopt;
  if ((status.st_mode & 077) != 0) return too_open_message(file, status.st_mode);
  return std::nullopt;
}

ApiKeyRead read_api_key_file(const std::filesystem::path& file) {
  ApiKeyRead result;
  const UniqueFd fd(::open(file.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK));
  if (!fd) {
    const int error = errno;
    result.problem = error == ENOENT
                         ? fmt::format(
                               "the API key file {} does not exist (put the key alone in it, mode "
                               "0600)",
                               file.string())
                         : fmt::format("cannot open the API key file {}: {}", file.string(),
                                       std::strerror(error));
    return result;
  }
  // The checks are made on the opened file, so the file checked is the file read.
  struct stat status {};
  if (::fstat(fd.get(), &status) != 0) {
    result.problem =
        fmt::format("cannot inspect the API key file {}: {}", file.string(), std::strerror(errno));
    return result;
  }
  if (!S_ISREG(status.st_mode)) {
    result.problem = fmt::format("the API key file {} is not a regular file", file.string());
    return result;
  }
  if ((status.st_mode & 077) != 0) {
    result.problem = too_open_message(file, status.st_mode);
    return result;
  }
  if (status.st_size > kMaxKeyFileSize) {
    result.problem = fmt::format("the API key file {} is {} bytes: too big for a key (at most {})",
                                 file.string(), status.st_size, kMaxKeyFileSize);
    return result;
  }

  std::string content;
  std::array<char, 4096> buffer{};
  for (;;) {
    const ssize_t got = ::read(fd.get(), buffer.data(), buffer.size());
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) {
      result.problem =
          fmt::format("cannot read the API key file {}: {}", file.string(), std::strerror(errno));
      std::fill(content.begin(), content.end(), '\0');
      return result;
    }
    if (got == 0) break;
    // Files under /proc claim to be empty: the cap is checked on what is read, too.
    if (content.size() + static_cast<std::size_t>(got) >
        static_cast<std::size_t>(kMaxKeyFileSize)) {
      std::fill(content.begin(), content.end(), '\0');
      std::fill(buffer.begin(), buffer.end(), '\0');
      result.problem = fmt::format("the API key file {} is more than {} bytes: too big for a key",
                                   file.string(), kMaxKeyFileSize);
      return result;
    }
    content.append(buffer.data(), static_cast<std::size_t>(got));
  }
  std::fill(buffer.begin(), buffer.end(), '\0');
  Secret whole(std::move(content));  // wiped when it goes away, whatever happens below

  const std::string_view key = trim(whole.reveal());
  if (key.empty()) {
    result.problem = fmt::format("the API key file {} is empty", file.string());
    return result;
  }
  // The key goes into an HTTP header: a line break or a control character would forge one.
  const bool one_token = std::none_of(key.begin(), key.end(), [](char c) {
    return static_cast<unsigned char>(c) <= 0x20 || c == 0x7F;
  });
  if (!one_token) {
    result.problem = fmt::format(
        "the API key file {} holds more than one word or line; it must hold the key alone",
        file.string());
    return result;
  }
  result.key = Secret(std::string(key));
  return result;
}

}  // namespace tas::judge_detail
