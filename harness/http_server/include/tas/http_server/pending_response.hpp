#pragma once

#include <chrono>
#include <functional>

#include <tas/http_server/http_message.hpp>

namespace tas::http_server {

// One request awaiting its response, and the way to send it: at once from the handler, or later
// from any thread — a long poll answered when an update comes. While it lives its connection
// stays open; it costs no thread.
class PendingResponse {
 public:
  virtual ~PendingResponse() = default;

  [[nodiscard]] virtual const HttpRequest& request() const = 0;
  // The same request, for a handler that must clear what it has read where it lies (a secret in
  // the body, wiped rather than left to the allocator).
  [[nodiscard]] virtual HttpRequest& mutable_request() = 0;
  // Sends `response`. Only the first call counts; safe from any thread. A response to a client
  // that has gone is dropped.
  virtual void respond(HttpResponse response) = 0;
  // Calls `on_timeout` on the server's thread when no response has been sent `delay` from now,
  // and never once one has. Call it at most once.
  virtual void on_no_response_within(std::chrono::milliseconds delay,
                                     std::function<void()> on_timeout) = 0;
  // Whether the client has closed its end while it waits for the response (a poller that died).
  [[nodiscard]] virtual bool peer_hung_up() const = 0;
};

}  // namespace tas::http_server
