#include "drop_http.hpp"

#include <cctype>
#include <chrono>

#include "drop_pages.hpp"
#include "form_body.hpp"
#include <nlohmann/json.hpp>
#include <openssl/crypto.h>

#include <tas/secret_drop/drop_server.hpp>

namespace tas::secret_drop::detail {
namespace {

using http_server::HttpResponse;

constexpr std::string_view kHtml = "text/html; charset=utf-8";
constexpr std::string_view kJson = "application/json";
// Time enough on loopback for a browser; a connection that stalls longer gives its place up.
constexpr std::chrono::seconds kStalledConnectionTimeout{5};

bool equal_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

}  // namespace

bool equal_in_constant_time(std::string_view a, std::string_view b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

HttpResponse page_response(int status, std::string page) {
  return {
      .status = status, .content_type = std::string(kHtml), .body = std::move(page), .headers = {}};
}

HttpResponse message_response(int status, std::string_view title, std::string_view text) {
  return page_response(status, message_page(title, text));
}

HttpResponse json_response(int status, const nlohmann::json& body) {
  return {.status = status, .content_type = std::string(kJson), .body = body.dump(), .headers = {}};
}

HttpResponse json_error_response(int status, std::string_view message) {
  return json_response(status, {{"error", message}});
}

std::vector<http_server::HttpHeader> security_headers() {
  return {{"Cache-Control", "no-store"},
          {"Pragma", "no-cache"},
          {"X-Frame-Options", "DENY"},
          {"X-Content-Type-Options", "nosniff"},
          {"Referrer-Policy", "no-referrer"},
          {"Content-Security-Policy", std::string(DropServer::kContentSecurityPolicy)}};
}

http_server::HttpServerOptions server_options(std::size_t max_connections) {
  return {.max_connections = max_connections,
          .one_request_per_connection = true,
          .idle_timeout = kStalledConnectionTimeout,
          .transfer_timeout = kStalledConnectionTimeout,
          .max_body_bytes = DropServer::kMaxFormBodyBytes,
          .require_content_length = true,
          .headers_on_every_response = security_headers()};
}

std::pair<std::string_view, std::string_view> error_text(int status) {
  switch (status) {
    case 404:
      return {"Not found", "There is no Secret Drop link at this address."};
    case 405:
      return {"Method not allowed", "This address does not accept that method."};
    case 411:
      return {"Length required", "Send the form with a Content-Length."};
    case 413:
      static_assert(kMaxValueBytes == 10240, "the 413 page names the limit");
      return {"Too large",
              "The submission is too large: a value may have at most 10240 bytes (10 KB)."};
    default:
      return {"Error", "The request could not be served."};
  }
}

std::size_t header_count(const http_server::HttpRequest& request, std::string_view name) {
  std::size_t count = 0;
  for (const auto& header : request.headers) {
    if (equal_ignoring_case(header.name, name)) ++count;
  }
  return count;
}

Route route_of(std::string_view path, bool api) {
  const auto single_segment_after = [path](std::string_view prefix) {
    return path.starts_with(prefix) && path.size() > prefix.size() &&
           path.find('/', prefix.size()) == std::string_view::npos;
  };
  if (single_segment_after("/drop/")) return {Route::Kind::form, "GET, HEAD, POST"};
  if (api && single_segment_after("/api/drops/")) return {Route::Kind::api_drop, "GET, HEAD"};
  if (api && path == "/api/requests") return {Route::Kind::api_requests, "POST"};
  return {};
}

bool allows(const Route& route, std::string_view method) {
  switch (route.kind) {
    case Route::Kind::form:
      return method == "GET" || method == "HEAD" || method == "POST";
    case Route::Kind::api_drop:
      return method == "GET" || method == "HEAD";
    case Route::Kind::api_requests:
      return method == "POST";
    case Route::Kind::none:
      return false;
  }
  return false;
}

}  // namespace tas::secret_drop::detail
