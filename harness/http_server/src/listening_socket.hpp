#pragma once

#include <string>

namespace tas::http_server::detail {

struct ListeningSocket {
  int fd = -1;
  int port = 0;
};

// A socket listening on `host`:`port` (0: a free port), close-on-exec and non-blocking from its
// creation — a child spawned by another thread meanwhile must not inherit it and hold the port —
// with the system's largest backlog, so a burst of clients connecting at once is not dropped.
// fd is -1 with errno set when it could not be bound.
[[nodiscard]] ListeningSocket listen_on(const std::string& host, int port);

}  // namespace tas::http_server::detail
