#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include <tas/http_server/http_message.hpp>
#include <tas/http_server/http_server.hpp>

namespace tas::secret_drop::detail {

// The Secret Drop server's answers, routes and header checks, kept apart from the server's
// lifecycle so each reads on its own.

[[nodiscard]] bool equal_in_constant_time(std::string_view a, std::string_view b);

[[nodiscard]] http_server::HttpResponse page_response(int status, std::string page);
[[nodiscard]] http_server::HttpResponse message_response(int status, std::string_view title,
                                                         std::string_view text);
[[nodiscard]] http_server::HttpResponse json_response(int status, const nlohmann::json& body);
[[nodiscard]] http_server::HttpResponse json_error_response(int status, std::string_view message);

// No caching, no framing, no sniffing, no referrer, and the content security policy: on every
// answer, error pages included.
[[nodiscard]] std::vector<http_server::HttpHeader> security_headers();

// How the form's HTTP server runs: one request per connection, the security headers on every
// answer (the server's own refusals too), a form body over kMaxFormBodyBytes or without a length
// refused before it is read, and a stalled connection let go within seconds.
[[nodiscard]] http_server::HttpServerOptions server_options(std::size_t max_connections);

// The title and text of the plain error pages.
[[nodiscard]] std::pair<std::string_view, std::string_view> error_text(int status);

// How many headers called `name` (in any case) `request` has.
[[nodiscard]] std::size_t header_count(const http_server::HttpRequest& request,
                                       std::string_view name);

// Which route a path belongs to, and the methods it allows.
struct Route {
  enum class Kind { none, form, api_drop, api_requests };
  Kind kind = Kind::none;
  std::string_view allow;
};

[[nodiscard]] Route route_of(std::string_view path, bool api);
[[nodiscard]] bool allows(const Route& route, std::string_view method);

}  // namespace tas::secret_drop::detail
