#include "drop_http.hpp"

#include "drop_pages.hpp"
#include "form_body.hpp"
#include <nlohmann/json.hpp>
#include <openssl/crypto.h>

#include <tas/secret_drop/drop_server.hpp>

namespace tas::secret_drop::detail {
namespace {

constexpr std::string_view kHtml = "text/html; charset=utf-8";
constexpr std::string_view kJson = "application/json";

}  // namespace

bool equal_in_constant_time(std::string_view a, std::string_view b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

void send_page(httplib::Response& response, int status, std::string page) {
  response.status = status;
  response.set_content(std::move(page), std::string(kHtml));
}

void send_message(httplib::Response& response, int status, std::string_view title,
                  std::string_view text) {
  send_page(response, status, message_page(title, text));
}

void send_json(httplib::Response& response, int status, const nlohmann::json& body) {
  response.status = status;
  response.set_content(body.dump(), std::string(kJson));
}

void send_json_error(httplib::Response& response, int status, std::string_view message) {
  send_json(response, status, {{"error", message}});
}

httplib::Headers security_headers() {
  return {{"Cache-Control", "no-store"},
          {"Pragma", "no-cache"},
          {"X-Frame-Options", "DENY"},
          {"X-Content-Type-Options", "nosniff"},
          {"Referrer-Policy", "no-referrer"},
          {"Content-Security-Policy", std::string(DropServer::kContentSecurityPolicy)}};
}

std::pair<std::string_view, std::string_view> error_text(int status) {
  switch (status) {
    case 400:
      return {"Bad request", "The request was not understood."};
    case 403:
      return {"Forbidden", "This request is not allowed."};
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
