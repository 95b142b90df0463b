#include <algorithm>

#include <tas/backends/crash_scan.hpp>

namespace tas {
namespace {

constexpr std::size_t kMaxLine = 400;

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t end = std::min(text.find('\n', start), text.size());
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

}  // namespace

const std::vector<std::string>& standard_crash_signatures() {
  static const std::vector<std::string> signatures = {
      // Native programs: the C++ runtime, libc and the kernel's words for a dying process.
      "Abort trap", "SIGABRT", "Segmentation fault", "libc++abi", "pthread_kill",
      "terminate called", "std::bad_alloc", "core dumped", "stack smashing detected",
      // Sanitizers. "runtime error:" is how UndefinedBehaviorSanitizer reports each finding.
      "AddressSanitizer", "UndefinedBehaviorSanitizer", "runtime error:", "ThreadSanitizer",
      "LeakSanitizer", "MemorySanitizer",
      // Node and V8.
      "FATAL ERROR", "JavaScript heap out of memory", "CheckIneffectiveMarkCompact",
      "FatalProcessOutOfMemory", "Allocation failed", "Uncaught", "UnhandledPromiseRejection",
      // Python, Go, Rust, Java.
      "Traceback (most recent call last):", "panic:", "panicked at", "Exception in thread"};
  return signatures;
}

std::vector<CrashSignatureHit> find_crash_signatures(std::string_view text,
                                                     std::span<const std::string> extra,
                                                     std::size_t max_hits) {
  const std::vector<std::string_view> lines = split_lines(text);
  std::vector<CrashSignatureHit> hits;
  auto signature_in = [&](std::string_view line) -> const std::string* {
    for (const std::string& signature : standard_crash_signatures()) {
      if (line.find(signature) != std::string_view::npos) return &signature;
    }
    for (const std::string& signature : extra) {
      if (!signature.empty() && line.find(signature) != std::string_view::npos) return &signature;
    }
    return nullptr;
  };
  for (std::size_t index = 0; index < lines.size() && hits.size() < max_hits; ++index) {
    const std::string* signature = signature_in(lines[index]);
    if (signature == nullptr) continue;
    CrashSignatureHit hit{*signature, std::string(lines[index].substr(0, kMaxLine)), {}};
    const std::size_t first = index - std::min(index, kCrashContextBefore);
    const std::size_t last = std::min(lines.size(), index + kCrashContextAfter + 1);
    for (std::size_t around = first; around < last; ++around)
      hit.context.emplace_back(lines[around].substr(0, kMaxLine));
    hits.push_back(std::move(hit));
  }
  return hits;
}

}  // namespace tas
