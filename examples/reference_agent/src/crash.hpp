#pragma once

#include "faults.hpp"

namespace tas::reference_agent {

// Ends the process the way a real native program dies of `kind`, so that the harness sees the real
// signature: a SIGSEGV from an invalid write, a SIGABRT from abort(), or libstdc++'s
// "terminate called after throwing an instance of 'std::bad_alloc'" followed by SIGABRT.
[[noreturn]] void crash(CrashKind kind) noexcept;

}  // namespace tas::reference_agent
