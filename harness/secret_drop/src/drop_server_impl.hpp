#pragma once

#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include <httplib.h>

#include <tas/core/clock.hpp>
#include <tas/http_server/stoppable_http_server.hpp>
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
        clock(options.clock ? options.clock : std::make_shared<SystemClock>()) {}

  void install_routes();
  void load_api_token();

  [[nodiscard]] bool expired(const detail::Link& link) const {
    return clock->now() >= link.expires_at;
  }
  [[nodiscard]] bool authorized(const httplib::Request& request) const;

  void serve_form(const httplib::Request& request, httplib::Response& response);
  void receive_form(const httplib::Request& request, httplib::Response& response,
                    const httplib::ContentReader& reader);
  void serve_api_drop(const httplib::Request& request, httplib::Response& response);
  void serve_api_request(const httplib::Request& request, httplib::Response& response);
  DropLink open(std::string_view label, std::chrono::milliseconds lifetime);

  SecretStore store;
  DropServerOptions options;
  std::shared_ptr<Clock> clock;
  std::string api_token_sha256;  // empty: no API
  // "127.0.0.1:<port>": the only Host a request may name. Set before the server thread starts.
  std::string expected_host;

  http_server::StoppableHttpServer http;

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
};

}  // namespace tas::secret_drop
