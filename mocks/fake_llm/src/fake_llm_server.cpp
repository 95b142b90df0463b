#include <algorithm>
#include <cctype>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <regex>
#include <stdexcept>
#include <utility>

#include "provider_shapes.hpp"
#include <fmt/format.h>

#include <tas/fake/fake_llm_server.hpp>
#include <tas/http_server/http_server.hpp>

namespace tas::fake {
namespace {

using detail::Provider;
using http_server::HttpRequest;
using http_server::HttpResponse;
using http_server::PendingResponse;
using nlohmann::json;

constexpr std::string_view kHost = "127.0.0.1";
constexpr std::size_t kMaxConnections = 64;

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

// The text of a message's "content": a string, or a list of {"type": "text", "text"} blocks.
std::string content_text(const json& content) {
  if (content.is_string()) return content.get<std::string>();
  std::string text;
  if (content.is_array()) {
    for (const json& block : content) {
      if (block.is_object() && block.contains("text") && block["text"].is_string()) {
        text += block["text"].get<std::string>();
      }
    }
  }
  return text;
}

// The step named by the prompt's "Step: <number> <name>" line (judge_prompt.hpp), or "".
std::string step_named_in(const json& body) {
  static const std::regex kStepLine(R"(Step: \d+ ([a-z-]+))");
  if (!body.is_object() || !body.contains("messages") || !body["messages"].is_array()) return {};
  for (const json& message : body["messages"]) {
    if (!message.is_object() || message.value("role", "") != "user") continue;
    const std::string text = content_text(message.value("content", json()));
    std::smatch match;
    if (std::regex_search(text, match, kStepLine)) return match[1].str();
  }
  return {};
}

std::string verdict_text(const FakeLlmBehaviour& behaviour) {
  switch (behaviour.kind) {
    case FakeLlmBehaviour::Kind::verdict:
      return json{{"proceed", behaviour.proceed}, {"reason", behaviour.reason}}.dump();
    case FakeLlmBehaviour::Kind::no_reason:
      return json{{"proceed", behaviour.proceed}}.dump();
    case FakeLlmBehaviour::Kind::raw:
    case FakeLlmBehaviour::Kind::http_error:
      break;
  }
  return behaviour.text;
}

}  // namespace

namespace {

// An answer held back by a scripted delay: sent when the delay is over, or 503 at stop().
struct DelayedAnswer {
  std::shared_ptr<PendingResponse> pending;
  Provider provider;
  std::size_t index;  // in `received`
  int status;
  json document;
};

HttpResponse json_response(int status, const json& body) {
  return {.status = status,
          .content_type = "application/json",
          .body = body.dump(-1, ' ', false, json::error_handler_t::replace),
          .headers = {}};
}

}  // namespace

struct FakeLlmServer::Impl {
  explicit Impl(FakeLlmOptions options_in)
      : options(std::move(options_in)),
        // One request per connection: a judge's client sends one request and goes.
        http([this](const std::shared_ptr<PendingResponse>& pending) { route(pending); },
             {.max_connections = kMaxConnections, .one_request_per_connection = true}) {}

  void route(const std::shared_ptr<PendingResponse>& pending);
  void handle(Provider provider, const std::shared_ptr<PendingResponse>& pending);
  // The key check of each provider: the error to answer, or nullopt when the key is good.
  [[nodiscard]] std::optional<std::pair<int, json>> refusal_of(Provider provider,
                                                               const HttpRequest& request) const;
  // Answers request `index` with `status` and `document`, and records the status.
  void finish(const std::shared_ptr<PendingResponse>& pending, std::size_t index, int status,
              const json& document);
  // Sends the delayed answer to request `index`, unless stop() has answered it already.
  void answer_delayed(std::size_t index);

  FakeLlmOptions options;

  mutable std::mutex mutex;
  mutable std::condition_variable changed;  // a request arrived
  std::map<std::string, FakeLlmBehaviour> scripted;
  FakeLlmBehaviour fallback;
  std::vector<FakeLlmRequest> received;
  // Waiting out their delays on the server's timers, which cost no thread; by request index.
  std::map<std::size_t, DelayedAnswer> delayed;
  long next_id = 1;
  int port = 0;
  bool started = false;
  bool stopping = false;

