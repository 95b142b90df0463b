#pragma once

#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <httplib.h>

#include <tas/core/progress.hpp>
#include <tas/secret_drop/drop_server.hpp>

namespace tas::test {

// One HTTP answer, with its headers (tas::http_request does not keep them; these tests look at
// them, so they talk through httplib's client).
struct Page {
  int status = 0;  // 0: no answer
  std::string body;
  httplib::Headers headers;
  [[nodiscard]] std::string header(const std::string& name) const;
};

using FormFields = std::vector<std::pair<std::string, std::string>>;

// `method` on `url` ("http://127.0.0.1:<port>/path"), with a body of `content_type` when given.
Page send(const std::string& method, const std::string& url, const std::string& body = {},
          const std::string& content_type = {}, const httplib::Headers& headers = {});
Page get_page(const std::string& url, const httplib::Headers& headers = {});
Page post_form(const std::string& url, const FormFields& fields);
std::string form_encode(const FormFields& fields);

// Sends `request` as it is over a new connection to 127.0.0.1:`port` and returns everything the
// server answers until it closes (bounded: 5 s without a byte ends it).
std::string raw_exchange(int port, const std::string& request);

// The value of the form's hidden "csrf" input ("" when there is none).
std::string csrf_of(const std::string& html);
// The first one-time link ("http://127.0.0.1:<port>/drop/<id>") inside `text`, or "".
std::string drop_url_in(std::string_view text);
// The ID at the end of a link.
std::string id_of(const std::string& url);

// Fetches the form at `url` and submits `value` with its CSRF token, as a browser would.
Page submit_form(const std::string& url, const std::string& value);

// Adds a failure naming `context` for each security header the form must send (docs/secret-drop.md)
// that `page` lacks.
void expect_security_headers(const Page& page, std::string_view context);

// A progress sink that keeps every line and calls `on_note` (on the caller's thread) for each
// note: how a test learns a one-time link and acts on it while the code under test waits.
class HookedProgress final : public ProgressSink {
 public:
  explicit HookedProgress(std::function<void(std::string_view)> on_note = {})
      : on_note_(std::move(on_note)) {}

  void step_started(StepId) override {}
  void step_finished(const StepResult&) override {}
  void waiting(std::string_view what, std::chrono::milliseconds waited,
               std::chrono::milliseconds budget) override;
  void note(std::string_view line) override;
  void run_finished(const Report&, const std::vector<std::filesystem::path>&) override {}

  [[nodiscard]] std::string text() const;
  [[nodiscard]] int waiting_lines() const;

 private:
  std::function<void(std::string_view)> on_note_;
  mutable std::mutex mutex_;
  std::string text_;
  int waiting_lines_ = 0;
};

// Server options with an API token file (empty: no API) and a clock (null: the system's).
secret_drop::DropServerOptions server_options(std::filesystem::path api_token_file,
                                              std::shared_ptr<Clock> clock = {});

}  // namespace tas::test
