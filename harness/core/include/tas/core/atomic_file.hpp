#pragma once

#include <filesystem>
#include <string_view>

namespace tas {

// Writes `content` to `file` so that a reader sees the old file or the new one, never a part:
// a temporary file in the same directory is written with `mode`, synced, and renamed over
// `file`. Throws std::system_error naming the file.
void write_file_atomically(const std::filesystem::path& file, std::string_view content,
                           std::filesystem::perms mode);

}  // namespace tas
