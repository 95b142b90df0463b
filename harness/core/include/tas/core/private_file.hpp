#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

#include <sys/types.h>

#include <tas/core/secret.hpp>
#include <tas/core/untrusted_file.hpp>

namespace tas {

// The outcome of reading a file that must be the user's alone (a store file, a key or token
// file).
struct PrivateFile {
  enum class Status { ok, missing, unsafe, failed };
  Status status = Status::failed;
  std::string content;  // Status::ok only. May be a secret: the caller wipes it (wipe()).
  std::string problem;  // otherwise: what is wrong and what to do, naming the file
};

// Reads at most `max_bytes` of `file`, and only when it is a regular file owned by the effective
// user that grants nothing to group or others. The checks are made on the open descriptor
// (fstat), so the file cannot be swapped between the check and the read.
[[nodiscard]] PrivateFile read_private_file(const std::filesystem::path& file,
                                            std::size_t max_bytes, SymlinkPolicy symlinks);

// A private file that holds one token alone — an API key, a bearer token — with at most a line
// break after it. The token goes into an HTTP header, so a space, a second line or a control
// character is refused: it would forge a header. A problem names the file, never its content.
struct OneTokenFile {
  enum class Status { ok, missing, unsafe, malformed, failed };
  Status status = Status::failed;
  Secret token;         // Status::ok only
  std::string problem;  // otherwise: `what`, the file, what is wrong and what to do
};

// `what` names the file in problems: "the API key file".
[[nodiscard]] OneTokenFile read_one_token_file(const std::filesystem::path& file,
                                               std::string_view what);

// Empty when `directory` is a directory owned by the effective user that grants nothing to group
// or others; otherwise what is wrong and what to do.
[[nodiscard]] std::string private_directory_problem(const std::filesystem::path& directory);

// "0644": the permission bits as `ls -l`'s octal friends write them.
[[nodiscard]] std::string mode_text(mode_t mode);

// Overwrites the buffer before it is released (OPENSSL_cleanse is not optimised away).
void wipe(std::string& text) noexcept;

}  // namespace tas
