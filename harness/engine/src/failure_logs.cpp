#include <algorithm>
#include <system_error>

#include <fmt/format.h>

#include <tas/backends/log_tail.hpp>
#include <tas/core/atomic_file.hpp>
#include <tas/engine/failure_logs.hpp>

namespace tas {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr std::string_view kKeptLogsMarker = ".test-as-self-logs";
// An excerpt reads this much from the end, so a line of up to this length is shown whole (cut to
// the byte bound only after redaction: a secret is never cut in two and so missed).
constexpr std::size_t kExcerptWindow = 64 * 1024;

// The regular files in `directory`, by name; nothing when it is not one.
std::vector<fs::path> regular_files_in(const fs::path& directory) {
  std::vector<fs::path> files;
  std::error_code error;
  if (!fs::is_directory(directory, error)) return files;
  for (const auto& entry : fs::directory_iterator(directory, error)) {
    if (entry.is_regular_file(error) && !entry.is_symlink(error)) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

// The length of the UTF-8 sequence starting at `text[at]`, or 0 when it is not a valid one.
std::size_t utf8_sequence_length(std::string_view text, std::size_t at) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char lead = byte(at);
  std::size_t length = 0;
  if (lead < 0x80) return 1;
  if (lead >= 0xC2 && lead <= 0xDF) length = 2;
  if (lead >= 0xE0 && lead <= 0xEF) length = 3;
  if (lead >= 0xF0 && lead <= 0xF4) length = 4;
  if (length == 0 || at + length > text.size()) return 0;
  for (std::size_t i = 1; i < length; ++i) {
    if ((byte(at + i) & 0xC0) != 0x80) return 0;
  }
  return length;
}

// Log bytes as JSON can carry them: every byte that is not part of valid UTF-8 becomes U+FFFD.
std::string as_utf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t at = 0; at < text.size();) {
    const std::size_t length = utf8_sequence_length(text, at);
    if (length == 0) {
      out += "\xEF\xBF\xBD";
      ++at;
    } else {
      out.append(text.substr(at, length));
      at += length;
    }
  }
  return out;
}

// The end of `line` in at most `max_bytes`, starting on a whole UTF-8 character.
std::string utf8_suffix(const std::string& line, std::size_t max_bytes) {
  if (line.size() <= max_bytes) return line;
  std::size_t start = line.size() - max_bytes;
  while (start < line.size() && (static_cast<unsigned char>(line[start]) & 0xC0) == 0x80)
    ++start;
  return line.substr(start);
}

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(std::move(line));
    start = end + 1;
  }
  return lines;
}

// Where the copy of `file` goes in the kept directory: its path in the home, so the directory
// reads like the home's own (agent-logs/server.log, logs/server.stderr.log).
fs::path copy_name(const fs::path& file, const fs::path& home) {
  const fs::path relative = file.lexically_normal().lexically_relative(home.lexically_normal());
  if (relative.empty() || *relative.begin() == "..")
    return fs::path("outside-home") / file.filename();
  return relative;
}

}  // namespace

json to_json(const FailureLogs& logs) {
  json excerpts = json::array();
  for (const LogExcerpt& excerpt : logs.excerpts) {
    excerpts.push_back({{"path", excerpt.path},
                        {"size", excerpt.size},
                        {"truncated", excerpt.truncated},
                        {"lines", excerpt.lines}});
  }
  json kept_files = json::array();
  json kept_problems = json::array();
  if (logs.kept) {
    for (const KeptLogFile& file : logs.kept->files) {
      kept_files.push_back({{"source", file.source},
                            {"copy", file.copy},
                            {"size", file.size},
                            {"bytes_kept", file.bytes_kept},
                            {"truncated", file.truncated}});
    }
    kept_problems = logs.kept->problems;
  }
  return {{"excerpts", excerpts},
          {"files_left_out", logs.files_left_out},
          {"kept_directory", logs.kept ? json(logs.kept->directory) : json(nullptr)},
          {"kept_files", kept_files},
          {"kept_problems", kept_problems}};
}

std::vector<fs::path> run_log_files(const std::vector<fs::path>& agent_logs,
                                    const fs::path& home_logs) {
  std::vector<fs::path> files;
  auto add = [&](const fs::path& file) {
    const fs::path normal = file.lexically_normal();
    if (std::find(files.begin(), files.end(), normal) == files.end()) files.push_back(normal);
  };
  for (const fs::path& log : agent_logs) {
    std::error_code error;
    if (fs::is_directory(log, error)) {
      for (const fs::path& file : regular_files_in(log))
        add(file);
    } else if (fs::is_regular_file(log, error)) {
      add(log);
    }
  }
  for (const fs::path& file : regular_files_in(home_logs))
    add(file);
  return files;
}

