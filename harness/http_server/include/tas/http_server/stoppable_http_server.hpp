#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <utility>

#include <httplib.h>

namespace tas::http_server {

// httplib::Server with a keep-alive wait that stop_connections() can interrupt: the server of the
// fake Telegram.
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

  // Binds `host`:`port` (0: a free port) on the calling thread — close-on-exec, and not shared
  // with anyone (no SO_REUSEPORT) — and serves on a thread of its own, each open connection on a
  // thread of its own up to `max_connections` (ConnectionPool): a parked long poll or an idle
  // keep-alive connection then holds only its own thread, never another client's turn. Returns
  // the bound port once a stop() is sure to take effect, or -1 with errno set when binding
  // failed. `before_serving`, when given, is called with the bound port before the first request
  // can be answered (for routes that need to know it). Serves once: a stopped server is not
  // started again.
  int serve(const std::string& host, int port, std::size_t max_connections,
            const std::function<void(int)>& before_serving = {});

  // Stops promptly, whatever the clients do, in an order that loses no response: no new
  // connections (a request that finishes from now on closes its connection); then
  // `before_closing` — answer what is parked (a long poll, a waiter), while its response can still
  // go out whole; then every idle keep-alive wait ends; then every thread is joined. Idempotent;
  // a server that never served has nothing to stop.
  void stop(const std::function<void()>& before_closing = {});

  // One request per connection: every response says "Connection: close". A one-time form needs
  // no keep-alive, and no idle connection then holds a worker after its response.
  void set_one_request_per_connection(bool on) { one_request_per_connection_ = on; }

  // Whether the client at `ip`:`port` (a request's remote_addr and remote_port) has closed its
  // connection while a request of it is still being answered — a long-poll whose poller died.
  // False for a connection this server does not hold.
  [[nodiscard]] bool peer_hung_up(const std::string& ip, int port) const;

 private:
  bool process_and_close_socket(socket_t sock) override;
  // Ends every idle keep-alive wait and makes every connection close after the request it is
  // serving.
  void stop_connections();
  // Waits for the next request on `sock`. False on timeout, on stop, or on error.
  bool wait_for_request(socket_t sock) const;

  mutable std::mutex connections_mutex_;
  std::map<std::pair<std::string, int>, socket_t> connections_;  // by the peer's address
  int wake_fd_ = -1;  // an eventfd, readable for good once stop_connections() signalled it
  std::atomic<bool> stopping_{false};
  bool one_request_per_connection_ = false;

  std::thread serving_thread_;
  std::mutex lifecycle_;
  std::condition_variable listening_changed_;
  bool listening_ = false;
  bool stopped_ = false;
};

}  // namespace tas::http_server
