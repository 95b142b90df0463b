#include "crash.hpp"

#include <cstdint>
#include <cstdlib>
#include <new>

namespace tas::reference_agent {
namespace {

// An address the compiler cannot see through: a literal null write may be turned into a trap
// instruction (SIGILL) by GCC's -fisolate-erroneous-paths-dereference, which is not the crash a
// real stray pointer produces. Page 0 is never mapped, so this write faults with SIGSEGV.
const volatile std::uintptr_t kStrayAddress = 16;

// Not inlined into the noexcept caller, so the throw is an ordinary one that finds no handler:
// std::terminate runs with the exception current and libstdc++'s verbose terminate handler prints
// its type and what(). An explicit throw rather than a huge allocation because the optimizer may
// elide an unused allocation and overcommit may let a large one succeed.
[[gnu::noinline]] void throw_out_of_memory() {
  throw std::bad_alloc();
}

}  // namespace

void crash(CrashKind kind) noexcept {
  switch (kind) {
    case CrashKind::segfault:
      *reinterpret_cast<volatile int*>(kStrayAddress) = 42;
      break;
    case CrashKind::abort:
      break;
    case CrashKind::oom:
      throw_out_of_memory();
      break;
  }
  // Reached for `abort`, and as a backstop should the invalid write somehow not fault.
  std::abort();
}

}  // namespace tas::reference_agent
