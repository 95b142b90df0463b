#pragma once

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include <tas/backends/backend_error.hpp>
#include <tas/core/clock.hpp>
#include <tas/secret_drop/secret_store.hpp>

namespace tas::secret_drop {

// The server could not start (no port, an API token file it may not read) or was asked about a
// request it never opened. Never carries a value or the API token.
class DropServerError : public BackendError {
 public:
  using BackendError::BackendError;
};

struct DropServerOptions {
  // The retrieval API (below) is served only when this names a file: mode 0600, owned by the
  // user, whose content (one trailing newline ignored) is the bearer token. Read once, at start().
  std::filesystem::path api_token_file;
  // Expiry of one-time links is read on this clock (null: the system clock), so a test can make
  // a link expire at an exact moment. Waits (wait_for_submission) are in real time regardless.
  std::shared_ptr<Clock> clock;
  // Open connections at most; past it new ones wait until one closes. An idle or slow connection
  // holds no thread and never makes a real request wait, unless this many are open.
  std::size_t max_connections = 64;
};

// A one-time link: `url` is http://127.0.0.1:<port>/drop/<id>.
struct DropLink {
  std::string id;
  std::string url;
};

// How a wait_for_submission ended.
enum class SubmissionWait {
  submitted,  // the value is in the store under the link's ID
  expired,    // the link's lifetime ran out first
  timed_out,  // the wait's own timeout ran out first
  stopped,    // stop() was called
  cancelled,  // keep_waiting() said to stop (a pending signal, say)
};
[[nodiscard]] std::string_view to_string(SubmissionWait end);

// The one-time Secret Drop web form, on 127.0.0.1 only
// (docs/secret-drop.md, 'The one-time web form', has the whole protocol).
//
//   GET  /drop/<id>        the form: titled with the request's label (HTML-escaped), one masked
//                          input "value" (type=password, autocomplete=off), a hidden "csrf"
//                          input and a submit button. No JavaScript. 404 for an unknown link,
//                          410 once it is used or expired.
//   POST /drop/<id>        application/x-www-form-urlencoded "csrf" and "value". In this order:
//                          404 unknown link; 410 expired; 410 already used; 403 missing or wrong
//                          CSRF token (compared in constant time); 413 a value over
//                          kMaxValueBytes; 400 a blank value (the form again, with a message).
//                          Otherwise the value is stored under the link's ID (field "value",
//                          SecretStore::put_with_id), the link is used up, and the page says
//                          "Received. You can close this page." The value is never echoed, logged
//                          or kept anywhere else.
//   GET  /api/drops/<id>   (only with an API token) Authorization: Bearer <token> → 200
//                          {"id", "label", "fields": {name: value}}; 401 without or with a wrong
//                          bearer (constant-time); 404 unknown (also while a link waits for its
//                          submission); 410 a link that expired unsubmitted.
//   POST /api/requests     (only with an API token) {"label": "..."} → 201 {"id", "url"}: a new
//                          one-time link with the default lifetime; 400 a missing or bad label.
//
// Every response carries Cache-Control: no-store, X-Frame-Options: DENY, X-Content-Type-Options:
// nosniff, Referrer-Policy: no-referrer and the Content-Security-Policy kContentSecurityPolicy.
// A body over kMaxFormBodyBytes (413) or sent in chunks (411) is refused before any of it is read,
// ahead of every other check, with a plain-text message. Then a request whose Host header is not
// exactly the address the server printed ("127.0.0.1:<port>") gets 421, so a page on another
// origin that rebinds its name to 127.0.0.1 can neither read the form nor submit it. Any other
// path is 404, any other method on these paths 405, a POST without a Content-Length 411. Nothing
// about requests is logged; connections are closed after each response.
class DropServer {
 public:
  static constexpr std::chrono::minutes kDefaultLifetime{15};
  // wait_for_submission looks at keep_waiting() at least this often.
  static constexpr std::chrono::milliseconds kWakeInterval{200};
  // A form body carries the CSRF token and the value, percent-encoded (three bytes per byte at
  // worst); anything larger is refused with 413 before it is read.
  static constexpr std::size_t kMaxFormBodyBytes = 3 * kMaxValueBytes + 1024;
  static constexpr std::string_view kContentSecurityPolicy =
      "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; "
      "frame-ancestors 'none'; base-uri 'none'";

  explicit DropServer(SecretStore store, DropServerOptions options = {});
  // Stops the server (see stop()).
  ~DropServer();
  DropServer(const DropServer&) = delete;
  DropServer& operator=(const DropServer&) = delete;

  // Binds 127.0.0.1 on a free port and returns once the server accepts connections. Throws
  // DropServerError when it cannot bind, when the API token file may not be read, or when the
  // server was started before.
  void start();
  // Closes the listening socket, ends idle connections, wakes every waiter and joins the server
  // thread. Prompt, idempotent, safe to call from any thread but a handler's.
  void stop();

  [[nodiscard]] int port() const;
  [[nodiscard]] std::string base_url() const;  // "http://127.0.0.1:<port>"

  // A new one-time link for a secret described by `label` (check_label's rules; SecretStoreError
  // otherwise), valid for `lifetime`. Its ID is a fresh drop ID, and becomes the drop's ID once
  // a value is submitted.
  DropLink open_request(std::string_view label,
                        std::chrono::milliseconds lifetime = kDefaultLifetime);

  // Blocks until link `id` is submitted, expires, the server stops, or `timeout` passes. It sleeps
  // on a condition variable, but wakes at least every kWakeInterval to call `keep_waiting` (when
  // given); returning false ends the wait with SubmissionWait::cancelled. That is how a caller
  // stays responsive to SIGINT: pass `[] { return tas::pending_signal() == 0; }`.
  // Throws DropServerError when no link `id` was opened on this server.
  SubmissionWait wait_for_submission(std::string_view id, std::chrono::milliseconds timeout,
                                     const std::function<bool()>& keep_waiting = {});

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace tas::secret_drop
