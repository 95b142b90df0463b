#include <algorithm>
#include <cctype>
#include <optional>

#include "drop_http.hpp"
#include "drop_pages.hpp"
#include "drop_server_impl.hpp"
#include "form_body.hpp"
#include "utf8.hpp"
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <tas/core/private_file.hpp>
#include <tas/core/sha256.hpp>
#include <tas/core/untrusted_json.hpp>
#include <tas/secret_drop/drop_id.hpp>

namespace tas::secret_drop {

using namespace detail;

bool DropServer::Impl::authorized(const httplib::Request& request) const {
  const std::string header = request.get_header_value("Authorization");
  constexpr std::string_view kScheme = "bearer ";
  if (header.size() <= kScheme.size()) return false;
  for (std::size_t i = 0; i < kScheme.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(header[i])) != kScheme[i]) return false;
  }
  const std::string presented = sha256_hex(std::string_view(header).substr(kScheme.size()));
  return equal_in_constant_time(presented, api_token_sha256);
}

void DropServer::Impl::install_routes() {
  const bool api = !api_token_sha256.empty();
  http.set_default_headers(security_headers());
  http.set_payload_max_length(DropServer::kMaxFormBodyBytes);
  http.set_one_request_per_connection(true);
  http.set_pre_routing_handler(
      [this, api](const httplib::Request& request, httplib::Response& response) {
        // First of all: a browser sends the Host of the page's origin, so a name rebound to
        // 127.0.0.1 (DNS rebinding) shows here, and its page must get neither the form nor the
        // submission.
        if (request.get_header_value_count("Host") != 1 ||
            request.get_header_value("Host") != expected_host) {
          send_message(response, 421, "Wrong address",
                       fmt::format("This Secret Drop server answers only requests addressed to {}, "
                                   "the address it printed, and this one was not. Open the link "
                                   "exactly as the harness printed it.",
                                   expected_host));
          return httplib::Server::HandlerResponse::Handled;
        }
        const Route route = route_of(request.path, api);
        if (route.kind == Route::Kind::none) {
          const auto [title, text] = error_text(404);
          send_message(response, 404, title, text);
          return httplib::Server::HandlerResponse::Handled;
        }
        if (!allows(route, request.method)) {
          response.set_header("Allow", std::string(route.allow));
          const auto [title, text] = error_text(405);
          send_message(response, 405, title, text);
          return httplib::Server::HandlerResponse::Handled;
        }
        // A body must announce its length, so that an oversized one is refused before it is read.
        if (request.method == "POST" &&
            (!request.has_header("Content-Length") || request.has_header("Transfer-Encoding"))) {
          const auto [title, text] = error_text(411);
          send_message(response, 411, title, text);
          return httplib::Server::HandlerResponse::Handled;
        }
        return httplib::Server::HandlerResponse::Unhandled;
      });
  http.set_error_handler(httplib::Server::HandlerWithResponse(
      [](const httplib::Request&, httplib::Response& response) {
        if (!response.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
        const auto [title, text] = error_text(response.status);
        send_message(response, response.status, title, text);
        return httplib::Server::HandlerResponse::Handled;
      }));
  // The exception's text is not shown: the page is for a browser, and says only what to do.
  http.set_exception_handler(
      [](const httplib::Request&, httplib::Response& response, std::exception_ptr) {
        send_message(response, 500, "Internal error",
                     "The Secret Drop could not handle this request; look at the harness's "
                     "output, and ask for a new link if needed.");
      });

  http.Get(R"(/drop/([^/]+))",
           [this](const httplib::Request& request, httplib::Response& response) {
             serve_form(request, response);
           });
  http.Post(R"(/drop/([^/]+))", [this](const httplib::Request& request, httplib::Response& response,
                                       const httplib::ContentReader& reader) {
    receive_form(request, response, reader);
  });
  if (api) {
    http.Get(R"(/api/drops/([^/]+))",
             [this](const httplib::Request& request, httplib::Response& response) {
               serve_api_drop(request, response);
             });
    http.Post("/api/requests",
              [this](const httplib::Request& request, httplib::Response& response) {
                serve_api_request(request, response);
              });
  }
}

void DropServer::Impl::serve_form(const httplib::Request& request, httplib::Response& response) {
  const std::string id = request.matches[1];
  std::lock_guard lock(state);
  const auto link = is_drop_id(id) ? links.find(id) : links.end();
  if (link == links.end()) {
    const auto [title, text] = error_text(404);
    return send_message(response, 404, title, text);
  }
  if (link->second.submitted) {
    return send_message(response, 410, "Link already used",
                        "This link was already used: each Secret Drop link accepts one "
                        "submission. Ask for a new link if needed.");
  }
  if (expired(link->second)) {
    return send_message(response, 410, "Link expired",
                        "This link has expired. Ask for a new link.");
  }
  send_page(response, 200, detail::form_page(link->second.label, id, link->second.csrf));
}

void DropServer::Impl::receive_form(const httplib::Request& request, httplib::Response& response,
                                    const httplib::ContentReader& reader) {
  const std::string id = request.matches[1];
  std::string label;
  std::string csrf;
  {
    std::lock_guard lock(state);
    const auto link = is_drop_id(id) ? links.find(id) : links.end();
    if (link == links.end()) {
      const auto [title, text] = error_text(404);
      return send_message(response, 404, title, text);
    }
    if (expired(link->second) && !link->second.submitted) {
      return send_message(response, 410, "Link expired",
                          "This link has expired. Ask for a new link.");
    }
    if (link->second.submitted) {
      return send_message(response, 410, "Link already used",
                          "This link was already used: each Secret Drop link accepts one "
                          "submission. Ask for a new link if needed.");
    }
    label = link->second.label;
    csrf = link->second.csrf;
  }

  // Read into a buffer reserved once, so that no reallocation leaves a copy of the value behind.
  std::string body;
  body.reserve(DropServer::kMaxFormBodyBytes);
  bool too_large = false;
  const bool read = reader([&](const char* data, std::size_t length) {
    if (body.size() + length > DropServer::kMaxFormBodyBytes) {
      too_large = true;
      return false;
    }
    body.append(data, length);
    return true;
  });
  std::optional<detail::FormBody> form;
  if (read && !too_large) form = detail::FormBody::parse(body);
  wipe(body);
  // httplib refuses a Content-Length over the payload limit itself, without reading the body,
  // and says so through the status.
  if (too_large || (!read && response.status == 413)) {
    const auto [title, text] = error_text(413);
    return send_message(response, 413, title, text);
  }
  const std::string content_type = request.get_header_value("Content-Type");
  if (!read || !form || !content_type.starts_with("application/x-www-form-urlencoded")) {
    return send_message(response, 400, "Bad request",
                        "Expected the Secret Drop form (application/x-www-form-urlencoded).");
  }
  const std::string* presented = form->count("csrf") == 1 ? form->find("csrf") : nullptr;
  if (presented == nullptr || !equal_in_constant_time(*presented, csrf)) {
    return send_message(response, 403, "Form not accepted",
                        "This form could not be verified (its CSRF token is missing or wrong). "
                        "Open the link again and submit from that page.");
  }
  const std::string* value = form->count("value") == 1 ? form->find("value") : nullptr;
  if (value != nullptr && value->size() > kMaxValueBytes) {
    const auto [title, text] = error_text(413);
    return send_message(response, 413, title, text);
  }
  const bool blank =
      value == nullptr || std::all_of(value->begin(), value->end(), [](char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
      });
  if (blank) {
    return send_page(response, 400,
                     detail::form_page(label, id, csrf,
                                       "The value was blank. Paste the secret and submit again."));
  }
  if (!detail::is_valid_utf8(*value)) {
    return send_page(response, 400,
                     detail::form_page(label, id, csrf,
                                       "The value is not valid text (UTF-8). Submit it again."));
  }

  {
    std::lock_guard lock(state);
    // Looked at again: a second submission may have been faster, or the link may just have ended.
    Link& link = links.at(id);
    if (link.submitted) {
      return send_message(response, 410, "Link already used",
                          "This link was already used: each Secret Drop link accepts one "
                          "submission. Ask for a new link if needed.");
    }
    if (expired(link)) {
      return send_message(response, 410, "Link expired",
                          "This link has expired. Ask for a new link.");
    }
    try {
      store.put_with_id(id, label, value_field(Secret(*value)));
    } catch (const SecretStoreError& error) {
      // The store's messages never hold a value; this one tells the operator what to fix.
      return send_message(response, 500, "Not stored",
                          fmt::format("The value could not be stored: {}", error.what()));
    }
    link.submitted = true;
  }
  changed.notify_all();
  send_message(response, 200, "Received", "Received. You can close this page.");
}

void DropServer::Impl::serve_api_drop(const httplib::Request& request,
                                      httplib::Response& response) {
  if (!authorized(request)) {
    response.set_header("WWW-Authenticate", "Bearer realm=\"secret-drop\"");
    return send_json_error(response, 401,
                           "expected Authorization: Bearer <the server's API token>");
  }
  const std::string id = request.matches[1];
  if (!is_drop_id(id)) return send_json_error(response, 404, "not a Secret Drop ID");
  {
    std::lock_guard lock(state);
    const auto link = links.find(id);
    if (link != links.end() && !link->second.submitted) {
      if (expired(link->second)) {
        return send_json_error(response, 410, "the link expired before anything was submitted");
      }
      return send_json(response, 404, {{"error", "nothing was submitted yet"}, {"pending", true}});
    }
  }
  try {
    const DropSummary summary = store.describe(id);
    nlohmann::json fields = nlohmann::json::object();
    for (const std::string& name : summary.field_names)
      fields[name] = std::string(store.get(id, name).reveal());
    send_json(response, 200, {{"id", id}, {"label", summary.label}, {"fields", std::move(fields)}});
  } catch (const SecretStoreError& error) {
    const bool missing = error.kind() == SecretStoreError::Kind::not_found;
    send_json_error(response, missing ? 404 : 500, error.what());
  }
}

void DropServer::Impl::serve_api_request(const httplib::Request& request,
                                         httplib::Response& response) {
  if (!authorized(request)) {
    response.set_header("WWW-Authenticate", "Bearer realm=\"secret-drop\"");
    return send_json_error(response, 401,
                           "expected Authorization: Bearer <the server's API token>");
  }
  if (request.body.size() > kMaxApiBodyBytes) {
    return send_json_error(response, 413, "expected a small JSON object {\"label\": \"…\"}");
  }
  const auto body = parse_untrusted_json(request.body).value;
  if (!body.is_object() || !body.contains("label") || !body["label"].is_string()) {
    return send_json_error(response, 400, "expected a JSON object {\"label\": \"…\"}");
  }
  try {
    const DropLink link = open(body["label"].get<std::string>(), DropServer::kDefaultLifetime);
    send_json(response, 201, {{"id", link.id}, {"url", link.url}});
  } catch (const SecretStoreError& error) {
    send_json_error(response, 400, error.what());
  }
}

}  // namespace tas::secret_drop
