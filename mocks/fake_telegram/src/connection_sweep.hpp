#pragma once

#include <mutex>
#include <set>
#include <string>
#include <utility>

namespace tas::fake::detail {

// Cutting idle keep-alive connections at stop().
//
// Why: cpp-httplib 0.11.4 keeps a worker waiting on an idle keep-alive connection for up to its
// keep-alive timeout (5 s), does not look at stop() while it waits, and gives no handle on the
// sockets it accepted. So stop() finds them itself and shuts down their reading side, which makes
// that wait see end-of-file at once.
//
// Only *idle* connections may be cut: httplib checks, before it writes a response, that the peer
// has not hung up, and a reading shutdown looks exactly like a hang-up — an answered long-poll
// would be lost. ConnectionActivity knows which connections are between "request routed" and
// "response written".
class ConnectionActivity {
 public:
  void begin(const std::string& peer_address, int peer_port);
  void end(const std::string& peer_address, int peer_port);
  [[nodiscard]] bool busy(const std::string& peer_address, int peer_port) const;

 private:
  mutable std::mutex mutex_;
  std::multiset<std::pair<std::string, int>> busy_;
};

// Shuts down the reading side of every socket of this process whose local port is `port` (the
// server ends of connections the fake accepted) and that is not busy. Linux-only (it reads
// /proc/self/fd); elsewhere stop() just waits out the keep-alive timeout.
void shut_down_idle_connections(int port, const ConnectionActivity& activity);

}  // namespace tas::fake::detail
