#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace tas {

// The crash signatures a log may show: native aborts and signals, Node, Python, Go, Rust, Java
// and the sanitizers' reports.
[[nodiscard]] const std::vector<std::string>& standard_crash_signatures();

struct CrashSignatureHit {
  std::string signature;
  std::string line;  // the whole line it was found in (trimmed to a sane length)
  // The line with a few lines before and after it: a traceback's frames and a panic's message
  // follow the line that names it, and the signature alone says little.
  std::vector<std::string> context;
};

// Every line of `text` that contains one of the standard signatures or of `extra`, at most
// `max_hits` of them, each with up to kCrashContextBefore lines before and kCrashContextAfter
// lines after it (from `text` only: the caller decides how much of a log is read).
inline constexpr std::size_t kCrashContextBefore = 3;
inline constexpr std::size_t kCrashContextAfter = 8;
[[nodiscard]] std::vector<CrashSignatureHit> find_crash_signatures(
    std::string_view text, std::span<const std::string> extra, std::size_t max_hits = 20);

}  // namespace tas
