#include <algorithm>
#include <cctype>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <regex>
#include <stdexcept>

#include "provider_shapes.hpp"
#include <fmt/format.h>
#include <httplib.h>

#include <tas/fake/fake_llm_server.hpp>
#include <tas/http_server/stoppable_http_server.hpp>

namespace tas::fake {
namespace {

using detail::Provider;
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

struct FakeLlmServer::Impl {
  explicit Impl(FakeLlmOptions options_in) : options(std::move(options_in)) {}

  void handle(Provider provider, const httplib::Request& request, httplib::Response& response);
  // The key check of each provider; false when it answered an error.
  bool authorized(Provider provider, const httplib::Request& request,
                  httplib::Response& response) const;
  // Waits out a scripted delay; false when stop() ended it.
  bool wait(std::chrono::milliseconds delay);

  FakeLlmOptions options;
  http_server::StoppableHttpServer http;

  mutable std::mutex mutex;
  mutable std::condition_variable changed;  // a request arrived, stopping
  std::map<std::string, FakeLlmBehaviour> scripted;
  FakeLlmBehaviour fallback;
  std::vector<FakeLlmRequest> received;
  long next_id = 1;
  int port = 0;
  bool started = false;
  bool stopping = false;
};

namespace {

void answer(httplib::Response& response, int status, const json& body) {
  response.status = status;
  response.set_content(body.dump(-1, ' ', false, json::error_handler_t::replace),
                       "application/json");
}

}  // namespace

bool FakeLlmServer::Impl::authorized(Provider provider, const httplib::Request& request,
                                     httplib::Response& response) const {
  const auto accepts = [this](const std::string& key) {
    return options.api_key.empty() ? !key.empty() : key == options.api_key;
  };
  if (provider == Provider::anthropic) {
    if (!accepts(request.get_header_value("x-api-key"))) {
      answer(response, 401, detail::error_body(provider, 401, "invalid x-api-key"));
      return false;
    }
    if (!request.has_header("anthropic-version")) {
      answer(response, 400,
             detail::error_body(provider, 400, "anthropic-version: header is required"));
      return false;
    }
    return true;
  }
  const std::string authorization = request.get_header_value("Authorization");
  if (!authorization.starts_with("Bearer ")) {
    answer(response, 401,
           detail::error_body(
               provider, 401,
               "You didn't provide an API key. You need to provide your API key in an "
               "Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY)."));
    return false;
  }
  const std::string key = authorization.substr(7);
  if (!accepts(key)) {
    answer(response, 401, detail::error_body(provider, 401, detail::openai_wrong_key_message(key)));
    return false;
  }
  return true;
}

bool FakeLlmServer::Impl::wait(std::chrono::milliseconds delay) {
  if (delay.count() <= 0) return true;
  std::unique_lock lock(mutex);
  return !changed.wait_for(lock, delay, [this] { return stopping; });
}

void FakeLlmServer::Impl::handle(Provider provider, const httplib::Request& request,
                                 httplib::Response& response) {
  const json body = json::parse(request.body, nullptr, /*allow_exceptions=*/false);
  FakeLlmRequest record;
  record.path = request.path;
  for (const auto& [name, value] : request.headers)
    record.headers[lower(name)] = value;
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
  const auto finish = [&](int status, const json& document) {
    answer(response, status, document);
    std::lock_guard lock(mutex);
    received[index].status = status;
  };

  if (!authorized(provider, request, response)) {
    std::lock_guard lock(mutex);
    received[index].status = response.status;
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
    finish(400, detail::error_body(provider, 400, "expected " + expected));
    return;
  }
  if (!wait(behaviour.delay)) {
    finish(503, detail::error_body(provider, 503, "the fake LLM is stopping"));
    return;
  }
  if (behaviour.kind == FakeLlmBehaviour::Kind::http_error) {
    finish(behaviour.status, detail::error_body(provider, behaviour.status, behaviour.text));
    return;
  }
  finish(200, detail::success_body(provider, id, options.model, verdict_text(behaviour),
                                   request.body.size()));
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
  impl.http.Post("/v1/messages",
                 [&impl](const httplib::Request& request, httplib::Response& response) {
                   impl.handle(Provider::anthropic, request, response);
                 });
  impl.http.Post("/v1/chat/completions",
                 [&impl](const httplib::Request& request, httplib::Response& response) {
                   impl.handle(Provider::openai, request, response);
                 });
  // One request per connection: a judge's client sends one request and goes.
  impl.http.set_one_request_per_connection(true);
  const int requested = impl.options.port;
  const int bound = impl.http.serve(std::string(kHost), requested, kMaxConnections);
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
  impl.changed.notify_all();  // ends every scripted delay
  impl.http.stop();
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
