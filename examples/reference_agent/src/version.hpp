#pragma once

#include <string>
#include <string_view>

namespace tas::reference_agent {

inline constexpr std::string_view kVersion = TAS_REFERENCE_AGENT_VERSION;

// What the rebuild stamps into the native directory and the server expects to find there: the
// analogue of a Node ABI version that `npm rebuild` builds a native module for.
inline std::string runtime_name() {
  return "reference-agent " + std::string(kVersion);
}

}  // namespace tas::reference_agent
