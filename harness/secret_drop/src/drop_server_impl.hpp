#pragma once

#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "drop_http.hpp"

#include <tas/core/clock.hpp>
#include <tas/http_server/http_server.hpp>
#include <tas/secret_drop/drop_server.hpp>

namespace tas::secret_drop {

// The server's state, shared by its lifecycle (drop_server.cpp) and its routes (drop_routes.cpp).

namespace detail {
inline constexpr std::string_view kHost = "127.0.0.1";
inline constexpr std::size_t kCsrfBytes = 16;
inline constexpr std::size_t kMaxApiBodyBytes = 4096;

struct Link {
  std::string label;
  std::string csrf;
  std::chrono::steady_clock::time_point expires_at;
  bool submitted = false;
};
}  // namespace detail

struct DropServer::Impl {
  Impl(SecretStore store_in, DropServerOptions options_in)
      : store(std::move(store_in)),
        options(std::move(options_in)),
        clock(options.clock ? options.clock : std::make_shared<SystemClock>()),
        http([this](
                 const std::shared_ptr<http_server::PendingResponse>& pending) { handle(pending); },
             detail::server_options(options.max_connections)) {}

  void load_api_token();

  [[nodiscard]] bool expired(const detail::Link& link) const {
    return clock->now() >= link.expires_at;
  }
  [[nodiscard]] bool authorized(const http_server::HttpRequest& request) const;

  // Every request, on the server's thread: refused, answered, or (a submission) stored off it.
  void handle(const std::shared_ptr<http_server::PendingResponse>& pending);
  // The answer for a request that reaches no route (wrong Host, path, method or framing), or
  // nullopt for one that does.
  [[nodiscard]] std::optional<http_server::HttpResponse> refusal_of(
      const http_server::HttpRequest& request, const detail::Route& route) const;
  [[nodiscard]] http_server::HttpResponse serve_form(const http_server::HttpRequest& request);
  void receive_form(const std::shared_ptr<http_server::PendingResponse>& pending);
  // Stores a checked submission and uses the link up. Blocks on the disk: off the server's thread.
  [[nodiscard]] http_server::HttpResponse store_submission(const std::string& id,
                                                           const std::string& label,
                                                           const DropFields& fields);
  [[nodiscard]] http_server::HttpResponse serve_api_drop(const http_server::HttpRequest& request);
  [[nodiscard]] http_server::HttpResponse serve_api_request(
      const http_server::HttpRequest& request);
  DropLink open(std::string_view label, std::chrono::milliseconds lifetime);

  SecretStore store;
  DropServerOptions options;
  std::shared_ptr<Clock> clock;
  std::string api_token_sha256;  // empty: no API
  // "127.0.0.1:<port>": the only Host a request may name. Set before the server thread starts.
  std::string expected_host;

  // Lifecycle: start/stop and the port.
  mutable std::mutex lifecycle;
  bool started = false;
  bool stopped = false;
  int port = 0;

  // The links and their state; `changed` wakes waiters on a submission and on stop.
  mutable std::mutex state;
  std::condition_variable changed;
  std::map<std::string, detail::Link, std::less<>> links;
  bool shutting_down = false;

  // Last, so that it goes first: its threads use everything above until they are joined.
  http_server::HttpServer http;
};

}  // namespace tas::secret_drop