LogExcerpt excerpt_of(const fs::path& file, const FailureLogLimits& limits,
                      const Redactor& redactor) {
  LogExcerpt excerpt;
  excerpt.path = redactor.redact(file.string());
  const LogTail tail = read_log_tail(file, kExcerptWindow);
  excerpt.size = tail.file_size;
  excerpt.truncated = tail.truncated;
  if (tail.truncated && tail.text.empty()) {
    // The last line alone is longer than the window: showing its end would mean cutting before
    // redacting it.
    excerpt.lines.push_back(fmt::format("… (the last line is longer than {} KiB; see the file)",
                                        kExcerptWindow / 1024));
    return excerpt;
  }
  std::vector<std::string> lines = split_lines(as_utf8(redactor.redact(tail.text)));
  if (lines.size() > limits.excerpt_lines) {
    lines.erase(lines.begin(), lines.end() - static_cast<std::ptrdiff_t>(limits.excerpt_lines));
    excerpt.truncated = true;
  }
  // The newest lines win the byte bound; the one line that does not fit whole keeps its end.
  std::size_t bytes = 0;
  std::vector<std::string> kept;
  for (auto line = lines.rbegin(); line != lines.rend(); ++line) {
    if (bytes + line->size() <= limits.excerpt_bytes) {
      bytes += line->size();
      kept.push_back(std::move(*line));
      continue;
    }
    if (kept.empty()) kept.push_back("…" + utf8_suffix(*line, limits.excerpt_bytes));
    excerpt.truncated = true;
    break;
  }
  excerpt.lines.assign(kept.rbegin(), kept.rend());
  return excerpt;
}

FailureLogs excerpts_of(const std::vector<fs::path>& files, const FailureLogLimits& limits,
                        const Redactor& redactor) {
  FailureLogs logs;
  for (const fs::path& file : files) {
    if (logs.excerpts.size() == limits.max_files) {
      ++logs.files_left_out;
      continue;
    }
    logs.excerpts.push_back(excerpt_of(file, limits, redactor));
  }
  return logs;
}

bool is_kept_logs_directory(const fs::path& directory) {
  std::error_code error;
  return fs::is_directory(fs::symlink_status(directory, error)) &&
         fs::is_regular_file(fs::symlink_status(directory / kKeptLogsMarker, error));
}

fs::path kept_logs_directory_for(const fs::path& report) {
  std::string stem = report.filename().string();
  if (stem.ends_with(".json")) stem.resize(stem.size() - 5);
  const fs::path parent = report.parent_path();
  fs::path candidate = parent / (stem + ".logs");
  for (int n = 1;; ++n) {
    std::error_code error;
    const bool taken = fs::symlink_status(candidate, error).type() != fs::file_type::not_found;
    if (!taken || is_kept_logs_directory(candidate)) return candidate;
    candidate = parent / fmt::format("{}.logs.{}", stem, n);
  }
}

KeptLogs keep_logs(const std::vector<fs::path>& files, const fs::path& home,
                   const fs::path& directory, const FailureLogLimits& limits,
                   const Redactor& redactor) {
  KeptLogs kept;
  kept.directory = directory.string();
  std::error_code error;
  if (fs::symlink_status(directory, error).type() != fs::file_type::not_found) {
    if (!is_kept_logs_directory(directory)) {
      kept.problems.push_back(fmt::format(
          "{} is there and was not made by test-as-self; nothing was copied", directory.string()));
      return kept;
    }
    // An earlier run's logs for the same report, which that report's replacement supersedes.
    fs::remove_all(directory);
  }
  fs::create_directory(directory);
  fs::permissions(directory, fs::perms::owner_all);
  // The marker first: a directory this run made is recognised as the harness's from then on.
  write_file_atomically(directory / kKeptLogsMarker, "test-as-self: logs of a failed run\n",
                        fs::perms(0600), Durability::crash_safe);
  for (const fs::path& file : files) {
    if (kept.files.size() == limits.max_files) break;
    try {
      const LogTail tail = read_log_tail(file, limits.kept_bytes);
      if (!tail.exists) continue;
      const fs::path copy = directory / copy_name(file, home);
      fs::create_directories(copy.parent_path());
      const std::string content = redactor.redact(tail.text);
      write_file_atomically(copy, content, fs::perms(0600), Durability::crash_safe);
      kept.files.push_back({redactor.redact(file.string()), redactor.redact(copy.string()),
                            tail.file_size, content.size(), tail.truncated});
    } catch (const std::exception& failure) {
      kept.problems.push_back(redactor.redact(failure.what()));
    }
  }
  return kept;
}

}  // namespace tas
