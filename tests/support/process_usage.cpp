#include "process_usage.hpp"

#include <sys/resource.h>
#include <time.h>

namespace tas::test {

ProcessUsage process_usage() {
  timespec cpu{};
  ::clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu);
  rusage usage{};
  ::getrusage(RUSAGE_SELF, &usage);
  return {std::chrono::seconds(cpu.tv_sec) + std::chrono::nanoseconds(cpu.tv_nsec), usage.ru_nvcsw};
}

}  // namespace tas::test
