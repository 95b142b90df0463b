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

namespace {

using http_server::HttpRequest;
using http_server::HttpResponse;
using http_server::PendingResponse;

// The exception's text is not shown: the page is for a browser, and says only what to do.
HttpResponse internal_error() {
  return message_response(500, "Internal error",
                          "The Secret Drop could not handle this request; look at the harness's "
                          "output, and ask for a new link if needed.");
}

HttpResponse error_page(int status) {
  const auto [title, text] = error_text(status);
  return message_response(status, title, text);
}

HttpResponse link_used() {
  return message_response(410, "Link already used",
                          "This link was already used: each Secret Drop link accepts one "
                          "submission. Ask for a new link if needed.");
}

HttpResponse link_expired() {
  return message_response(410, "Link expired", "This link has expired. Ask for a new link.");
}

HttpResponse unauthorized() {
  HttpResponse response =
      json_error_response(401, "expected Authorization: Bearer <the server's API token>");
  response.headers.push_back({"WWW-Authenticate", "Bearer realm=\"secret-drop\""});
  return response;
}

// The ID in "/drop/<id>" or "/api/drops/<id>" (route_of has checked the shape).
std::string id_in(std::string_view path) {
  return std::string(path.substr(path.rfind('/') + 1));
}

}  // namespace

bool DropServer::Impl::authorized(const HttpRequest& request) const {
  const std::string* header = request.header("Authorization");
  constexpr std::string_view kScheme = "bearer ";
  if (header == nullptr || header->size() <= kScheme.size()) return false;
  for (std::size_t i = 0; i < kScheme.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>((*header)[i])) != kScheme[i]) return false;
  }
  const std::string presented = sha256_hex(std::string_view(*header).substr(kScheme.size()));
  return equal_in_constant_time(presented, api_token_sha256);
}

void DropServer::Impl::handle(const std::shared_ptr<PendingResponse>& pending) {
  try {
    const HttpRequest& request = pending->request();
    const Route route = route_of(request.path, !api_token_sha256.empty());
    if (auto refusal = refusal_of(request, route)) return pending->respond(std::move(*refusal));
    switch (route.kind) {
      case Route::Kind::form:
        if (request.method == "POST") return receive_form(pending);
        return pending->respond(serve_form(request));  // GET and HEAD
      case Route::Kind::api_drop:
        return pending->respond(serve_api_drop(request));
      case Route::Kind::api_requests:
        return pending->respond(serve_api_request(request));
      case Route::Kind::none:
        break;  // refused above
    }
    pending->respond(error_page(404));
  } catch (const std::exception&) {
    pending->respond(internal_error());
  }
}

std::optional<HttpResponse> DropServer::Impl::refusal_of(const HttpRequest& request,
                                                         const Route& route) const {
  // First of all: a browser sends the Host of the page's origin, so a name rebound to 127.0.0.1
  // (DNS rebinding) shows here, and its page must get neither the form nor the submission.
  const std::string* host = request.header("Host");
  if (header_count(request, "Host") != 1 || *host != expected_host) {
    return message_response(421, "Wrong address",
                            fmt::format("This Secret Drop server answers only requests addressed "
                                        "to {}, the address it printed, and this one was not. "
                                        "Open the link exactly as the harness printed it.",
                                        expected_host));
  }
  if (route.kind == Route::Kind::none) return error_page(404);
  if (!allows(route, request.method)) {
    HttpResponse response = error_page(405);
    response.headers.push_back({"Allow", std::string(route.allow)});
    return response;
  }
  // A body must announce its length, so that an oversized one is refused before it is read (the
  // server itself refuses one sent in chunks, before it arrives).
  if (request.method == "POST" && (request.header("Content-Length") == nullptr ||
                                   request.header("Transfer-Encoding") != nullptr)) {
    return error_page(411);
  }
  return std::nullopt;
}

HttpResponse DropServer::Impl::serve_form(const HttpRequest& request) {
  const std::string id = id_in(request.path);
  std::lock_guard lock(state);
  const auto link = is_drop_id(id) ? links.find(id) : links.end();
  if (link == links.end()) return error_page(404);
  if (link->second.submitted) return link_used();
  if (expired(link->second)) return link_expired();
  return page_response(200, detail::form_page(link->second.label, id, link->second.csrf));
}

