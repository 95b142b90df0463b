#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

namespace tas {

// The end of a log, read in bounded memory and time whatever the log's size: at most
// `max_bytes` from the end, starting after the first line break when the read began mid-line,
// so no half line is judged.
struct LogTail {
  std::string text;
  std::uintmax_t file_size = 0;  // the whole file's size when it was read
  bool truncated = false;        // the file was longer than what was read
  bool exists = false;
};

[[nodiscard]] LogTail read_log_tail(const std::filesystem::path& file, std::size_t max_bytes);

}  // namespace tas
