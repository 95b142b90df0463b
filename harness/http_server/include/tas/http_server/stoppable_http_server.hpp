#pragma once

#include <atomic>
#include <map>
#include <mutex>
#include <string>
#include <utility>

#include <httplib.h>

namespace tas::http_server {

// httplib::Server with a keep-alive wait that stop_connections() can interrupt: the server of the
// Secret Drop form and of the fake Telegram.
//
// Why: cpp-httplib 0.11.4 waits for a connection's next request in a loop that wakes every ~10 ms
// (an idle keep-alive client costs CPU) and never looks at stop() while it waits, so stopping with
// an idle client connected takes the whole keep-alive timeout (5 s). This class takes over the
// per-connection loop — the documented virtual `process_and_close_socket` — and waits in poll() on
// the socket and an eventfd: no CPU while idle, and every idle wait ends the moment the eventfd is
// signalled. Requests themselves are still parsed, routed and answered by httplib's
// `process_request`.
class StoppableHttpServer : public httplib::Server {
 public:
  StoppableHttpServer();
  ~StoppableHttpServer() override;
  StoppableHttpServer(const StoppableHttpServer&) = delete;
  StoppableHttpServer& operator=(const StoppableHttpServer&) = delete;

  // Ends every idle keep-alive wait and makes every connection close after the request it is
  // serving. Call after httplib's stop() (no new connections) and before joining the server thread.
  void stop_connections();

  // One request per connection: every response says "Connection: close". A one-time form needs
  // no keep-alive, and no idle connection then holds a worker after its response.
  void set_one_request_per_connection(bool on) { one_request_per_connection_ = on; }

  // Whether the client at `ip`:`port` (a request's remote_addr and remote_port) has closed its
  // connection while a request of it is still being answered — a long-poll whose poller died.
  // False for a connection this server does not hold.
  [[nodiscard]] bool peer_hung_up(const std::string& ip, int port) const;

 private:
  bool process_and_close_socket(socket_t sock) override;
  // Waits for the next request on `sock`. False on timeout, on stop, or on error.
  bool wait_for_request(socket_t sock) const;

  mutable std::mutex connections_mutex_;
  std::map<std::pair<std::string, int>, socket_t> connections_;  // by the peer's address
  int wake_fd_ = -1;  // an eventfd, readable for good once stop_connections() signalled it
  std::atomic<bool> stopping_{false};
  bool one_request_per_connection_ = false;
};

}  // namespace tas::http_server
