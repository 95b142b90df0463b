#pragma once

namespace tas::test {

// A loopback port that was free a moment ago (bound to port 0, read back and released): for a
// server a test starts, or for an endpoint where nothing listens.
[[nodiscard]] int free_loopback_port();

}  // namespace tas::test
