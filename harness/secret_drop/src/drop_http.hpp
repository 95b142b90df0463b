#pragma once

#include <string>
#include <string_view>
#include <utility>

#include <httplib.h>
#include <nlohmann/json_fwd.hpp>

namespace tas::secret_drop::detail {

// The Secret Drop server's answers, routes and header checks, kept apart from the server's
// lifecycle so each reads on its own.

[[nodiscard]] bool equal_in_constant_time(std::string_view a, std::string_view b);

void send_page(httplib::Response& response, int status, std::string page);
void send_message(httplib::Response& response, int status, std::string_view title,
                  std::string_view text);
void send_json(httplib::Response& response, int status, const nlohmann::json& body);
void send_json_error(httplib::Response& response, int status, std::string_view message);

// No caching, no framing, no sniffing, no referrer, and the content security policy: on every
// answer, error pages included.
[[nodiscard]] httplib::Headers security_headers();

// The title and text of the plain error pages, including those of errors httplib answers itself
// (a malformed request, a body over the payload limit).
[[nodiscard]] std::pair<std::string_view, std::string_view> error_text(int status);

// Which route a path belongs to, and the methods it allows.
struct Route {
  enum class Kind { none, form, api_drop, api_requests };
  Kind kind = Kind::none;
  std::string_view allow;
};

[[nodiscard]] Route route_of(std::string_view path, bool api);
[[nodiscard]] bool allows(const Route& route, std::string_view method);

}  // namespace tas::secret_drop::detail
