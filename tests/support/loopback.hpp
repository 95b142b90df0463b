#pragma once

#include <tas/core/unique_fd.hpp>

namespace tas::test {

// A loopback port that was free a moment ago (bound to port 0, read back and released): for a
// server a test starts, or for an endpoint where nothing listens.
[[nodiscard]] int free_loopback_port();

// A TCP connection to 127.0.0.1:`port` that has sent nothing yet (as a browser's preconnect
// does); invalid when the connection was refused.
[[nodiscard]] UniqueFd connect_to_loopback(int port);

}  // namespace tas::test