  // Last, so that it goes first: its thread uses everything above until it is joined.
  http_server::HttpServer http;
};

void FakeLlmServer::Impl::route(const std::shared_ptr<PendingResponse>& pending) {
  const HttpRequest& request = pending->request();
  if (request.method == "POST" && request.path == "/v1/messages") {
    handle(Provider::anthropic, pending);
  } else if (request.method == "POST" && request.path == "/v1/chat/completions") {
    handle(Provider::openai, pending);
  } else {
    pending->respond(
        json_response(404, {{"error", "expected POST /v1/messages or POST /v1/chat/completions"}}));
  }
}

std::optional<std::pair<int, json>> FakeLlmServer::Impl::refusal_of(
    Provider provider, const HttpRequest& request) const {
  const auto accepts = [this](const std::string* key) {
    if (key == nullptr) return false;
    return options.api_key.empty() ? !key->empty() : *key == options.api_key;
  };
  if (provider == Provider::anthropic) {
    if (!accepts(request.header("x-api-key"))) {
      return std::pair{401, detail::error_body(provider, 401, "invalid x-api-key")};
    }
    if (request.header("anthropic-version") == nullptr) {
      return std::pair{400,
                       detail::error_body(provider, 400, "anthropic-version: header is required")};
    }
    return std::nullopt;
  }
  const std::string* authorization = request.header("Authorization");
  if (authorization == nullptr || !authorization->starts_with("Bearer ")) {
    return std::pair{
        401, detail::error_body(
                 provider, 401,
                 "You didn't provide an API key. You need to provide your API key in an "
                 "Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).")};
  }
  const std::string key = authorization->substr(7);
  if (!accepts(&key)) {
    return std::pair{401, detail::error_body(provider, 401, detail::openai_wrong_key_message(key))};
  }
  return std::nullopt;
}

void FakeLlmServer::Impl::finish(const std::shared_ptr<PendingResponse>& pending, std::size_t index,
                                 int status, const json& document) {
  {
    std::lock_guard lock(mutex);
    received[index].status = status;
  }
  pending->respond(json_response(status, document));
}

void FakeLlmServer::Impl::handle(Provider provider,
                                 const std::shared_ptr<PendingResponse>& pending) {
  const HttpRequest& request = pending->request();
  const json body = json::parse(request.body, nullptr, /*allow_exceptions=*/false);
  FakeLlmRequest record;
  record.path = request.path;
  for (const auto& header : request.headers)
    record.headers[lower(header.name)] = header.value;
  record.body = request.body;
  record.step = step_named_in(body);
  std::size_t index = 0;
  FakeLlmBehaviour behaviour;
  std::string id;
  {
    std::lock_guard lock(mutex);
    index = received.size();
    received.push_back(record);
    const auto it = scripted.find(record.step);
    behaviour = it == scripted.end() ? fallback : it->second;
    id = fmt::format("fake{:08d}", next_id++);
  }
  changed.notify_all();

  if (auto refusal = refusal_of(provider, request)) {
    finish(pending, index, refusal->first, refusal->second);
    return;
  }
  const bool shape_ok = body.is_object() && body.contains("model") && body["model"].is_string() &&
                        body.contains("messages") && body["messages"].is_array() &&
                        !body["messages"].empty() &&
                        (provider == Provider::openai ||
                         (body.contains("max_tokens") && body["max_tokens"].is_number_integer()));
  if (!shape_ok) {
    const std::string expected = provider == Provider::anthropic
                                     ? "a JSON body with model, max_tokens and messages"
                                     : "a JSON body with model and messages";
    finish(pending, index, 400, detail::error_body(provider, 400, "expected " + expected));
    return;
  }
  DelayedAnswer answer{pending, provider, index, 200, {}};
  if (behaviour.kind == FakeLlmBehaviour::Kind::http_error) {
    answer.status = behaviour.status;
    answer.document = detail::error_body(provider, behaviour.status, behaviour.text);
  } else {
    answer.document = detail::success_body(provider, id, options.model, verdict_text(behaviour),
                                           request.body.size());
  }
  if (behaviour.delay.count() > 0) {
    std::unique_lock lock(mutex);
    if (!stopping) {
      delayed.emplace(index, std::move(answer));
      lock.unlock();
      pending->on_no_response_within(behaviour.delay, [this, index] { answer_delayed(index); });
      return;
    }
    lock.unlock();
    finish(pending, index, 503, detail::error_body(provider, 503, "the fake LLM is stopping"));
    return;
  }
  finish(pending, index, answer.status, answer.document);
}

void FakeLlmServer::Impl::answer_delayed(std::size_t index) {
  std::optional<DelayedAnswer> answer;
  {
    std::lock_guard lock(mutex);
    const auto found = delayed.find(index);
    if (found == delayed.end()) return;
    answer = std::move(found->second);
    delayed.erase(found);
  }
  finish(answer->pending, index, answer->status, answer->document);
}

FakeLlmServer::FakeLlmServer(FakeLlmOptions options)
    : impl_(std::make_unique<Impl>(std::move(options))) {}

FakeLlmServer::~FakeLlmServer() {
  stop();
}

void FakeLlmServer::start() {
  auto& impl = *impl_;
  std::unique_lock lock(impl.mutex);
  if (impl.started || impl.stopping) {
    throw std::runtime_error("fake LLM: start() again; construct a new server instead");
  }
  const int requested = impl.options.port;
  const int bound = impl.http.serve(std::string(kHost), requested);
  if (bound <= 0) {
    const int error = errno;
    throw std::runtime_error(
        fmt::format("fake LLM: expected to bind {}:{}, failed: {}", kHost,
                    requested == 0 ? std::string("<any port>") : std::to_string(requested),
                    std::strerror(error)));
  }
  impl.port = bound;
  impl.started = true;
}

void FakeLlmServer::stop() {
  auto& impl = *impl_;
  {
    std::lock_guard lock(impl.mutex);
    if (impl.stopping) return;
    impl.stopping = true;
  }
  // Every scripted delay ends: its request is answered 503 while the answer can still go out.
  impl.http.stop([&impl] {
    std::map<std::size_t, DelayedAnswer> cut_short;
    {
      std::lock_guard lock(impl.mutex);
      cut_short.swap(impl.delayed);
    }
    for (auto& [index, answer] : cut_short) {
      impl.finish(answer.pending, index, 503,
                  detail::error_body(answer.provider, 503, "the fake LLM is stopping"));
    }
  });
}

int FakeLlmServer::port() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->port;
}

