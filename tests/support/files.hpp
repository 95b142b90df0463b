#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>
#include <sys/types.h>

namespace tas::test {

// The whole content of a file ("" when it does not exist or cannot be read: a test compares it or
// looks for something in it, and an absent file then fails that check by itself).
[[nodiscard]] std::string read_text(const std::filesystem::path& file);

// A JSON file (a report, a profile, an announcement), parsed. Throws naming the file when it is
// not JSON, so that the failure says which file a test found broken.
[[nodiscard]] nlohmann::json read_json(const std::filesystem::path& file);

// Creates or truncates `file` with `content`, with exactly `mode` (the umask does not apply). It is
// never readable by others in between: files written here often hold a token or a key.
std::filesystem::path write_file(const std::filesystem::path& file, std::string_view content,
                                 mode_t mode = 0600);

// The permission bits of `path` itself (a symlink is not followed).
[[nodiscard]] mode_t mode_of(const std::filesystem::path& path);

// Every path under `root`, relative and sorted: to show that a refused run created nothing.
[[nodiscard]] std::string listing(const std::filesystem::path& root);

}  // namespace tas::test
