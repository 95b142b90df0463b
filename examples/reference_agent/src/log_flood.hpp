#pragma once

#include <cstdint>

#include "log.hpp"

namespace tas::reference_agent {

// The floodLogMb fault: appends `megabytes` MB of ordinary log lines to the logger's file, in large
// buffered writes so that even hundreds of MB take little time. Proves that the harness's crash
// scan reads only the tail of a log. Returns the number of bytes written.
std::uint64_t flood_log(const Logger& logger, double megabytes);

}  // namespace tas::reference_agent
