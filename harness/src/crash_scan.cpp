#include <tas/crash_scan.hpp>

namespace tas {

const std::vector<std::string>& standard_crash_signatures() {
  static const std::vector<std::string> signatures = {"FATAL ERROR",
                                                      "JavaScript heap out of memory",
                                                      "CheckIneffectiveMarkCompact",
                                                      "FatalProcessOutOfMemory",
                                                      "Allocation failed",
                                                      "Abort trap",
                                                      "SIGABRT",
                                                      "Segmentation fault",
                                                      "libc++abi",
                                                      "pthread_kill",
                                                      "terminate called",
                                                      "std::bad_alloc",
                                                      "AddressSanitizer",
                                                      "core dumped",
                                                      "stack smashing detected"};
  return signatures;
}

std::vector<CrashSignatureHit> find_crash_signatures(std::string_view text,
                                                     std::span<const std::string> extra,
                                                     std::size_t max_hits) {
  constexpr std::size_t kMaxLine = 400;
  std::vector<CrashSignatureHit> hits;
  std::size_t start = 0;
  while (start < text.size() && hits.size() < max_hits) {
    const std::size_t end = std::min(text.find('\n', start), text.size());
    const std::string_view line = text.substr(start, end - start);
    auto check = [&](const std::string& signature) {
      if (!signature.empty() && line.find(signature) != std::string_view::npos) {
        hits.push_back({signature, std::string(line.substr(0, kMaxLine))});
        return true;
      }
      return false;
    };
    bool hit = false;
    for (const std::string& signature : standard_crash_signatures()) {
      if ((hit = check(signature))) break;
    }
    if (!hit) {
      for (const std::string& signature : extra) {
        if (check(signature)) break;
      }
    }
    start = end + 1;
  }
  return hits;
}

}  // namespace tas