void DropServer::Impl::receive_form(const std::shared_ptr<PendingResponse>& pending) {
  // The body holds the value: decoded once, then wiped where the server read it. (The server read
  // it into a buffer sized by its Content-Length, so no reallocation left a copy behind.)
  const std::optional<detail::FormBody> form = detail::FormBody::parse(pending->request().body);
  wipe(pending->mutable_request().body);
  const HttpRequest& request = pending->request();
  const std::string id = id_in(request.path);
  std::string label;
  std::string csrf;
  {
    std::lock_guard lock(state);
    const auto link = is_drop_id(id) ? links.find(id) : links.end();
    if (link == links.end()) return pending->respond(error_page(404));
    if (expired(link->second) && !link->second.submitted) return pending->respond(link_expired());
    if (link->second.submitted) return pending->respond(link_used());
    label = link->second.label;
    csrf = link->second.csrf;
  }

  const std::string* content_type = request.header("Content-Type");
  if (!form || content_type == nullptr ||
      !content_type->starts_with("application/x-www-form-urlencoded")) {
    return pending->respond(message_response(
        400, "Bad request", "Expected the Secret Drop form (application/x-www-form-urlencoded)."));
  }
  const std::string* presented = form->count("csrf") == 1 ? form->find("csrf") : nullptr;
  if (presented == nullptr || !equal_in_constant_time(*presented, csrf)) {
    return pending->respond(
        message_response(403, "Form not accepted",
                         "This form could not be verified (its CSRF token is missing or wrong). "
                         "Open the link again and submit from that page."));
  }
  const std::string* value = form->count("value") == 1 ? form->find("value") : nullptr;
  if (value != nullptr && value->size() > kMaxValueBytes) return pending->respond(error_page(413));
  const bool blank =
      value == nullptr || std::all_of(value->begin(), value->end(), [](char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
      });
  if (blank) {
    return pending->respond(page_response(
        400, detail::form_page(label, id, csrf,
                               "The value was blank. Paste the secret and submit again.")));
  }
  if (!detail::is_valid_utf8(*value)) {
    return pending->respond(page_response(
        400, detail::form_page(label, id, csrf,
                               "The value is not valid text (UTF-8). Submit it again.")));
  }

  // Shared, not copied: the work below runs on a thread of its own and must be copyable.
  auto fields = std::make_shared<const DropFields>(value_field(Secret(*value)));
  http.run_blocking([this, pending, id, label, fields] {
    try {
      pending->respond(store_submission(id, label, *fields));
    } catch (const std::exception&) {
      pending->respond(internal_error());
    }
  });
}

HttpResponse DropServer::Impl::store_submission(const std::string& id, const std::string& label,
                                                const DropFields& fields) {
  {
    std::lock_guard lock(state);
    // Looked at again: a second submission may have been faster, or the link may just have ended.
    Link& link = links.at(id);
    if (link.submitted) return link_used();
    if (expired(link)) return link_expired();
    try {
      store.put_with_id(id, label, fields);
    } catch (const SecretStoreError& error) {
      // The store's messages never hold a value; this one tells the operator what to fix.
      return message_response(500, "Not stored",
                              fmt::format("The value could not be stored: {}", error.what()));
    }
    link.submitted = true;
  }
  changed.notify_all();
  return message_response(200, "Received", "Received. You can close this page.");
}

HttpResponse DropServer::Impl::serve_api_drop(const HttpRequest& request) {
  if (!authorized(request)) return unauthorized();
  const std::string id = id_in(request.path);
  if (!is_drop_id(id)) return json_error_response(404, "not a Secret Drop ID");
  {
    std::lock_guard lock(state);
    const auto link = links.find(id);
    if (link != links.end() && !link->second.submitted) {
      if (expired(link->second)) {
        return json_error_response(410, "the link expired before anything was submitted");
      }
      return json_response(404, {{"error", "nothing was submitted yet"}, {"pending", true}});
    }
  }
  try {
    const DropSummary summary = store.describe(id);
    nlohmann::json fields = nlohmann::json::object();
    for (const std::string& name : summary.field_names)
      fields[name] = std::string(store.get(id, name).reveal());
    return json_response(200,
                         {{"id", id}, {"label", summary.label}, {"fields", std::move(fields)}});
  } catch (const SecretStoreError& error) {
    const bool missing = error.kind() == SecretStoreError::Kind::not_found;
    return json_error_response(missing ? 404 : 500, error.what());
  }
}

HttpResponse DropServer::Impl::serve_api_request(const HttpRequest& request) {
  if (!authorized(request)) return unauthorized();
  if (request.body.size() > kMaxApiBodyBytes) {
    return json_error_response(413, "expected a small JSON object {\"label\": \"…\"}");
  }
  const auto body = parse_untrusted_json(request.body).value;
  if (!body.is_object() || !body.contains("label") || !body["label"].is_string()) {
    return json_error_response(400, "expected a JSON object {\"label\": \"…\"}");
  }
  try {
    const DropLink link = open(body["label"].get<std::string>(), DropServer::kDefaultLifetime);
    return json_response(201, {{"id", link.id}, {"url", link.url}});
  } catch (const SecretStoreError& error) {
    return json_error_response(400, error.what());
  }
}

}  // namespace tas::secret_drop
