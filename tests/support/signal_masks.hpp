#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace tas::test {

// One of a process's signal sets as /proc/<pid>/status shows it ("SigBlk", "SigIgn", "SigCgt",
// "SigPnd"), bit n-1 standing for signal n; nullopt when the process or the field is not there.
[[nodiscard]] std::optional<std::uint64_t> signal_set(int pid, std::string_view field);

// Whether the process blocks `signal_number` (holds it pending), ignores it, or has a handler for
// it. False once the process is gone: it holds nothing then.
[[nodiscard]] bool signal_blocked(int pid, int signal_number);
[[nodiscard]] bool signal_ignored(int pid, int signal_number);
[[nodiscard]] bool signal_caught(int pid, int signal_number);

}  // namespace tas::test
