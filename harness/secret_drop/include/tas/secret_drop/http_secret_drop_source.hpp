#pragma once

#include <chrono>
#include <filesystem>
#include <string>
#include <string_view>

#include <tas/backends/secret_source.hpp>

namespace tas {

struct HttpSecretDropOptions {
  // Where the agent's Secret Drop serves its API, e.g. "http://127.0.0.1:8737" (a trailing '/'
  // is ignored).
  std::string base_url;
  // A file that holds the API's bearer token (one trailing newline ignored). It must be the
  // user's own with mode 0600 (no permission for group or others); it is read on every call.
  std::filesystem::path bearer_token_file;
  // How often request() asks whether the value has arrived.
  std::chrono::milliseconds poll_interval{500};
  // How often request() says it is still waiting.
  std::chrono::milliseconds progress_every{5000};
  // The bound on each HTTP request.
  std::chrono::milliseconds request_timeout{10000};
};

// Step 1's token from a Secret Drop that an agent hosts itself
// (docs/secret-drop.md, 'The retrieval API (agent-hosted Secret Drop)'), over the API that
// secret_drop::DropServer also serves:
//
//   GET  <base>/api/drops/<id>   Authorization: Bearer <token> → 200 {"id", "label", "fields"}
//   POST <base>/api/requests     {"label": "…"} → 201 {"id", "url"}
//
// retrieve(id) returns the drop's "value" field, or its only field. request(title, …) opens a
// one-time link, shows its URL, and polls GET /api/drops/<id> every poll_interval until it
// answers 200, the deadline passes, or a signal is pending (BackendError each). Every error names
// the server and the token file — never the token, never a value.
class HttpSecretDropSource final : public SecretSource {
 public:
  explicit HttpSecretDropSource(HttpSecretDropOptions options);

  Secret retrieve(std::string_view drop_id) override;
  Secret request(std::string_view title, const Deadline& deadline, ProgressSink& progress) override;
  // "agent-hosted Secret Drop at <base url>"
  [[nodiscard]] std::string describe() const override;

 private:
  HttpSecretDropOptions options_;
};

}  // namespace tas