std::string FakeLlmServer::base_url() const {
  return fmt::format("http://{}:{}", kHost, port());
}

std::string FakeLlmServer::anthropic_endpoint() const {
  return base_url() + "/v1/messages";
}

std::string FakeLlmServer::openai_endpoint() const {
  return base_url() + "/v1/chat/completions";
}

void FakeLlmServer::script(const std::string& step, FakeLlmBehaviour behaviour) {
  std::lock_guard lock(impl_->mutex);
  impl_->scripted[step] = std::move(behaviour);
}

void FakeLlmServer::script_default(FakeLlmBehaviour behaviour) {
  std::lock_guard lock(impl_->mutex);
  impl_->fallback = std::move(behaviour);
}

void FakeLlmServer::load_script(const nlohmann::json& script) {
  if (!script.is_object()) {
    throw std::invalid_argument(
        "fake LLM script: expected {\"<step name>\" | \"default\": <behaviour>, …}, found " +
        script.dump());
  }
  // Every behaviour is read before any is installed: a bad script changes nothing.
  std::map<std::string, FakeLlmBehaviour> behaviours;
  for (const auto& [step, behaviour] : script.items()) {
    behaviours[step] = FakeLlmBehaviour::from_json(behaviour);
  }
  for (auto& [step, behaviour] : behaviours) {
    if (step == "default") {
      script_default(std::move(behaviour));
    } else {
      this->script(step, std::move(behaviour));
    }
  }
}

std::size_t FakeLlmServer::calls() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->received.size();
}

std::vector<FakeLlmRequest> FakeLlmServer::requests() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->received;
}

bool FakeLlmServer::wait_for_calls(std::size_t count, std::chrono::milliseconds timeout) const {
  std::unique_lock lock(impl_->mutex);
  return impl_->changed.wait_for(lock, timeout,
                                 [this, count] { return impl_->received.size() >= count; });
}

}  // namespace tas::fake
