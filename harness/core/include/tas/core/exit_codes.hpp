#pragma once

namespace tas::exit_code {

// The exit codes of test-as-self (README.md, 'Command line'). A failing step exits with its own
// number (1…7) and nothing else does.
inline constexpr int kPassed = 0;
inline constexpr int kUsage = 64;  // EX_USAGE of sysexits.h; 2 would name step 2
inline constexpr int kBadTarget = 11;
inline constexpr int kRawSecret = 12;
inline constexpr int kInterrupted = 130;

}  // namespace tas::exit_code
