#include <algorithm>
#include <cctype>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <map>
#include <mutex>
#include <optional>
#include <thread>

#include "connection_pool.hpp"
#include "drop_pages.hpp"
#include "form_body.hpp"
#include "stoppable_http_server.hpp"
#include "utf8.hpp"
#include <fcntl.h>
#include <fmt/format.h>
#include <httplib.h>
#include <nlohmann/json.hpp>
#include <openssl/crypto.h>
#include <sys/socket.h>

#include <tas/private_file.hpp>
#include <tas/secret_drop/drop_id.hpp>
#include <tas/secret_drop/drop_server.hpp>
#include <tas/sha256.hpp>
#include <tas/untrusted_json.hpp>

namespace tas::secret_drop {
namespace {

using std::chrono::steady_clock;

constexpr std::string_view kHost = "127.0.0.1";
constexpr std::size_t kCsrfBytes = 16;
constexpr std::size_t kMaxApiBodyBytes = 4096;
constexpr std::string_view kHtml = "text/html; charset=utf-8";
constexpr std::string_view kJson = "application/json";

// Close-on-exec, so that processes the harness spawns do not inherit the listening socket and
// keep the port alive; no SO_REUSEPORT (httplib's default), so nobody can share the port.
void set_listening_socket_options(int socket) {
  const int yes = 1;
  ::setsockopt(socket, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
  ::fcntl(socket, F_SETFD, FD_CLOEXEC);
}

bool equal_in_constant_time(std::string_view a, std::string_view b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

void send_page(httplib::Response& response, int status, std::string page) {
  response.status = status;
  response.set_content(std::move(page), std::string(kHtml));
}

void send_message(httplib::Response& response, int status, std::string_view title,
                  std::string_view text) {
  send_page(response, status, detail::message_page(title, text));
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

// The title and text of the plain error pages, including those of errors httplib answers itself
// (a malformed request, a body over the payload limit).
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

// Which route a path belongs to, and the methods it allows.
struct Route {
  enum class Kind { none, form, api_drop, api_requests };
  Kind kind = Kind::none;
  std::string_view allow;
};

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

struct Link {
  std::string label;
  std::string csrf;
  steady_clock::time_point expires_at;
  bool submitted = false;
};

}  // namespace

std::string_view to_string(SubmissionWait end) {
  switch (end) {
    case SubmissionWait::submitted:
      return "submitted";
    case SubmissionWait::expired:
      return "expired";
    case SubmissionWait::timed_out:
      return "timed out";
    case SubmissionWait::stopped:
      return "stopped";
    case SubmissionWait::cancelled:
      return "cancelled";
  }
  return "unknown";
}

struct DropServer::Impl {
  Impl(SecretStore store_in, DropServerOptions options_in)
      : store(std::move(store_in)),
        options(std::move(options_in)),
        clock(options.clock ? options.clock : std::make_shared<SystemClock>()) {}

  // The server thread reports "listening" through the task-queue factory, which httplib calls
  // after it has marked itself running: from then on http.stop() is guaranteed to take effect.
  httplib::TaskQueue* make_task_queue() {
    {
      std::lock_guard lock(lifecycle);
      listening = true;
    }
    listening_changed.notify_all();
    // httplib takes ownership of the raw pointer and deletes it when it stops serving.
    return std::make_unique<detail::ConnectionPool>(options.max_connections).release();
  }

  void install_routes();
  void load_api_token();

  [[nodiscard]] bool expired(const Link& link) const { return clock->now() >= link.expires_at; }
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

  detail::StoppableHttpServer http;
  std::thread server_thread;

  // Lifecycle: start/stop and the port.
  mutable std::mutex lifecycle;
  std::condition_variable listening_changed;
  bool started = false;
  bool listening = false;
  bool stopped = false;
  int port = 0;

  // The links and their state; `changed` wakes waiters on a submission and on stop.
  mutable std::mutex state;
  std::condition_variable changed;
  std::map<std::string, Link, std::less<>> links;
  bool shutting_down = false;
};

void DropServer::Impl::load_api_token() {
  if (options.api_token_file.empty()) return;
  const OneTokenFile file = read_one_token_file(options.api_token_file, "the API token file");
  if (file.status != OneTokenFile::Status::ok) {
    throw DropServerError("cannot serve the Secret Drop API: " + file.problem);
  }
  // Only the hash is kept: comparing hashes is constant-time whatever the presented length.
  api_token_sha256 = file.token.sha256();
}

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

DropLink DropServer::Impl::open(std::string_view label, std::chrono::milliseconds lifetime) {
  check_label(label);
  int bound_port = 0;
  {
    std::lock_guard lock(lifecycle);
    bound_port = port;
  }
  if (bound_port == 0) {
    throw DropServerError(
        "open_request: the Secret Drop server is not started; call start() first");
  }
  DropLink result{new_drop_id(), {}};
  result.url = fmt::format("http://{}:{}/drop/{}", kHost, bound_port, result.id);
  std::lock_guard lock(state);
  links.emplace(result.id,
                Link{std::string(label), random_hex(kCsrfBytes), clock->now() + lifetime, false});
  return result;
}

DropServer::DropServer(SecretStore store, DropServerOptions options)
    : impl_(std::make_unique<Impl>(std::move(store), std::move(options))) {}

DropServer::~DropServer() {
  stop();
}

void DropServer::start() {
  auto& impl = *impl_;
  std::unique_lock lock(impl.lifecycle);
  if (impl.started || impl.stopped) {
    throw DropServerError(
        "start: this Secret Drop server was started before; construct a new one instead");
  }
  impl.load_api_token();
  impl.install_routes();
  impl.http.set_socket_options(set_listening_socket_options);
  impl.http.new_task_queue = [&impl] { return impl.make_task_queue(); };
  const int bound = impl.http.bind_to_any_port(std::string(kHost));
  if (bound <= 0) {
    throw DropServerError(fmt::format("start: expected to bind {} on a free port, failed: {}",
                                      kHost, std::strerror(errno)));
  }
  impl.port = bound;
  impl.expected_host = fmt::format("{}:{}", kHost, bound);
  impl.started = true;
  impl.server_thread = std::thread([&impl] {
    impl.http.listen_after_bind();
    // Also release start() should httplib return before it ever asked for its task queue.
    {
      std::lock_guard thread_lock(impl.lifecycle);
      impl.listening = true;
    }
    impl.listening_changed.notify_all();
  });
  impl.listening_changed.wait(lock, [&impl] { return impl.listening; });
}

void DropServer::stop() {
  auto& impl = *impl_;
  {
    std::lock_guard lock(impl.lifecycle);
    if (impl.stopped) return;
    impl.stopped = true;
  }
  {
    std::lock_guard lock(impl.state);
    impl.shutting_down = true;
  }
  impl.changed.notify_all();
  if (!impl.server_thread.joinable()) return;
  // No new connections first, then no idle ones: the join below does not sit out a keep-alive.
  impl.http.stop();
  impl.http.stop_connections();
  impl.server_thread.join();
}

int DropServer::port() const {
  std::lock_guard lock(impl_->lifecycle);
  return impl_->port;
}

std::string DropServer::base_url() const {
  return fmt::format("http://{}:{}", kHost, port());
}

DropLink DropServer::open_request(std::string_view label, std::chrono::milliseconds lifetime) {
  return impl_->open(label, lifetime);
}

SubmissionWait DropServer::wait_for_submission(std::string_view id,
                                               std::chrono::milliseconds timeout,
                                               const std::function<bool()>& keep_waiting) {
  auto& impl = *impl_;
  const auto until = steady_clock::now() + timeout;
  std::unique_lock lock(impl.state);
  if (impl.links.find(id) == impl.links.end()) {
    throw DropServerError(
        "wait_for_submission: no link with that ID was opened on this Secret Drop server");
  }
  for (;;) {
    const Link& link = impl.links.find(id)->second;
    if (link.submitted) return SubmissionWait::submitted;
    if (impl.expired(link)) return SubmissionWait::expired;
    if (impl.shutting_down) return SubmissionWait::stopped;
    const auto now = steady_clock::now();
    if (now >= until) return SubmissionWait::timed_out;
    if (keep_waiting) {
      lock.unlock();
      const bool go_on = keep_waiting();
      lock.lock();
      if (!go_on) return SubmissionWait::cancelled;
    }
    // The predicate is looked at before sleeping: a submission made while keep_waiting() ran
    // (without the lock) is not missed.
    impl.changed.wait_for(lock, std::min<steady_clock::duration>(kWakeInterval, until - now), [&] {
      return impl.links.find(id)->second.submitted || impl.shutting_down;
    });
  }
}

}  // namespace tas::secret_drop
