#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <tas/http_server/http_message.hpp>
#include <tas/http_server/pending_response.hpp>

namespace tas::http_server {

// Called on the server's thread for every whole request. It must not block: it answers at once or
// keeps the PendingResponse and answers later from elsewhere; work that waits goes to
// HttpServer::run_blocking.
using Handler = std::function<void(std::shared_ptr<PendingResponse>)>;

struct HttpServerOptions {
  // Open connections at most; past it new ones wait in the listen backlog until one closes.
  std::size_t max_connections = 4096;
  // Every response says "Connection: close" (a one-time form needs no keep-alive).
  bool one_request_per_connection = false;
  // How long a kept-alive connection may wait for its next request.
  std::chrono::milliseconds idle_timeout{std::chrono::seconds(60)};
  // How long a request may take to arrive once its first byte has, and a response to go out.
  std::chrono::milliseconds transfer_timeout{std::chrono::seconds(10)};
  std::size_t max_header_bytes = 64 * 1024;
  std::size_t max_body_bytes = 64 * 1024 * 1024;  // Telegram takes uploads of up to 50 MB
  // Answers a body sent in chunks with 411 as soon as its headers are in: a server that must
  // refuse an oversized body before reading any of it needs the body's length up front.
  bool require_content_length = false;
  // Sent with every response, the server's own refusals (400, 411, 413, 431) and 500s included
  // (security headers a browser must see on any page); a handler's header of the same name wins.
  std::vector<HttpHeader> headers_on_every_response{};
};

// A loopback HTTP/1.1 server on one thread of its own (Boost.Asio and Boost.Beast): connections,
// keep-alive, parked requests and idle clients all cost no thread, and nothing polls — with no
// request in flight it uses no CPU. Under the fake Telegram, the Secret Drop form and the fake LLM.
//
// Responses go out in one write with TCP_NODELAY set: a kept-alive client otherwise waits ~40 ms
// for its delayed ACK on every request. Sockets are close-on-exec from birth, so a child the
// harness spawns never holds the port.
class HttpServer {
 public:
  explicit HttpServer(Handler handler, HttpServerOptions options = {});
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds `host`:`port` (0: a free port) on the calling thread — not shared with anyone (no
  // SO_REUSEPORT) — and serves on a thread of its own. Returns the bound port, or -1 with errno
  // set when binding failed. `before_serving` is called with the bound port before the first
  // request can be answered (for handlers that need to know it). Serves once: a stopped server is
  // not started again.
  int serve(const std::string& host, int port, const std::function<void(int)>& before_serving = {});

  // Stops promptly, whatever the clients do, in an order that loses no response: no new
  // connections and no new requests (idle connections close); then `before_closing` — answer
  // what is parked, while its response can still go out whole; then every run_blocking call is
  // joined; then every connection closes once its response is out (after a short grace, at once).
  // Idempotent; a server that never served has nothing to stop.
  void stop(const std::function<void()>& before_closing = {});

  // Runs `work` on a thread of its own, off the server's thread, for a handler whose answer waits
  // (a control call with a deadline). stop() joins it after `before_closing`, which must end its
  // wait.
  void run_blocking(std::function<void()> work);

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace tas::http_server
