#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace tas {

// The crash signatures of SPEC §11 that a log may show.
[[nodiscard]] const std::vector<std::string>& standard_crash_signatures();

struct CrashSignatureHit {
  std::string signature;
  std::string line;  // the whole line it was found in (trimmed to a sane length)
};

// Every line of `text` that contains one of the standard signatures or of `extra`, at most
// `max_hits` of them.
[[nodiscard]] std::vector<CrashSignatureHit> find_crash_signatures(
    std::string_view text, std::span<const std::string> extra, std::size_t max_hits = 20);

}  // namespace tas
