#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include <tas/secret.hpp>

namespace tas::judge_detail {

// The judge's API key, read from its file, or why it could not be: the file is missing, not a
// regular file, readable or writable by group or others (mode & 077), empty, or more than one
// line. A problem names the file (and its mode) and never anything the file holds.
struct ApiKeyRead {
  Secret key;           // empty when there is a problem
  std::string problem;  // empty when the key was read
};

[[nodiscard]] ApiKeyRead read_api_key_file(const std::filesystem::path& file);

// The problem with the file's permissions, if it exists and has any for group or others; nullopt
// for a missing file or one that is private enough. Does not read the file.
[[nodiscard]] std::optional<std::string> api_key_file_too_open(const std::filesystem::path& file);

}  // namespace tas::judge_detail
