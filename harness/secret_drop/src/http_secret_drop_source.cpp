#include <algorithm>
#include <optional>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <tas/backends/backend_error.hpp>
#include <tas/backends/http_client.hpp>
#include <tas/core/interrupt.hpp>
#include <tas/core/private_file.hpp>
#include <tas/core/progress.hpp>
#include <tas/core/redaction.hpp>
#include <tas/core/secret_shapes.hpp>
#include <tas/core/untrusted_json.hpp>
#include <tas/core/wait.hpp>
#include <tas/secret_drop/http_secret_drop_source.hpp>

namespace tas {
namespace {

using std::chrono::milliseconds;

constexpr std::size_t kMaxIdBytes = 128;
constexpr std::size_t kMaxServerMessageBytes = 200;

double seconds(milliseconds duration) {
  return static_cast<double>(duration.count()) / 1000.0;
}

// An agent's Secret Drop may shape its IDs its own way; what matters here is that an ID is one
// plain path segment and not a secret that was passed by mistake.
bool is_safe_id(std::string_view id) {
  return !id.empty() && id.size() <= kMaxIdBytes && id != "." && id != ".." &&
         std::all_of(id.begin(), id.end(),
                     [](char c) {
                       return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                              (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
                     }) &&
         !whole_value_secret_kind(id) && !find_secret_shape(id);
}

std::string trimmed_base(std::string base) {
  while (!base.empty() && base.back() == '/')
    base.pop_back();
  return base;
}

// The server's own explanation, if its answer carries one: shortened, and with the bearer and
// any raw secret shape removed (an agent's server is not ours to trust with that).
std::string server_says(const HttpResponse& response, const Secret& bearer) {
  const auto body = parse_untrusted_json(response.body).value;
  if (!body.is_object() || !body.contains("error") || !body["error"].is_string()) return {};
  Redactor redactor;
  redactor.add_secret(bearer);
  std::string text = redactor.redact(body["error"].get<std::string>());
  if (text.size() > kMaxServerMessageBytes) text = text.substr(0, kMaxServerMessageBytes) + "…";
  return ": " + text;
}

}  // namespace

HttpSecretDropSource::HttpSecretDropSource(HttpSecretDropOptions options)
    : options_(std::move(options)) {
  options_.base_url = trimmed_base(std::move(options_.base_url));
}

namespace {

Secret read_bearer(const HttpSecretDropOptions& options) {
  OneTokenFile file = read_one_token_file(options.bearer_token_file, "the bearer token file");
  if (file.status != OneTokenFile::Status::ok) {
    throw BackendError(fmt::format("refusing the bearer token file for the Secret Drop at {}: {}",
                                   options.base_url, file.problem));
  }
  return std::move(file.token);
}

HttpResponse call(const HttpSecretDropOptions& options, const Secret& bearer, std::string method,
                  const std::string& path, std::string body, milliseconds timeout) {
  HttpRequest request;
  request.method = std::move(method);
  request.url = options.base_url + path;
  std::string authorization;
  authorization.reserve(7 + bearer.size());
  authorization.append("Bearer ").append(bearer.reveal());
  request.headers = {{"Authorization", std::move(authorization)}, {"Accept", "application/json"}};
  if (!body.empty()) request.headers.emplace_back("Content-Type", "application/json");
  request.body = std::move(body);
  request.timeout = std::max(milliseconds(1), timeout);
  HttpResponse response = http_request(request);
  wipe(request.headers.front().second);
  return response;
}

// The value of a 200 answer to GET /api/drops/<id>: the "value" field, or the only one.
Secret value_of(const HttpSecretDropOptions& options, HttpResponse& response, std::string_view id) {
  auto body = parse_untrusted_json(response.body).value;
  wipe(response.body);
  const auto wipe_body = [&body] {
    if (body.is_object() && body.contains("fields") && body["fields"].is_object()) {
      for (auto& value : body["fields"]) {
        if (value.is_string()) wipe(value.get_ref<std::string&>());
      }
    }
  };
  if (!body.is_object() || !body.contains("fields") || !body["fields"].is_object() ||
      body["fields"].empty()) {
    wipe_body();
    throw BackendError(
        fmt::format("the Secret Drop at {} answered GET /api/drops/{} with something other than "
                    "{{\"id\", \"label\", \"fields\": {{name: value}}}}",
                    options.base_url, id));
  }
  auto& fields = body["fields"];
  const auto chosen = fields.contains("value") ? fields.find("value") : fields.begin();
  if (!fields.contains("value") && fields.size() != 1) {
    std::vector<std::string> names;
    for (const auto& [name, value] : fields.items())
      names.push_back(name);
    wipe_body();
    throw BackendError(fmt::format(
        "drop {} at the Secret Drop at {} has {} fields ({}) and none is called \"value\"", id,
        options.base_url, names.size(), fmt::join(names, ", ")));
  }
  if (!chosen->is_string() || chosen->get_ref<const std::string&>().empty()) {
    wipe_body();
    throw BackendError(
        fmt::format("drop {} at the Secret Drop at {} holds no text value", id, options.base_url));
  }
  Secret value(chosen->get<std::string>());
  wipe_body();
  return value;
}

[[noreturn]] void refused(const HttpSecretDropOptions& options, const HttpResponse& response,
                          const Secret& bearer, std::string_view what) {
  if (response.status == 0) {
    throw BackendError(fmt::format("cannot reach the Secret Drop at {} to {}: {}", options.base_url,
                                   what, response.error));
  }
  if (response.status == 401 || response.status == 403) {
    throw BackendError(fmt::format(
        "the Secret Drop at {} refused the bearer token from {} (HTTP {}) when asked to {}; "
        "check that the file holds that server's API token",
        options.base_url, options.bearer_token_file.string(), response.status, what));
  }
  throw BackendError(fmt::format("the Secret Drop at {} answered HTTP {} when asked to {}{}",
                                 options.base_url, response.status, what,
                                 server_says(response, bearer)));
}

}  // namespace

Secret HttpSecretDropSource::retrieve(std::string_view drop_id) {
  if (!is_safe_id(drop_id)) {
    throw BackendError(fmt::format(
        "expected a Secret Drop ID (letters, digits, '_', '.' or '-', at most {}), got {} "
        "characters that are not one",
        kMaxIdBytes, drop_id.size()));
  }
  const Secret bearer = read_bearer(options_);
  HttpResponse response = call(options_, bearer, "GET", "/api/drops/" + std::string(drop_id), {},
                               options_.request_timeout);
  if (response.status == 200) return value_of(options_, response, drop_id);
  if (response.status == 404) {
    throw BackendError(fmt::format("no drop {} at the Secret Drop at {} (HTTP 404){}", drop_id,
                                   options_.base_url, server_says(response, bearer)));
  }
  refused(options_, response, bearer, fmt::format("retrieve drop {}", drop_id));
}

Secret HttpSecretDropSource::request(std::string_view title, const Deadline& deadline,
                                     ProgressSink& progress) {
  const milliseconds budget = deadline.remaining();
  const Secret bearer = read_bearer(options_);
  const nlohmann::json ask = {{"label", std::string(title)}};
  const HttpResponse opened = call(options_, bearer, "POST", "/api/requests", ask.dump(),
                                   std::min(options_.request_timeout, budget));
  if (opened.status != 201 && opened.status != 200) {
    refused(options_, opened, bearer, "open a one-time request");
  }
  const auto answer = parse_untrusted_json(opened.body).value;
  if (!answer.is_object() || !answer.contains("id") || !answer["id"].is_string() ||
      !answer.contains("url") || !answer["url"].is_string() ||
      !is_safe_id(answer["id"].get_ref<const std::string&>()) ||
      find_secret_shape(answer["url"].get_ref<const std::string&>())) {
    throw BackendError(
        fmt::format("the Secret Drop at {} answered POST /api/requests with something other than "
                    "{{\"id\", \"url\"}}",
                    options_.base_url));
  }
  const std::string id = answer["id"].get<std::string>();
  const std::string url = answer["url"].get<std::string>();
  progress.note(fmt::format(
      "Secret Drop (agent-hosted at {}): open {} and submit \"{}\". It is a one-time link; "
      "waiting up to {:.0f} s (Ctrl-C to stop).",
      options_.base_url, url, title, seconds(budget)));

  std::optional<Secret> value;
  std::string last_trouble;
  // One look: GET the drop. 404 is "not yet"; trouble on the way (a restart of the agent's
  // server, say) may pass, so it is "not yet" too; any other refusal throws.
  const Condition submitted = [&]() {
    HttpResponse response = call(options_, bearer, "GET", "/api/drops/" + id, {},
                                 std::min(options_.request_timeout, deadline.remaining()));
    if (response.status == 200) {
      value = value_of(options_, response, id);
      return Probe::ready();
    }
    if (response.status == 0) {
      last_trouble = fmt::format(" (last attempt: {})", response.error);
      return Probe::not_yet(response.error);
    }
    if (response.status != 404)
      refused(options_, response, bearer, fmt::format("retrieve drop {}", id));
    return Probe::not_yet("nothing submitted yet");
  };
  const std::string what = fmt::format("a Secret Drop submission at {}", url);
  WaitSpec spec{what, deadline};
  spec.interval = options_.poll_interval;
  spec.progress_every = options_.progress_every;
  const WaitOutcome waited = Waiter(deadline.clock(), progress).wait(spec, submitted);
  if (waited.end == WaitOutcome::End::interrupted) {
    throw BackendError(fmt::format("{} while waiting for {}", waited.why, what));
  }
  if (!value) {
    throw BackendError(fmt::format("no token was submitted within {:.0f} s at {}{}",
                                   seconds(budget), url, last_trouble));
  }
  progress.note(fmt::format(
      "Secret Drop: received; the agent's Secret Drop keeps it as {}: use --bot-token {} with "
      "this backend next time",
      id, id));
  return std::move(*value);
}

std::string HttpSecretDropSource::describe() const {
  return fmt::format("agent-hosted Secret Drop at {}", options_.base_url);
}

}  // namespace tas
